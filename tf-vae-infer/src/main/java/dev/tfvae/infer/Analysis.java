package dev.tfvae.infer;

/**
 * What {@link VaeModel#analyze} computed for one example, in one pass of the encoder; a part that was
 * not asked for is {@code null}.
 *
 * @param mean μ, the embedding (length L)
 * @param logVariance log σ² (length L); also {@code null} for a plain autoencoder
 * @param score the anomaly scores
 * @param reconstruction the reconstruction decoded from z = μ
 */
public record Analysis(float[] mean, float[] logVariance, Score score, float[] reconstruction) {
  /** The parts {@link VaeModel#analyze} can compute. */
  public enum Part {
    /** μ. */
    MEAN,
    /** log σ² (VAEs only). */
    LOG_VARIANCE,
    /** negative ELBO, reconstruction loss and KL ({@link Score}). */
    SCORE,
    /** the reconstruction from z = μ. */
    RECONSTRUCTION
  }
}
