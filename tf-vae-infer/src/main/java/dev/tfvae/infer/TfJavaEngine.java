package dev.tfvae.infer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * An {@link Engine} over TF Java's own {@link SavedModelBundle}: every call goes through {@code
 * Session.Runner}. Chosen with {@link VaeModel.Execution#TF_JAVA}, and used when the C API engine cannot
 * be loaded; same results, a higher cost per single-example call.
 */
final class TfJavaEngine implements Engine {
  private final SavedModelBundle bundle;
  private final Session session;
  private final Lanes lanes;

  private TfJavaEngine(SavedModelBundle bundle, Lanes lanes) {
    this.bundle = bundle;
    this.session = bundle.session();
    this.lanes = lanes;
  }

  /**
   * Loads the meta graph tagged {@code tag} of the SavedModel in {@code dir}.
   *
   * @throws org.tensorflow.exceptions.TensorFlowException if TensorFlow cannot load it
   */
  static TfJavaEngine load(Path dir, String tag, ConfigProto config, Lanes lanes) {
    return new TfJavaEngine(
        SavedModelBundle.loader(dir.toString()).withTags(tag).withConfigProto(config).load(), lanes);
  }

  @Override
  public void resolve(Iterable<String> tensors) {
    for (String tensor : tensors) {
      int colon = tensor.lastIndexOf(':');
      String op = colon < 0 ? tensor : tensor.substring(0, colon);
      if (bundle.graph().operation(op) == null) {
        throw new IllegalArgumentException("the graph has no operation " + op + " (tensor " + tensor + ")");
      }
    }
  }

  private static float[][] rows(Result result, int k, String name, int count, int width) {
    if (!(result.get(k) instanceof TFloat32 t) || t.size() != (long) count * width) {
      throw new IllegalStateException(
          Engine.badOutput(name, result.get(k).shape().size(), (long) count * width));
    }
    FloatDataBuffer buffer = t.asRawTensor().data().asFloats();
    float[][] out = new float[count][width];
    for (int i = 0; i < count; i++) {
      buffer.offset((long) i * width).read(out[i]);
    }
    return out;
  }

  private Result runLaned(Session.Runner runner) {
    lanes.acquire();
    try {
      return runner.run();
    } finally {
      lanes.release();
    }
  }

  /** Rows {@code [start, start + count)} of {@code feed}, each checked, as a new tensor. */
  private static TFloat32 floats(FloatFeed feed, int start, int count) {
    long[] dims = new long[feed.rowDims().length + 1];
    dims[0] = count;
    System.arraycopy(feed.rowDims(), 0, dims, 1, feed.rowDims().length);
    TFloat32 input = TFloat32.tensorOf(Shape.of(dims));
    try {
      FloatDataBuffer buffer = input.asRawTensor().data().asFloats();
      for (int i = 0; i < count; i++) {
        float[] row = feed.rows()[start + i];
        feed.check().check(row, start + i);
        buffer.offset((long) i * row.length).write(row);
      }
      return input;
    } catch (RuntimeException e) {
      input.close();
      throw e;
    }
  }

  @Override
  public float[][][] run(List<FloatFeed> feeds, int start, int count, List<String> fetches, int[] widths) {
    List<TFloat32> inputs = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (FloatFeed feed : feeds) {
        TFloat32 input = floats(feed, start, count);
        inputs.add(input);
        runner.feed(feed.tensor(), input);
      }
      fetches.forEach(runner::fetch);
      try (Result r = runLaned(runner)) {
        float[][][] out = new float[fetches.size()][][];
        for (int k = 0; k < fetches.size(); k++) {
          out[k] = rows(r, k, fetches.get(k), count, widths[k]);
        }
        return out;
      }
    } finally {
      inputs.forEach(TFloat32::close);
    }
  }

  @Override
  public float[][] generate(String countTensor, int n, String seedTensor, long[] seed, FloatFeed label,
      String samplesTensor, int width) {
    try (TInt32 count = TInt32.scalarOf(n);
        TInt64 seeds = TInt64.vectorOf(seed[0], seed[1]);
        TFloat32 labels = label == null ? null : floats(label, 0, label.rows().length)) {
      Session.Runner runner = session.runner().feed(countTensor, count).feed(seedTensor, seeds);
      if (labels != null) {
        runner.feed(label.tensor(), labels);
      }
      try (Result r = runLaned(runner.fetch(samplesTensor))) {
        return rows(r, 0, samplesTensor, n, width);
      }
    }
  }

  @Override
  public PreparedCall prepare(CallSpec spec) {
    String input = spec.input();
    long[] rowDims = spec.rowDims();
    List<String> fetches = spec.fetches();
    int[] widths = spec.widths();
    long[] dims = new long[rowDims.length + 1];
    dims[0] = 1;
    System.arraycopy(rowDims, 0, dims, 1, rowDims.length);
    TFloat32 tensor = TFloat32.tensorOf(Shape.of(dims));
    Session.Runner runner = session.runner().feed(input, tensor);
    fetches.forEach(runner::fetch);
    List<String> names = List.copyOf(fetches);
    int[] w = widths.clone();
    FloatDataBuffer buffer = tensor.asRawTensor().data().asFloats();
    return new PreparedCall() {
      @Override
      public float[][] run(float[] x) {
        buffer.write(x);
        try (Result r = runLaned(runner)) {
          float[][] out = new float[names.size()][];
          for (int k = 0; k < out.length; k++) {
            out[k] = rows(r, k, names.get(k), 1, w[k])[0];
          }
          return out;
        }
      }

      @Override
      public void close() {
        tensor.close();
      }
    };
  }

  @Override
  public void close() {
    bundle.close();
  }
}
