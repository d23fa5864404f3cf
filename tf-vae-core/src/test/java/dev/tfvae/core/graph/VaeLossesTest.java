package dev.tfvae.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class VaeLossesTest {

  private static float[] run(java.util.function.Function<Ops, Operand<TFloat32>> build, int n) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> out = build.apply(tf);
      try (Session s = new Session(g); Result r = s.runner().fetch(out).run()) {
        float[] values = new float[n];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(values, false, false));
        return values;
      }
    }
  }

  @Test
  void klMatchesClosedFormByHand() {
    // Example 1: μ = (0, 0), log σ² = (0, 0) → KL = 0.
    // Example 2: μ = (1, -2), log σ² = (ln 2, -1):
    //   ½[(1 + 2 − ln2 − 1) + (4 + e^-1 + 1 − 1)] = ½[2 − 0.693147 + 4.367879] = 2.837366
    float ln2 = (float) Math.log(2);
    float[] kl =
        run(
            tf ->
                VaeLosses.klToStandardNormal(
                    tf,
                    tf.constant(new float[][] {{0, 0}, {1, -2}}),
                    tf.constant(new float[][] {{0, 0}, {ln2, -1}})),
            2);
    assertArrayEquals(new float[] {0f, 2.837366f}, kl, 1e-5f);
  }

  @Test
  void bernoulliMatchesBinaryCrossEntropyByHand() {
    // BCE(x, p) = −x ln p − (1−x) ln(1−p), p = sigmoid(l).
    // l = 0, x = 1: ln 2 = 0.693147; l = 2, x = 0.25: p = 0.880797,
    //   −0.25 ln 0.880797 − 0.75 ln 0.119203 = 0.031735 + 1.595195 = 1.626930.
    // Second example: l = −30, x = 0 → ≈ 9.4e-14 (no log(0)); l = 40, x = 0 → 40 (no overflow).
    float[] nll =
        run(
            tf ->
                VaeLosses.bernoulliNegLogLikelihood(
                    tf,
                    tf.constant(new float[][] {{1f, 0.25f}, {0f, 0f}}),
                    tf.constant(new float[][] {{0f, 2f}, {-30f, 40f}}),
                    2),
            2);
    assertArrayEquals(new float[] {0.693147f + 1.626930f, 40f}, nll, 1e-4f);
  }

  @Test
  void reparameterisationShiftsAndScalesNoise() {
    // z = μ + exp(½ log σ²) ε: μ = 1, log σ² = ln 4 (σ = 2), ε = 0.5 → 2.
    float[] z =
        run(
            tf ->
                VaeLosses.reparameterize(
                    tf,
                    tf.constant(new float[][] {{1f}}),
                    tf.constant(new float[][] {{(float) Math.log(4)}}),
                    tf.constant(new float[][] {{0.5f}})),
            1);
    assertArrayEquals(new float[] {2f}, z, 1e-6f);
  }

  @Test
  void importanceWeightLatentTermMatchesGaussianDensities() {
    // log N(z;0,1) − log N(z;μ,σ²) for μ = 0.5, σ² = 0.25, ε = 1.2 → z = 0.5 + 0.5·1.2 = 1.1.
    // log N(1.1; 0, 1) = −½(1.21 + ln 2π); log N(1.1; 0.5, 0.25) = −½(1.44 + ln 0.25 + ln 2π).
    double expected = -0.5 * 1.21 + 0.5 * (1.44 + Math.log(0.25));
    float[] w =
        run(
            tf ->
                VaeLosses.logPriorMinusLogPosterior(
                    tf,
                    tf.constant(new float[][] {{1.1f}}),
                    tf.constant(new float[][] {{(float) Math.log(0.25)}}),
                    tf.constant(new float[][] {{1.2f}})),
            1);
    assertArrayEquals(new float[] {(float) expected}, w, 1e-5f);
  }
}
