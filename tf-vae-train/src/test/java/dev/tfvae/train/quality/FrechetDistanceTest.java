package dev.tfvae.train.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against closed forms, and the fitted Gaussian against a hand computation. */
class FrechetDistanceTest {

  /** Diagonal covariances: d² = Σ (μ₁ − μ₂)² + Σ (σ₁ − σ₂)², with σ the standard deviations. */
  @Test
  void diagonalGaussiansFollowTheExplicitFormula() {
    double[] m1 = {0, 1, -2, 3};
    double[] m2 = {1, 1, 0, -1};
    double[] v1 = {1, 4, 9, 0.25};
    double[] v2 = {4, 4, 1, 2.25};
    double expected = 1 + 0 + 4 + 16 + (1 - 2) * (1 - 2) + 0 + (3 - 1) * (3 - 1) + (0.5 - 1.5) * (0.5 - 1.5);
    assertEquals(
        expected,
        FrechetDistance.between(Gaussian.diagonal(m1, v1), Gaussian.diagonal(m2, v2)),
        1e-9);
    assertEquals(0, FrechetDistance.between(Gaussian.diagonal(m1, v1), Gaussian.diagonal(m1, v1)), 1e-9);
  }

  /** Σ₂ = c·Σ₁ (a full, non-diagonal Σ₁): tr(Σ₁ + cΣ₁ − 2√c Σ₁) = (1 − √c)² tr Σ₁. */
  @Test
  void aScaledFullCovarianceFollowsItsClosedForm() {
    double[][] s1 = {{2, 0.8, 0.3}, {0.8, 1.5, -0.4}, {0.3, -0.4, 1}};
    double c = 2.7;
    double[][] s2 = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        s2[i][j] = c * s1[i][j];
      }
    }
    double[] m1 = {0.5, -1, 2};
    double[] m2 = {0, 0, 0};
    double expected = 0.25 + 1 + 4 + Math.pow(1 - Math.sqrt(c), 2) * (2 + 1.5 + 1);
    assertEquals(
        expected, FrechetDistance.between(new Gaussian(m1, s1, 0), new Gaussian(m2, s2, 0)), 1e-9);
  }

  /**
   * Two 2 × 2 covariances that do not commute: the eigenvalues λ of Σ₁Σ₂ give
   * √λ₁ + √λ₂ = √(tr(Σ₁Σ₂) + 2√(det Σ₁ det Σ₂)), a formula independent of any decomposition.
   */
  @Test
  void nonCommutingCovariancesMatchTheTwoByTwoFormula() {
    double[][] s1 = {{2, 1}, {1, 1}};
    double[][] s2 = {{1, -0.5}, {-0.5, 3}};
    double trProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
    double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0];
    double det2 = s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0];
    double traceOfRoot = Math.sqrt(trProduct + 2 * Math.sqrt(det1 * det2));
    double expected = 1 + 4 + (2 + 1) + (1 + 3) - 2 * traceOfRoot;
    assertEquals(
        expected,
        FrechetDistance.between(
            new Gaussian(new double[] {1, 2}, s1, 0), new Gaussian(new double[] {0, 0}, s2, 0)),
        1e-9);
  }

  /** A Gaussian fitted to many draws of N(μ, Σ) is close to it: d² shrinks like 1/n. */
  @Test
  void aFittedGaussianApproachesTheOneItWasDrawnFrom() {
    double[] mean = {1, -1, 0.5};
    double[] std = {1, 2, 0.5};
    Random r = new Random(5);
    float[][] draws = new float[20_000][3];
    for (float[] v : draws) {
      for (int i = 0; i < 3; i++) {
        v[i] = (float) (mean[i] + std[i] * r.nextGaussian());
      }
    }
    Gaussian fitted = Gaussian.fit(draws);
    double d2 = FrechetDistance.between(fitted, Gaussian.diagonal(mean, new double[] {1, 4, 0.25}));
    // Each of the 3 mean and 3 standard-deviation errors is about σ/√n ≈ 0.007–0.014, so d² ≈ 1e-3.
    assertEquals(0, d2, 3e-3);
  }

  @Test
  void fitComputesTheSampleMeanAndCovariance() {
    Gaussian g = Gaussian.fit(new float[][] {{1, 2}, {3, 6}, {5, 4}});
    assertEquals(3, g.mean()[0], 1e-12);
    assertEquals(4, g.mean()[1], 1e-12);
    // Deviations (−2, −2), (0, 2), (2, 0): Σ = [[8, 4], [4, 8]] / 2.
    assertEquals(4, g.covariance()[0][0], 1e-12);
    assertEquals(2, g.covariance()[0][1], 1e-12);
    assertEquals(2, g.covariance()[1][0], 1e-12);
    assertEquals(4, g.covariance()[1][1], 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Gaussian.fit(new float[][] {{1, 2}}));
    assertThrows(IllegalArgumentException.class, () -> Gaussian.fit(new float[][] {{1, 2}, {3}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> FrechetDistance.between(
            Gaussian.diagonal(new double[] {0}, new double[] {1}),
            Gaussian.diagonal(new double[] {0, 0}, new double[] {1, 1})));
  }
}
