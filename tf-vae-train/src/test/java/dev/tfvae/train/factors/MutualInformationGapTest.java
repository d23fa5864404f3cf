package dev.tfvae.train.factors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The MIG on codes whose answer is known. */
class MutualInformationGapTest {
  private static final int N = 10_000;

  private static double[][] factors(int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] f = new double[k][N];
    for (double[] column : f) {
      for (int i = 0; i < N; i++) {
        column[i] = r.nextDouble();
      }
    }
    return f;
  }

  private static double mig(float[][] codes, double[][] factors) {
    List<MutualInformationGap.Factor> out = new ArrayList<>();
    for (double[] f : factors) {
      out.add(MutualInformationGap.of(codes, f, false, MutualInformationGap.DEFAULT_BINS));
    }
    return MutualInformationGap.mean(out);
  }

  @Test
  void aCodeThatCopiesOneFactorPerDimensionScoresOne() {
    double[][] f = factors(3, 1);
    float[][] codes = new float[N][4];
    for (int i = 0; i < N; i++) {
      // Dimension j holds factor (j + 1) % 3 scaled and shifted (MI does not see either); dimension 3 is
      // noise.
      for (int j = 0; j < 3; j++) {
        codes[i][j] = (float) (5 * f[(j + 1) % 3][i] - 2);
      }
      codes[i][3] = (float) Math.sin(i * 12.9898);
    }
    assertTrue(mig(codes, f) > 0.97, "MIG " + mig(codes, f));
    assertEquals(2, MutualInformationGap.of(codes, f[0], false, 20).best());
  }

  @Test
  void independentNoiseScoresNearZero() {
    double[][] f = factors(3, 2);
    SplittableRandom r = new SplittableRandom(3);
    float[][] codes = new float[N][4];
    for (float[] c : codes) {
      for (int j = 0; j < 4; j++) {
        c[j] = (float) r.nextGaussian();
      }
    }
    assertTrue(mig(codes, f) < 0.01, "MIG " + mig(codes, f));
  }

  @Test
  void twoDimensionsHoldingTheSameFactorLeaveNoGap() {
    double[][] f = factors(1, 4);
    float[][] codes = new float[N][2];
    for (int i = 0; i < N; i++) {
      codes[i][0] = (float) f[0][i];
      codes[i][1] = (float) -f[0][i];
    }
    assertEquals(0, mig(codes, f), 1e-9);
  }

  @Test
  void aCategoricalFactorByHand() {
    // v = 0,0,1,1; z0 copies it, z1 = 0,1,0,1 is independent: I(z0; v) = H(v) = ln 2, I(z1; v) = 0.
    float[][] codes = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    MutualInformationGap.Factor f =
        MutualInformationGap.of(codes, new double[] {0, 0, 1, 1}, true, 2);
    assertEquals(Math.log(2), f.entropy(), 1e-12);
    assertEquals(Math.log(2), f.mutualInformation()[0], 1e-12);
    assertEquals(0, f.mutualInformation()[1], 1e-12);
    assertEquals(1, f.gap(), 1e-12);
  }

  @Test
  void examplesWithoutAValueAreLeftOut() {
    // The NaN rows would break the copy if they were counted.
    float[][] codes = {{0}, {5}, {1}, {-3}};
    MutualInformationGap.Factor f =
        MutualInformationGap.of(codes, new double[] {0, Double.NaN, 1, Double.NaN}, true, 2);
    assertEquals(Math.log(2), f.mutualInformation()[0], 1e-12);
  }
}
