package dev.tfvae.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.op.FrameworkOps;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The Bernoulli term {@link VaeLosses#bernoulliNegLogLikelihood}, {@code softplus(l) − l·x}, against the
 * binary cross-entropy computed here in double precision, {@code max(l, 0) − l·x + log1p(exp(−|l|))}:
 * values within float32 rounding, the gradient {@code σ(l) − x} everywhere, and the op types and kernel
 * count that make it the form training and exports share.
 */
class BernoulliTermTest {

  /** Logits from −100 to 100 with signed zeros and tiny values, and labels in [0, 1] with 0 and 1. */
  private static float[][] logitsAndLabels(int n) {
    float[] special = {0f, -0f, 1e-30f, -1e-30f, 1e-7f, -1e-7f, 17f, -17f, 88f, -88f, 100f, -100f};
    Random random = new Random(11);
    float[] l = new float[n];
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      l[i] = i < special.length ? special[i] : (float) (random.nextGaussian() * 8);
      x[i] = i % 7 == 0 ? 0f : i % 7 == 1 ? 1f : random.nextFloat();
    }
    return new float[][] {l, x};
  }

  /** The binary cross-entropy of one pixel, in double precision from the float inputs. */
  private static double exact(float l, float x) {
    return Math.max(l, 0.0) - (double) l * x + Math.log1p(Math.exp(-Math.abs((double) l)));
  }

  @Test
  void valuesAgreeWithTheDoublePrecisionCrossEntropyWithinRounding() {
    int n = 8 * 784;
    float[][] data = logitsAndLabels(n);
    float[] l = data[0];
    float[] x = data[1];
    // Rows of one element give every elementwise term; rows of 784 the sums the model uses.
    float[] elements = evaluate(new long[] {n, 1}, data, 1, n);
    for (int i = 0; i < n; i++) {
      // softplus(l) and l·x are each rounded once, then subtracted: a few ulps of the larger of 1 and |l|.
      double tolerance = 3 * Math.ulp(Math.max(1f, Math.abs(l[i])));
      assertEquals(exact(l[i], x[i]), elements[i], tolerance, "l = " + l[i] + ", x = " + x[i]);
    }
    float[] sums = evaluate(new long[] {8, 784}, data, 784, 8);
    for (int row = 0; row < 8; row++) {
      double sum = 0;
      double tolerance = 0;
      for (int j = row * 784; j < (row + 1) * 784; j++) {
        sum += exact(l[j], x[j]);
        tolerance += 3 * Math.ulp(Math.max(1f, Math.abs(l[j])));
      }
      tolerance += 784 * Math.ulp((float) sum);
      assertEquals(sum, sums[row], tolerance, "row " + row);
    }
  }

  @Test
  void gradientIsSigmoidMinusLabelEverywhereIncludingZero() {
    int n = 8 * 784;
    float[][] data = logitsAndLabels(n);
    float[] l = data[0];
    float[] x = data[1];
    float[] gradient = new float[n];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> labels = tf.constant(Shape.of(8, 784), DataBuffers.of(x));
      Placeholder<TFloat32> logits =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 784)));
      Operand<TFloat32> loss =
          tf.reduceSum(VaeLosses.bernoulliNegLogLikelihood(tf, labels, logits, 784), tf.constant(0));
      Output<?> grad = g.addGradients(loss.asOutput(), new Output<?>[] {logits.asOutput()})[0];
      try (Session s = new Session(g);
          TFloat32 feed = TFloat32.tensorOf(Shape.of(8, 784), DataBuffers.of(l));
          Result r = s.runner().feed(logits, feed).fetch(grad).run()) {
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(gradient, false, false));
      }
    }
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      double expected = 1 / (1 + Math.exp(-(double) l[i])) - x[i];
      assertEquals(expected, gradient[i], 2 * Math.ulp(1f), "l = " + l[i] + ", x = " + x[i]);
      zeros += l[i] == 0f ? 1 : 0;
    }
    assertEquals(2, zeros, "logits 0 and −0 were checked (where σ(0) − x = ½ − x)");
  }

  @Test
  void itsOpTypesAreOnesExportedModelsMayHold() {
    // All of them are in ModelValidator's list, so the serving graph's score uses this same form.
    assertEquals(
        Set.of("Const", "Mul", "Reshape", "Softplus", "Sub", "Sum"),
        opTypes((tf, xl) -> VaeLosses.bernoulliNegLogLikelihood(tf, xl.get(0), xl.get(1), 3)));
  }

  @Test
  void itsGradientTakesFewerKernelsThanTheFrameworkOp() {
    // Each op of the loss and its gradient is a kernel per training step over the batch's pixels.
    int softplus =
        lossAndGradientOps((tf, xl) -> VaeLosses.bernoulliNegLogLikelihood(tf, xl.get(0), xl.get(1), 3));
    int framework =
        lossAndGradientOps(
            (tf, xl) ->
                tf.reduceSum(
                    FrameworkOps.create(tf).nn.sigmoidCrossEntropyWithLogits(xl.get(0), xl.get(1)),
                    tf.constant(1)));
    assertTrue(softplus * 2 <= framework, softplus + " ops against the framework op's " + framework);
  }

  /** Op types that compute shapes and indices, or hold values, rather than run over the pixels. */
  private static final Set<String> SHAPE_BOOKKEEPING =
      Set.of("BroadcastGradientArgs", "Const", "Div", "DynamicStitch", "Identity", "Maximum", "Mod",
          "Placeholder", "Range", "Reshape", "Shape", "Size");

  /**
   * Ops over the data in a graph holding the summed loss of {@code build} and its gradient to the
   * logits (23 for this form, 49 for the framework op's, in TensorFlow Java 1.1.0).
   */
  private static int lossAndGradientOps(
      BiFunction<Ops, List<Operand<TFloat32>>, Operand<TFloat32>> build) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      Operand<TFloat32> l = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      Operand<TFloat32> loss = tf.reduceSum(build.apply(tf, List.of(x, l)), tf.constant(0));
      g.addGradients(loss.asOutput(), new Output<?>[] {l.asOutput()});
      int[] count = {0};
      g.operations()
          .forEachRemaining(op -> count[0] += SHAPE_BOOKKEEPING.contains(op.type()) ? 0 : 1);
      return count[0];
    }
  }

  /** Op types a builder adds beyond the two placeholders. */
  private static Set<String> opTypes(
      BiFunction<Ops, List<Operand<TFloat32>>, Operand<TFloat32>> build) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      Operand<TFloat32> l = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3)));
      build.apply(tf, List.of(x, l));
      Set<String> types = new HashSet<>();
      g.operations().forEachRemaining(op -> types.add(op.type()));
      types.remove("Placeholder");
      return types;
    }
  }

  /** The Bernoulli term of {@code (logits, labels)} shaped {@code shape}, one value per row. */
  private static float[] evaluate(long[] shape, float[][] logitsAndLabels, int size, int rows) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> l = tf.constant(Shape.of(shape), DataBuffers.of(logitsAndLabels[0]));
      Operand<TFloat32> x = tf.constant(Shape.of(shape), DataBuffers.of(logitsAndLabels[1]));
      Operand<TFloat32> out = VaeLosses.bernoulliNegLogLikelihood(tf, x, l, size);
      float[] values = new float[rows];
      try (Session s = new Session(g); Result r = s.runner().fetch(out).run()) {
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(values, false, false));
      }
      return values;
    }
  }
}
