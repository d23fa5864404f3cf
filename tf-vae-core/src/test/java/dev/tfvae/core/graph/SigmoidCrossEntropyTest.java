package dev.tfvae.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The Bernoulli term built on TensorFlow Framework's {@code sigmoidCrossEntropyWithLogits}
 * ({@link VaeLosses#bernoulliNegLogLikelihood}) and its exportable twin against the hand-built stable
 * formula {@code max(l, 0) − l·x + log1p(exp(−|l|))}, written out here as the independent reference:
 * values bit for bit; gradients from {@code Graph.addGradients} within float32 rounding, except at
 * {@code l = 0}, where only the framework's is right.
 */
class SigmoidCrossEntropyTest {

  /** The formula tf-vae built by hand before it used the framework op, summed per example. */
  private static Operand<TFloat32> reference(Ops tf, Operand<TFloat32> x, Operand<TFloat32> l) {
    Operand<TFloat32> elementwise =
        tf.math.add(
            tf.math.sub(tf.math.maximum(l, tf.constant(0f)), tf.math.mul(l, x)),
            tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(l)))));
    return tf.reduceSum(elementwise, tf.constant(1));
  }

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

  @Test
  void valuesAreBitIdenticalToTheHandBuiltFormula() {
    float[][] data = logitsAndLabels(8 * 784);
    // Rows of one element give every elementwise term; rows of 784 the sums the model uses.
    for (long[] shape : List.of(new long[] {8 * 784, 1}, new long[] {8, 784})) {
      int size = (int) shape[1];
      float[][] got =
          evaluate(
              shape,
              data,
              List.of(
                  (tf, xl) -> reference(tf, xl.get(0), xl.get(1)),
                  (tf, xl) -> VaeLosses.bernoulliNegLogLikelihood(tf, xl.get(0), xl.get(1), size),
                  (tf, xl) ->
                      VaeLosses.exportableBernoulliNegLogLikelihood(tf, xl.get(0), xl.get(1), size)),
              (int) shape[0]);
      assertArrayEquals(got[0], got[1], "framework form, rows of " + size);
      assertArrayEquals(got[0], got[2], "exportable form, rows of " + size);
    }
  }

  @Test
  void gradientMatchesTheHandBuiltOneExceptAtZeroWhereItIsRight() {
    int n = 8 * 784;
    float[][] data = logitsAndLabels(n);
    float[] l = data[0];
    float[] x = data[1];
    float[] framework = new float[n];
    float[] hand = new float[n];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> labels = tf.constant(Shape.of(8, 784), DataBuffers.of(x));
      Placeholder<TFloat32> logits =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 784)));
      Operand<TFloat32> frameworkLoss =
          tf.reduceSum(
              VaeLosses.bernoulliNegLogLikelihood(tf, labels, logits, 784), tf.constant(0));
      Operand<TFloat32> handLoss =
          tf.reduceSum(reference(tf, labels, logits), tf.constant(0));
      Output<?> frameworkGrad =
          g.addGradients(frameworkLoss.asOutput(), new Output<?>[] {logits.asOutput()})[0];
      Output<?> handGrad = g.addGradients(handLoss.asOutput(), new Output<?>[] {logits.asOutput()})[0];
      try (Session s = new Session(g);
          TFloat32 feed = TFloat32.tensorOf(Shape.of(8, 784), DataBuffers.of(l));
          Result r = s.runner().feed(logits, feed).fetch(frameworkGrad).fetch(handGrad).run()) {
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(framework, false, false));
        ((TFloat32) r.get(1)).copyTo(DataBuffers.of(hand, false, false));
      }
    }
    // Away from 0 both gradients add the same three terms (1 or 0, −x, ∓σ(−|l|)) in different orders:
    // bit-identical where l < 0 (one term is 0), within float32 rounding of an O(1) sum where l > 0.
    float rounding = Math.ulp(1f);
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      double exact = 1 / (1 + Math.exp(-(double) l[i])) - x[i];
      String at = "l = " + l[i] + ", x = " + x[i];
      assertEquals(exact, framework[i], 2 * rounding, at);
      if (l[i] == 0f) {
        // max(l, 0) passes the gradient at the tie, |l|'s subgradient at 0 is 0: 1 − x, not ½ − x.
        assertEquals(1 - x[i], hand[i], rounding, at);
        zeros++;
      } else if (l[i] < 0) {
        assertEquals(Float.floatToIntBits(hand[i]), Float.floatToIntBits(framework[i]), at);
      } else {
        assertEquals(hand[i], framework[i], rounding, at);
      }
    }
    assertEquals(2, zeros, "logits 0 and −0 were checked");
  }

  @Test
  void onlyTheFrameworkFormAddsOpTypesExportedModelsMayNotHold() {
    Set<String> framework =
        opTypes((tf, xl) -> VaeLosses.bernoulliNegLogLikelihood(tf, xl.get(0), xl.get(1), 3));
    Set<String> exportable =
        opTypes(
            (tf, xl) -> VaeLosses.exportableBernoulliNegLogLikelihood(tf, xl.get(0), xl.get(1), 3));
    assertEquals(
        Set.of("Abs", "Add", "Const", "Exp", "Log1p", "Maximum", "Mul", "Neg", "Reshape", "Sub", "Sum"),
        exportable);
    Set<String> added = new TreeSet<>(framework);
    added.removeAll(exportable);
    // These are what model validation's allowlist would need before exports could use this form.
    assertEquals(Set.of("Cast", "GreaterEqual", "SelectV2", "ZerosLike"), added);
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

  /** Runs each builder on {@code (x, logits)} of {@code shape}; returns their [rows] outputs. */
  private static float[][] evaluate(
      long[] shape,
      float[][] logitsAndLabels,
      List<BiFunction<Ops, List<Operand<TFloat32>>, Operand<TFloat32>>> builders,
      int rows) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> l = tf.constant(Shape.of(shape), DataBuffers.of(logitsAndLabels[0]));
      Operand<TFloat32> x = tf.constant(Shape.of(shape), DataBuffers.of(logitsAndLabels[1]));
      List<Operand<TFloat32>> outputs =
          builders.stream().map(build -> build.apply(tf, List.of(x, l))).toList();
      float[][] out = new float[builders.size()][rows];
      try (Session s = new Session(g)) {
        Session.Runner runner = s.runner();
        outputs.forEach(runner::fetch);
        try (Result r = runner.run()) {
          for (int k = 0; k < outputs.size(); k++) {
            ((TFloat32) r.get(k)).copyTo(DataBuffers.of(out[k], false, false));
          }
        }
      }
      return out;
    }
  }
}
