package dev.tfvae.train.training;

import dev.tfvae.train.data.ExampleSource;
import dev.tfvae.train.data.Split;
import java.io.IOException;
import java.util.Arrays;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Computes the single-sample {@link EvalMetrics} with a session over a {@link TrainingGraph} (training or
 * restored). The noise is keyed by {@code seed} and the batch, so an evaluation is repeatable. The
 * importance-weighted bound is not computed here: {@link ModelEvaluation} takes it from tf-vae-infer's
 * {@code VaeModel.importanceScores}, its one implementation.
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
   * @param split the examples, in model-input form
   * @param seed noise seed
   */
  EvalMetrics evaluate(ExampleSource split, long seed) throws IOException {
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
          TFloat32 label = graph.label == null ? null : labels(split, start, count);
          TInt64 noise = TInt64.vectorOf(seed, b);
          Result r =
              feedLabel(session.runner(), label)
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
    return new EvalMetrics(
        (recon + kl) / n,
        (reconMu + kl) / n,
        recon / n,
        kl / n,
        squared / ((double) n * split.exampleSize()),
        active,
        Double.NaN,
        0,
        0,
        n);
  }

  private Session.Runner feedLabel(Session.Runner runner, TFloat32 label) {
    return label == null ? runner : runner.feed(graph.label, label);
  }

  /**
   * The one-hot labels of examples {@code [start, start + count)} of a conditional model's split, which
   * must be in memory with its labels (streamed examples carry none).
   */
  private TFloat32 labels(ExampleSource source, int start, int count) {
    if (!(source instanceof Split split) || split.labels() == null) {
      throw new IllegalArgumentException(
          "the model is conditional (" + graph.config.classes() + " classes) but the data has no"
              + " labels in memory");
    }
    int[] rows = Arrays.copyOfRange(split.labels(), start, start + count);
    return TFloat32.tensorOf(
        Shape.of(count, graph.config.classes()),
        DataBuffers.of(ClassLabels.oneHotValues(rows, graph.config.classes()), true, false));
  }

  private TFloat32 batch(ExampleSource split, int start, int count) throws IOException {
    float[] values = new float[count * split.exampleSize()];
    split.read(start, count, values);
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
