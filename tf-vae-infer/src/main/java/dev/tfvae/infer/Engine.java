package dev.tfvae.infer;

import java.util.List;

/**
 * A loaded SavedModel's session: where every native call of a {@link VaeModel} happens. Two
 * implementations: {@link CApiEngine} owns its session through TensorFlow's C API (the default, with
 * the lowest cost per call) and {@link TfJavaEngine} runs TF Java's {@code SavedModelBundle}. Both fail
 * a run with TensorFlow's own unchecked exceptions ({@code org.tensorflow.exceptions}), and both run at
 * most as many native calls at once as their {@link Lanes} allow.
 *
 * <p>Thread safety: {@link #run}, {@link #generate} and {@link #prepare} may be called from any number of
 * threads; a {@link PreparedCall} is used by one thread at a time. The owner keeps the engine open while
 * calls run and closes it once ({@link VaeModel} does both).
 */
interface Engine extends AutoCloseable {
  /**
   * One float32 input of a batch call.
   *
   * @param tensor the graph tensor ({@code op:index}) it feeds
   * @param rows the examples; a call feeds a range of them
   * @param rowDims the shape of one row (the tensor is {@code [count, rowDims…]})
   * @param check validates each row just before it is written into native memory
   */
  record FloatFeed(String tensor, float[][] rows, long[] rowDims, RowCheck check) {}

  /** Validates one row of a feed; throws {@link IllegalArgumentException} naming {@code index}. */
  @FunctionalInterface
  interface RowCheck {
    void check(float[] row, int index);
  }

  /**
   * Runs rows {@code [start, start + count)} of every feed and returns fetch {@code k}'s values as
   * {@code [count][widths[k]]}.
   */
  float[][][] run(List<FloatFeed> feeds, int start, int count, List<String> fetches, int[] widths);

  /**
   * The {@code generate} signature's call: an int32 scalar {@code n} and an int64 {@code [2]} seed in,
   * and for a conditional model every row of {@code label} (else {@code null}); {@code [n][width]}
   * samples out.
   */
  float[][] generate(String countTensor, int n, String seedTensor, long[] seed, FloatFeed label,
      String samplesTensor, int width);

  /**
   * Checks that every named tensor ({@code op:index}) is in the graph.
   *
   * @throws IllegalArgumentException naming the first that is not
   */
  void resolve(Iterable<String> tensors);

  /**
   * What a single-example call runs: one float32 input of shape {@code [1, rowDims…]} and its fetches.
   * Instances are made once per kind of call and reused, so they also key the pool of prepared calls.
   *
   * @param input the graph tensor fed
   * @param rowDims the shape of the one example
   * @param fetches the graph tensors fetched
   * @param widths the values of each fetch
   */
  record CallSpec(String input, long[] rowDims, List<String> fetches, int[] widths) {
    public CallSpec {
      fetches = List.copyOf(fetches);
    }
  }

  /** A single-example call made ready once. */
  PreparedCall prepare(CallSpec spec);

  /** A reusable single-example call; one thread at a time. */
  interface PreparedCall extends AutoCloseable {
    /** Runs the call on {@code x}; returns each fetch's values. */
    float[][] run(float[] x);

    @Override
    void close();
  }

  /** Releases the session and everything prepared on it. */
  @Override
  void close();

  /** The message for a fetched tensor that is not what the signature promised. */
  static String badOutput(String tensor, long values, long expected) {
    return "model output " + tensor + " has " + values + " float32 values, expected " + expected
        + " (the graph does not match its signature)";
  }
}
