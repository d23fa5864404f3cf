package dev.tfvae.infer;

/** How {@link LatentSpace#interpolate} moves between two codes. */
public enum Interpolation {
  /** Straight line: (1 − t)·a + t·b. */
  LINEAR,
  /**
   * Great-circle interpolation (slerp) of the codes as vectors, which keeps their norm where a straight
   * line would pass closer to the origin than typical codes lie.
   */
  SPHERICAL
}
