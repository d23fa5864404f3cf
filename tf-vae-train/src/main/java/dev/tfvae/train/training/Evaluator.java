package dev.tfvae.train.training;

import dev.tfvae.train.data.Split;
import java.util.Arrays;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Computes {@link EvalMetrics} with a session over a {@link TrainingGraph} (training or restored). The
 * noise is keyed by {@code seed} and the batch, so an evaluation is repeatable.
 */
final class Evaluator {
  private static final int BATCH = 1000;
  private static final double ACTIVE_UNIT_THRESHOLD = 0.01;

  private final Session session;
  private final TrainingGraph graph;

  Evaluator(Session session, TrainingGraph graph) {
    this.session = session;
    this.graph = graph;
  }

  /**
   * @param split the examples
   * @param seed noise seed
   * @param iwaeSamples K for the importance-weighted bound, 0 to skip it
   * @param iwaeLimit compute the bound on the first this-many examples only
   */
  EvalMetrics evaluate(Split split, long seed, int iwaeSamples, int iwaeLimit) {
    int n = split.count();
    int latent = graph.config.latentDim();
    double recon = 0;
    double kl = 0;
    double reconMu = 0;
    double squared = 0;
    double[] meanSum = new double[latent];
    double[] meanSquares = new double[latent];
    for (int start = 0, b = 0; start < n; start += BATCH, b++) {
      int count = Math.min(BATCH, n - start);
      try (TFloat32 x = batch(split, start, count);
          TInt64 noise = TInt64.vectorOf(seed, b);
          Result r =
              session
                  .runner()
                  .feed(graph.x, x)
                  .feed(graph.noiseSeed, noise)
                  .fetch(graph.recon)
                  .fetch(graph.kl)
                  .fetch(graph.reconAtMean)
                  .fetch(graph.squaredError)
                  .fetch(graph.mean)
                  .run()) {
        recon += sum(r, 0, count);
        kl += sum(r, 1, count);
        reconMu += sum(r, 2, count);
        squared += sum(r, 3, count);
        float[] means = read(r, 4, count * latent);
        for (int i = 0; i < count; i++) {
          for (int j = 0; j < latent; j++) {
            double m = means[i * latent + j];
            meanSum[j] += m;
            meanSquares[j] += m * m;
          }
        }
      }
    }
    int active = 0;
    for (int j = 0; j < latent; j++) {
      double mu = meanSum[j] / n;
      if (meanSquares[j] / n - mu * mu > ACTIVE_UNIT_THRESHOLD) {
        active++;
      }
    }
    double iwae = Double.NaN;
    int iwaeExamples = 0;
    if (iwaeSamples > 0) {
      Split head = split.head(iwaeLimit);
      iwaeExamples = head.count();
      iwae = iwaeNll(head, seed, iwaeSamples);
    }
    return new EvalMetrics(
        (recon + kl) / n,
        (reconMu + kl) / n,
        recon / n,
        kl / n,
        squared / ((double) n * split.exampleSize()),
        active,
        iwae,
        iwaeSamples,
        iwaeExamples,
        n);
  }

  /**
   * −log (1/K Σ_k w_k) averaged over examples, w_k = p(x|z_k) p(z_k) / q(z_k|x), with a numerically
   * stable log-sum-exp in double precision.
   */
  double iwaeNll(Split split, long seed, int samples) {
    int n = split.count();
    double total = 0;
    for (int start = 0, b = 0; start < n; start += BATCH, b++) {
      int count = Math.min(BATCH, n - start);
      double[][] logWeights = new double[count][samples];
      try (TFloat32 x = batch(split, start, count)) {
        for (int k = 0; k < samples; k++) {
          // Stream (b, k): a different noise draw from the one used for neg_elbo.
          try (TInt64 noise = TInt64.vectorOf(seed ^ 0x1AE5_1AE5L, ((long) b << 32) | k);
              Result r =
                  session
                      .runner()
                      .feed(graph.x, x)
                      .feed(graph.noiseSeed, noise)
                      .fetch(graph.logWeight)
                      .run()) {
            float[] w = read(r, 0, count);
            for (int i = 0; i < count; i++) {
              logWeights[i][k] = w[i];
            }
          }
        }
      }
      for (double[] w : logWeights) {
        double max = Arrays.stream(w).max().orElseThrow();
        double s = 0;
        for (double v : w) {
          s += Math.exp(v - max);
        }
        total += -(max + Math.log(s / samples));
      }
    }
    return total / n;
  }

  private TFloat32 batch(Split split, int start, int count) {
    int size = split.exampleSize();
    float[] values = Arrays.copyOfRange(split.values(), start * size, (start + count) * size);
    return TFloat32.tensorOf(
        Shape.of(graph.config.batchShape(count)), DataBuffers.of(values, true, false));
  }

  private static double sum(Result r, int index, int count) {
    double s = 0;
    for (float v : read(r, index, count)) {
      s += v;
    }
    return s;
  }

  static float[] read(Result r, int index, int count) {
    float[] out = new float[count];
    ((TFloat32) r.get(index)).copyTo(DataBuffers.of(out, false, false));
    return out;
  }
}
