package dev.tfvae.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.framework.data.Dataset;
import org.tensorflow.framework.data.DatasetIterator;
import org.tensorflow.framework.initializers.Glorot;
import org.tensorflow.framework.initializers.RandomUniform;
import org.tensorflow.framework.initializers.VarianceScaling;
import org.tensorflow.framework.losses.BinaryCrossentropy;
import org.tensorflow.framework.losses.KLDivergence;
import org.tensorflow.framework.losses.MeanSquaredError;
import org.tensorflow.framework.losses.Reduction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The measured reasons tf-vae does not use these TensorFlow Framework 1.1.0 pieces
 * (docs/tensorflow-framework.md). Each test pins one behaviour; if an upgrade changes it, the test fails
 * and the decision should be looked at again.
 */
class RejectedFrameworkPiecesTest {

  @Test
  void glorotUniformDrawsFromZeroUpwardNotSymmetrically() {
    // Keras's glorot_uniform is uniform in ±√(6 / (fan_in + fan_out)); 1.1.0 never shifts its draw.
    float[] w =
        run(tf -> new Glorot<TFloat32>(VarianceScaling.Distribution.UNIFORM, 7)
            .call(tf, tf.constant(new long[] {200, 100}), TFloat32.class), 20_000);
    double limit = Math.sqrt(6.0 / 300);
    assertTrue(min(w) >= 0, "min " + min(w));
    assertEquals(limit, max(w), 1e-3 * limit);
  }

  @Test
  void varianceScalingCountsConvolutionInputChannelsTwice() {
    // scale ⅓, fan-in mode, uniform: limit √(3·⅓/fan_in) = 1/√fan_in. A [3, 3, 16, 32] kernel has
    // fan_in 3·3·16 = 144 (limit 1/12); the draw's maximum shows 3·3·16·16 = 2304 (limit 1/48).
    float[] w =
        run(tf -> new VarianceScaling<TFloat32>(
                1.0 / 3, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.UNIFORM, 7)
            .call(tf, tf.constant(new long[] {3, 3, 16, 32}), TFloat32.class), 3 * 3 * 16 * 32);
    assertTrue(max(w) <= 1 / Math.sqrt(2304), "max " + max(w));
    assertTrue(max(w) > 0.99 / Math.sqrt(2304), "max " + max(w));
  }

  @Test
  void seededInitializersKeyEveryDrawBySeedAndZero() {
    // tf-vae keys each parameter's draw by (seed, parameter index); the framework by (seed, 0), so every
    // variable of one shape built from one seed starts equal.
    long[] shape = {20, 10};
    float[][] w =
        runAll(
            tf -> List.of(
                new RandomUniform<TFloat32>(-0.1, 0.1, 42).call(tf, tf.constant(shape), TFloat32.class),
                new RandomUniform<TFloat32>(-0.1, 0.1, 42).call(tf, tf.constant(shape), TFloat32.class),
                tf.math.add(
                    tf.math.mul(
                        tf.random.statelessRandomUniform(
                            tf.constant(shape), tf.constant(new long[] {42, 0})),
                        tf.constant(0.2f)),
                    tf.constant(-0.1f))),
            200);
    assertArrayEquals(w[0], w[1]);
    assertArrayEquals(w[2], w[0]);
  }

  @Test
  void lossClassesAverageOverDimensionsInsteadOfSumming() {
    // −log p(x|z) sums over the D data dimensions; BinaryCrossentropy and MeanSquaredError with
    // Reduction.NONE return the mean over the last axis (Keras's convention): 1/D of the likelihood.
    int d = 784;
    Random random = new Random(3);
    float[] x = new float[2 * d];
    float[] l = new float[2 * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat();
      l[i] = (float) random.nextGaussian() * 4;
    }
    float[][] out =
        runAll(
            tf -> {
              Operand<TFloat32> xs = tf.constant(Shape.of(2, d), DataBuffers.of(x));
              Operand<TFloat32> ls = tf.constant(Shape.of(2, d), DataBuffers.of(l));
              return List.of(
                  VaeLosses.bernoulliNegLogLikelihood(tf, xs, ls, d),
                  new BinaryCrossentropy(true, 0f, Reduction.NONE).call(tf, xs, ls),
                  tf.reduceSum(tf.math.squaredDifference(xs, ls), tf.constant(1)),
                  new MeanSquaredError(Reduction.NONE).call(tf, xs, ls));
            },
            2);
    for (int row = 0; row < 2; row++) {
      assertEquals(out[0][row] / d, out[1][row], 1e-6 * out[1][row], "binary cross-entropy");
      assertEquals(out[2][row] / d, out[3][row], 1e-6 * out[3][row], "squared error");
    }
  }

  @Test
  void klDivergenceLossIsBetweenDiscreteDistributions() {
    // Σ p ln(p/q) for p = (½, ½), q = (¼, ¾): ½ ln 2 + ½ ln ⅔ = 0.143841; not a Gaussian's closed form.
    float[] kl =
        run(tf -> new KLDivergence(Reduction.NONE)
            .call(tf, tf.constant(new float[][] {{0.5f, 0.5f}}),
                tf.constant(new float[][] {{0.25f, 0.75f}})), 1);
    assertEquals(0.5 * Math.log(2) + 0.5 * Math.log(2.0 / 3), kl[0], 1e-6);
  }

  @Test
  void datasetOverFedExamplesCannotBeInitialised() {
    // The iterator's MakeIterator is an init op, run before any fed value is available.
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> examples =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      DatasetIterator iterator =
          Dataset.fromTensorSlices(tf, List.of(examples), List.of(TFloat32.class))
              .batch(2)
              .makeInitializeableIterator();
      Operand<?> batch = iterator.getNext().get(0);
      try (Session s = new Session(g);
          TFloat32 data = TFloat32.tensorOf(Shape.of(3, 3), DataBuffers.of(new float[9]))) {
        TFInvalidArgumentException e =
            assertThrows(
                TFInvalidArgumentException.class,
                () -> s.runner().feed(examples, data).fetch(batch).run().close());
        assertTrue(e.getMessage().contains("You must feed a value for placeholder"), e.getMessage());
      }
    }
  }

  @Test
  void datasetHasNoShuffle() {
    assertFalse(
        Arrays.stream(Dataset.class.getMethods()).anyMatch(m -> m.getName().startsWith("shuffle")),
        "Dataset has a shuffle method now");
  }

  private static float[] run(Function<Ops, Operand<TFloat32>> build, int n) {
    return runAll(tf -> List.of(build.apply(tf)), n)[0];
  }

  /** Evaluates each operand the builder returns (all of {@code n} elements) in one run. */
  private static float[][] runAll(Function<Ops, List<Operand<TFloat32>>> build, int n) {
    try (Graph g = new Graph()) {
      List<Operand<TFloat32>> outputs = build.apply(Ops.create(g));
      try (Session s = new Session(g)) {
        Session.Runner runner = s.runner();
        outputs.forEach(runner::fetch);
        float[][] values = new float[outputs.size()][n];
        try (Result r = runner.run()) {
          for (int k = 0; k < outputs.size(); k++) {
            ((TFloat32) r.get(k)).copyTo(DataBuffers.of(values[k], false, false));
          }
        }
        return values;
      }
    }
  }

  private static float min(float[] a) {
    float m = Float.POSITIVE_INFINITY;
    for (float v : a) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static float max(float[] a) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
