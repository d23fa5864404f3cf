package dev.tfvae.train.analysis;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.train.data.Split;
import java.util.SplittableRandom;

/**
 * Three numbers for the claim that a plain autoencoder's latent space has gaps and a VAE's is continuous.
 * Lower means more continuous for all three.
 *
 * <ul>
 *   <li><b>prior gap</b>: decode {@code z ~ N(0, I)} and measure how far each sample lands from its nearest
 *       training example, relative to that example's energy ({@code ‖y − x‖² / ‖x‖²}, mean over samples);
 *       divide by the same for reconstructions of held-out examples. Decoded outputs are compared with
 *       decoded outputs, so blur cancels: near 1 the prior's samples match training examples as well as
 *       reconstructions do; far above 1 they fall in gaps. (The relative distance keeps a dim, empty
 *       output from counting as close to every dark image.)
 *   <li><b>path jumpiness</b>: decode K+1 evenly spaced points on the straight line between the codes of
 *       two held-out examples and take the largest step between consecutive outputs over the mean step
 *       (Euclidean); averaged over pairs. 1 means the output changes evenly along the path; a path that
 *       crosses a gap changes abruptly in one step.
 *   <li><b>path realism</b>: decode the midpoint of the straight line between the codes of two held-out
 *       examples and measure, as for the prior gap, its relative distance to the nearest training example;
 *       divide by the same for the reconstructions of the two endpoints. Near 1 the middle of a path is
 *       as data-like as its ends; far above 1 the path passes through a gap. Unlike the jumpiness it does
 *       not reward a path that is even but crosses empty space.
 * </ul>
 */
public final class LatentContinuity {
  private LatentContinuity() {}

  /**
   * The prior gap of {@code codec}.
   *
   * @param train the reference examples for nearest neighbours
   * @param heldOut examples whose reconstructions set the scale
   * @param samples number of prior samples (and of held-out examples used)
   * @param seed seed of the prior samples
   */
  public static double priorGap(Codec codec, Split train, Split heldOut, int samples, long seed) {
    checkArgument(samples > 0, "samples must be positive: %s", samples);
    float[][] codes = standardNormal(samples, codec.latentDim(), seed);
    float[][] generated = codec.decode(codes);
    float[][] reconstructions = codec.reconstruct(rows(heldOut.head(samples)));
    try (NearestNeighbours index = new NearestNeighbours(train, true)) {
      return mean(index.nearestSquaredDistances(generated))
          / mean(index.nearestSquaredDistances(reconstructions));
    }
  }

  /**
   * The path jumpiness of {@code codec} over {@code pairs} pairs of examples of {@code heldOut} (example
   * 2k to 2k+1), each path decoded at {@code steps + 1} points.
   */
  public static double pathJumpiness(Codec codec, Split heldOut, int pairs, int steps) {
    checkArgument(steps >= 2, "a path needs at least 2 steps: %s", steps);
    checkArgument(
        heldOut.count() >= 2 * pairs, "%s pairs need %s examples, have %s", pairs, 2 * pairs,
        heldOut.count());
    float[][] ends = codec.encode(rows(heldOut.head(2 * pairs)));
    double total = 0;
    for (int p = 0; p < pairs; p++) {
      float[][] path = new float[steps + 1][];
      for (int s = 0; s <= steps; s++) {
        path[s] = lerp(ends[2 * p], ends[2 * p + 1], s / (double) steps);
      }
      total += jumpiness(codec.decode(path));
    }
    return total / pairs;
  }

  /**
   * The path realism of {@code codec} over {@code pairs} pairs of examples of {@code heldOut} (example 2k
   * and 2k+1): the mean relative nearest-neighbour distance to {@code train} of the decoded midpoints,
   * over the same mean for the reconstructions of the 2·pairs endpoints.
   */
  public static double pathRealism(Codec codec, Split train, Split heldOut, int pairs) {
    checkArgument(pairs > 0, "pairs must be positive: %s", pairs);
    checkArgument(
        heldOut.count() >= 2 * pairs, "%s pairs need %s examples, have %s", pairs, 2 * pairs,
        heldOut.count());
    float[][] ends = codec.encode(rows(heldOut.head(2 * pairs)));
    float[][] middles = new float[pairs][];
    for (int p = 0; p < pairs; p++) {
      middles[p] = lerp(ends[2 * p], ends[2 * p + 1], 0.5);
    }
    try (NearestNeighbours index = new NearestNeighbours(train, true)) {
      return mean(index.nearestSquaredDistances(codec.decode(middles)))
          / mean(index.nearestSquaredDistances(codec.decode(ends)));
    }
  }

  /** Largest over mean Euclidean distance between consecutive rows (1 if nothing moves). */
  static double jumpiness(float[][] outputs) {
    double max = 0;
    double sum = 0;
    for (int s = 1; s < outputs.length; s++) {
      double d = 0;
      for (int j = 0; j < outputs[s].length; j++) {
        double diff = outputs[s][j] - outputs[s - 1][j];
        d += diff * diff;
      }
      d = Math.sqrt(d);
      max = Math.max(max, d);
      sum += d;
    }
    double mean = sum / (outputs.length - 1);
    return mean == 0 ? 1 : max / mean;
  }

  static float[] lerp(float[] a, float[] b, double t) {
    float[] out = new float[a.length];
    for (int j = 0; j < a.length; j++) {
      out[j] = (float) ((1 - t) * a[j] + t * b[j]);
    }
    return out;
  }

  /** {@code n} draws from N(0, I) in {@code dim} dimensions (Box–Muller on a seeded generator). */
  public static float[][] standardNormal(int n, int dim, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] out = new float[n][dim];
    for (float[] row : out) {
      for (int j = 0; j < dim; j++) {
        double u = 1 - random.nextDouble();
        row[j] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
      }
    }
    return out;
  }

  public static float[][] rows(Split split) {
    float[][] out = new float[split.count()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = split.example(i);
    }
    return out;
  }

  private static double mean(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s / values.length;
  }
}
