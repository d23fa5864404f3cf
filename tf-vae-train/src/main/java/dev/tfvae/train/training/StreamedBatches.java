package dev.tfvae.train.training;

import com.google.common.base.Preconditions;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.ExampleSource;
import java.io.IOException;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Batches read from disk in the order of {@link StreamOrder}: one window of chunks is held on the Java
 * heap at a time, and each step copies its batch from it into a batch tensor fed as the model input.
 * Memory: one window, one chunk being read, one batch, whatever the dataset's size.
 */
final class StreamedBatches implements Batches {
  private final TrainingGraph graph;
  private final ExampleSource source;
  private final StreamOrder order;
  private final StreamSettings settings;
  private final int batchSize;
  private final int size;
  private final TFloat32 fullBatch;
  private final TFloat32 partialBatch;
  private final float[] window;
  private final float[] chunk;
  private final float[] batch;
  private int epoch;
  private int[] chunkOrder;
  private int windowIndex;
  private int[] windowOrder;
  private int cursor;
  private long position;

  StreamedBatches(
      TrainingGraph graph, VaeConfig model, ExampleSource source, StreamSettings settings,
      int batchSize, long seed) {
    this.graph = graph;
    this.source = source;
    this.settings = settings;
    this.batchSize = batchSize;
    this.size = source.exampleSize();
    this.order = new StreamOrder(source.count(), settings, seed);
    long windowExamples = Math.min(settings.windowExamples(), source.count());
    long windowBytes = 4 * windowExamples * size;
    long heap = Runtime.getRuntime().maxMemory();
    if (windowExamples * size > Integer.MAX_VALUE - 8 || windowBytes > heap / 2) {
      throw new IllegalArgumentException(String.format(
          "a shuffle window of %d chunks of %d examples of %d values needs %d MiB, more than half the"
              + " Java heap (%d MiB); lower --shuffle-chunks or --chunk-examples, or give Java more"
              + " heap (-Xmx)",
          settings.windowChunks(), settings.chunkExamples(), size, windowBytes >> 20, heap >> 20));
    }
    this.window = new float[(int) (windowExamples * size)];
    this.chunk = new float[Math.min(settings.chunkExamples(), source.count()) * size];
    this.batch = new float[batchSize * size];
    int steps = (source.count() + batchSize - 1) / batchSize;
    int lastBatch = source.count() - (steps - 1) * batchSize;
    this.fullBatch = TFloat32.tensorOf(Shape.of(model.batchShape(batchSize)));
    this.partialBatch = TFloat32.tensorOf(Shape.of(model.batchShape(lastBatch)));
  }

  @Override
  public void startEpoch(int epoch, int firstStep) throws IOException {
    this.epoch = epoch;
    this.chunkOrder = order.chunkOrder(epoch);
    this.position = (long) firstStep * batchSize;
    long windowStart = 0;
    for (int w = 0; w < order.windows(); w++) {
      int windowSize = order.windowSize(order.windowChunks(chunkOrder, w));
      if (position < windowStart + windowSize || w == order.windows() - 1) {
        load(w);
        cursor = (int) (position - windowStart);
        return;
      }
      windowStart += windowSize;
    }
  }

  @Override
  public void feed(Session.Runner runner, int start, int count) throws IOException {
    Preconditions.checkState(
        start == position, "batch at example %s, the stream is at %s", start, position);
    for (int k = 0; k < count; k++) {
      if (cursor == windowOrder.length) {
        load(windowIndex + 1);
        cursor = 0;
      }
      System.arraycopy(window, windowOrder[cursor++] * size, batch, k * size, size);
    }
    position += count;
    TFloat32 x = count == batchSize ? fullBatch : partialBatch;
    x.asRawTensor().data().asFloats().write(batch, 0, count * size);
    runner.feed(graph.x, x);
  }

  /** Reads window {@code w} of the current epoch and draws its order. */
  private void load(int w) throws IOException {
    int[] chunks = order.windowChunks(chunkOrder, w);
    int at = 0;
    for (int c : chunks) {
      int n = order.chunkSize(c);
      source.read(order.chunkStart(c), n, chunk);
      System.arraycopy(chunk, 0, window, at * size, n * size);
      at += n;
    }
    windowIndex = w;
    windowOrder = order.windowOrder(epoch, w, at);
  }

  @Override
  public String order() {
    return settings.describe();
  }

  @Override
  public void close() {
    fullBatch.close();
    partialBatch.close();
  }
}
