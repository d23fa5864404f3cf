package dev.tfvae.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Three Adam steps in the graph against Adam written out in double precision. */
class AdamOptimizerTest {

  @Test
  void threeStepsMatchAdamComputedByHand() {
    float[] w0 = {0.5f, -1.0f, 2.0f};
    float[] c = {1.0f, -3.0f, 0.25f};
    float lr = 0.1f;
    float[] got = new float[3];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> w =
          tf.withSubScope("model").withName("w").variable(tf.withInitScope().constant(w0));
      Operand<TFloat32> read = tf.identity(w);
      // loss = Σ c·w + ½ Σ w² → gradient c + w (depends on w, so ordering bugs would show).
      Operand<TFloat32> loss =
          tf.math.add(
              tf.reduceSum(tf.math.mul(tf.constant(c), read), tf.constant(0)),
              tf.math.mul(
                  tf.constant(0.5f), tf.reduceSum(tf.math.square(read), tf.constant(0))));
      Op step =
          AdamOptimizer.minimize(
              tf, loss, List.of(w), List.of(read), tf.constant(lr),
              AdamOptimizer.Settings.DEFAULT);
      try (Session s = new Session(g)) {
        for (int i = 0; i < 3; i++) {
          s.run(step);
        }
        try (Result r = s.runner().fetch(read).run()) {
          ((TFloat32) r.get(0)).copyTo(DataBuffers.of(got, false, false));
        }
      }
    }
    assertArrayEquals(handAdam(w0, c, lr, 3), got, 2e-7f);
  }

  /**
   * Adam as TensorFlow's ApplyAdam defines it (ε added to √v, bias correction folded into the step size,
   * β powers kept as running float32 products), in float32 like the kernel: 1 − β₂ᵗ cancels
   * catastrophically in float32, so a double-precision Adam differs from any float32 one by ~1e-6 here.
   */
  private static float[] handAdam(float[] start, float[] c, float lr, int steps) {
    float b1 = 0.9f;
    float b2 = 0.999f;
    float eps = 1e-8f;
    float b1Power = b1;
    float b2Power = b2;
    float[] w = start.clone();
    float[] m = new float[w.length];
    float[] v = new float[w.length];
    for (int t = 1; t <= steps; t++) {
      float alpha = lr * (float) Math.sqrt(1 - b2Power) / (1 - b1Power);
      for (int i = 0; i < w.length; i++) {
        float grad = c[i] + w[i];
        m[i] += (grad - m[i]) * (1 - b1);
        v[i] += (grad * grad - v[i]) * (1 - b2);
        w[i] -= m[i] * alpha / ((float) Math.sqrt(v[i]) + eps);
      }
      b1Power *= b1;
      b2Power *= b2;
    }
    return w;
  }
}
