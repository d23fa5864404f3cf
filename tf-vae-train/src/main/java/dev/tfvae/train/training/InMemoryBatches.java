package dev.tfvae.train.training;

import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.Split;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Batches of a training set held in memory: the whole set is one native tensor fed to every step with
 * the rows of its batch, which the graph gathers, so no batch is copied from Java; one index tensor per
 * batch size is refilled every step. A conditional model's one-hot labels are fed the same way, one
 * {@code [examples, classes]} tensor whose rows the graph gathers with the batch's. An epoch's order is
 * {@link VaeTrainer#permutation}, a full shuffle.
 */
final class InMemoryBatches implements Batches {
  static final String ORDER = "in memory: a full shuffle per epoch";

  private final TrainingGraph graph;
  private final TFloat32 trainingData;
  /** Every training example's one-hot label for a conditional model, else {@code null}. */
  private final TFloat32 trainingLabels;
  private final TInt32 fullBatch;
  private final TInt32 partialBatch;
  private final int examples;
  private final int batchSize;
  private final long seed;
  private int[] order;

  InMemoryBatches(TrainingGraph graph, VaeConfig model, Split train, int batchSize, long seed) {
    this.graph = graph;
    this.examples = train.count();
    this.batchSize = batchSize;
    this.seed = seed;
    int steps = (examples + batchSize - 1) / batchSize;
    int lastBatch = examples - (steps - 1) * batchSize;
    TFloat32 data =
        TFloat32.tensorOf(
            Shape.of(model.batchShape(examples)), DataBuffers.of(train.values(), true, false));
    TFloat32 labels = null;
    TInt32 full = null;
    try {
      labels = model.conditional() ? ClassLabels.oneHot(train, model) : null;
      full = TInt32.tensorOf(Shape.of(batchSize));
      this.partialBatch = TInt32.tensorOf(Shape.of(lastBatch));
    } catch (RuntimeException e) {
      data.close();
      if (labels != null) {
        labels.close();
      }
      if (full != null) {
        full.close();
      }
      throw e;
    }
    this.trainingData = data;
    this.trainingLabels = labels;
    this.fullBatch = full;
  }

  @Override
  public void startEpoch(int epoch, int firstStep) {
    order = VaeTrainer.permutation(examples, seed, epoch);
  }

  @Override
  public void feed(Session.Runner runner, int start, int count) {
    TInt32 rows = count == batchSize ? fullBatch : partialBatch;
    rows.asRawTensor().data().asInts().write(order, start, count);
    runner.feed(graph.trainingData, trainingData).feed(graph.indices, rows);
    if (trainingLabels != null) {
      runner.feed(graph.trainingLabels, trainingLabels);
    }
  }

  @Override
  public String order() {
    return ORDER;
  }

  @Override
  public void close() {
    trainingData.close();
    if (trainingLabels != null) {
      trainingLabels.close();
    }
    fullBatch.close();
    partialBatch.close();
  }
}
