package dev.tfvae.train.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.train.data.Split;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Points a·e1 + b·e2 + c (e1, e2 orthonormal in 6-D, var a = 9, var b = 1) plus tiny noise: PCA must find
 * span{e1, e2} in that order, variances 9 and 1, and reconstruct with only the noise left.
 */
class PcaTest {

  @Test
  void recoversAKnownPlane() {
    Random random = new Random(5);
    int d = 6;
    int n = 4000;
    double[] e1 = {1, 1, 0, 0, 1, 1};
    double[] e2 = {1, -1, 1, -1, 0, 0};
    normalise(e1);
    normalise(e2); // already orthogonal to e1
    double[] c = {5, -2, 0, 1, 3, 7};
    float[] values = new float[n * d];
    for (int i = 0; i < n; i++) {
      double a = 3 * random.nextGaussian();
      double b = random.nextGaussian();
      for (int j = 0; j < d; j++) {
        values[i * d + j] = (float) (c[j] + a * e1[j] + b * e2[j] + 1e-3 * random.nextGaussian());
      }
    }
    Split data = new Split(values, d, null);
    Pca pca = Pca.fit(data, 2);
    assertEquals(1.0, Math.abs(dot(pca.direction(0), e1)), 1e-4);
    assertEquals(1.0, Math.abs(dot(pca.direction(1), e2)), 1e-4);
    assertEquals(9.0, pca.variances()[0], 9 * 0.08);
    assertEquals(1.0, pca.variances()[1], 0.08);
    assertTrue(pca.reconstructionMse(data) < 1e-5, "mse " + pca.reconstructionMse(data));
    // One component leaves the second direction's variance (1) spread over 6 values.
    assertEquals(1.0 / 6, Pca.fit(data, 1).reconstructionMse(data), 0.02);
    assertThrows(IllegalArgumentException.class, () -> Pca.fit(data, 7));
  }

  private static void normalise(double[] v) {
    double norm = Math.sqrt(dot(v, v));
    for (int i = 0; i < v.length; i++) {
      v[i] /= norm;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double dot(float[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
