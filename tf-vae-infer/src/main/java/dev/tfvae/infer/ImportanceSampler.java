package dev.tfvae.infer;

import static dev.tfvae.core.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The importance-weighted bound on −log p(x) (IWAE) with K draws per example from the encoder's q(z|x):
 * {@code −log (1/K Σ_k p(x|z_k) p(z_k) / q(z_k|x))}, in nats. The one implementation tf-vae has: the CLI's
 * {@code eval}, {@code score} and {@code anomaly} call it through {@link VaeModel#importanceScores}.
 *
 * <p>The draws of example x are seeded by the seed and x's values, so a result depends on the example
 * alone, not on its position or on the other examples of the batch. Work goes in chunks of at most
 * {@value #ROWS_PER_CHUNK} (example, draw) pairs, so memory stays bounded whatever the batch and K.
 */
final class ImportanceSampler {
  /** The most draws per example. */
  static final int MAX_SAMPLES = 10_000;

  /** The most draws of one call, over all its examples: bounds the work a caller can ask for. */
  static final long MAX_TOTAL_DRAWS = 100_000_000L;

  /** (example, draw) pairs decoded per chunk. */
  static final int ROWS_PER_CHUNK = 16_384;

  private final VaeModel model;

  ImportanceSampler(VaeModel model) {
    this.model = model;
  }

  /** @param labels each example's label for a conditional model, else {@code null} (both checked) */
  double[] scores(float[][] xs, int[] labels, int samples, long seed) {
    checkArgument(samples > 0 && samples <= MAX_SAMPLES, "samples must be in 1..%s, got %s",
        MAX_SAMPLES, samples);
    InputChecks.checkShape(xs, model.inputSize(), "x");
    checkArgument((long) xs.length * samples <= MAX_TOTAL_DRAWS,
        "%s examples × %s samples is more than %s draws in one call; pass fewer examples per call",
        xs.length, samples, MAX_TOTAL_DRAWS);
    double[] out = new double[xs.length];
    int perChunk = Math.max(1, ROWS_PER_CHUNK / samples);
    for (int from = 0; from < xs.length; from += perChunk) {
      int to = Math.min(xs.length, from + perChunk);
      float[][] chunk = Arrays.copyOfRange(xs, from, to);
      double[] scores =
          chunk(chunk, labels == null ? null : Arrays.copyOfRange(labels, from, to), samples, seed);
      System.arraycopy(scores, 0, out, from, scores.length);
    }
    return out;
  }

  private double[] chunk(float[][] xs, int[] labels, int samples, long seed) {
    List<LatentCode> codes = model.encode(xs, labels);
    int latentDim = model.latentDim();
    int total = xs.length * samples;
    float[][] repeated = new float[total][];
    int[] repeatedLabels = labels == null ? null : new int[total];
    float[][] z = new float[total][latentDim];
    double[] latentTerm = new double[total];
    for (int i = 0; i < xs.length; i++) {
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + Arrays.hashCode(xs[i]));
      float[] mean = codes.get(i).mean();
      float[] logVariance = codes.get(i).logVariance();
      for (int k = 0; k < samples; k++) {
        int row = i * samples + k;
        repeated[row] = xs[i];
        if (labels != null) {
          repeatedLabels[row] = labels[i];
        }
        double term = 0;
        for (int j = 0; j < latentDim; j++) {
          double eps = gaussian(random);
          double zj = mean[j] + Math.exp(0.5 * logVariance[j]) * eps;
          z[row][j] = (float) zj;
          // log N(z; 0, I) − log N(z; μ, σ²) = ½ Σ (ε² + log σ² − z²)
          term += 0.5 * (eps * eps + logVariance[j] - zj * zj);
        }
        latentTerm[row] = term;
      }
    }
    float[] logLikelihood = model.logLikelihood(repeated, z, repeatedLabels);
    double[] out = new double[xs.length];
    double[] w = new double[samples];
    for (int i = 0; i < xs.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < samples; k++) {
        int row = i * samples + k;
        w[k] = logLikelihood[row] + latentTerm[row];
        max = Math.max(max, w[k]);
      }
      double sum = 0;
      for (double v : w) {
        sum += Math.exp(v - max);
      }
      out[i] = -(max + Math.log(sum / samples));
    }
    return out;
  }

  /** A standard normal draw (Box–Muller). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
