package dev.tfvae.train.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PicturesTest {

  /**
   * Codes a·e1 + b·e2 + c (orthonormal e1, e2 in 4-D, var a = 16, var b = 1): the latent map's two axes
   * are ±(a − mean a) and ±(b − mean b), known without running a PCA.
   */
  @Test
  void latentMapProjectionIsTheDirectPca() {
    Random random = new Random(4);
    double[] e1 = {0.5, 0.5, 0.5, 0.5};
    double[] e2 = {0.5, -0.5, 0.5, -0.5};
    int n = 3000;
    double[] a = new double[n];
    double[] b = new double[n];
    float[][] codes = new float[n][4];
    double meanA = 0;
    double meanB = 0;
    for (int i = 0; i < n; i++) {
      a[i] = 4 * random.nextGaussian();
      b[i] = random.nextGaussian();
      meanA += a[i] / n;
      meanB += b[i] / n;
    }
    // Make the sample of b exactly uncorrelated with a, so the sample covariance is diagonal in (e1, e2).
    double ab = 0;
    double aa = 0;
    for (int i = 0; i < n; i++) {
      ab += (a[i] - meanA) * (b[i] - meanB);
      aa += (a[i] - meanA) * (a[i] - meanA);
    }
    for (int i = 0; i < n; i++) {
      b[i] -= ab / aa * (a[i] - meanA);
      for (int j = 0; j < 4; j++) {
        codes[i][j] = (float) (a[i] * e1[j] + b[i] * e2[j] + (j == 0 ? 3 : 0));
      }
    }
    float[][] points = Pictures.project(codes);
    double signA = Math.signum(points[0][0] * (a[0] - meanA));
    double signB = Math.signum(points[0][1] * (b[0] - meanB));
    for (int i = 0; i < n; i++) {
      assertEquals(signA * (a[i] - meanA), points[i][0], 1e-3, "PC 1 of code " + i);
      assertEquals(signB * (b[i] - meanB), points[i][1], 1e-3, "PC 2 of code " + i);
    }
    // Two-dimensional codes are shown as they are.
    float[][] flat = {{1, 2}, {3, -4}};
    assertEquals(-4f, Pictures.project(flat)[1][1]);
  }
}
