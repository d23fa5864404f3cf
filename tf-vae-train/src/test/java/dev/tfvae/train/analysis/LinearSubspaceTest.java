package dev.tfvae.train.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Principal angles and orthogonality on subspaces built with known answers. */
class LinearSubspaceTest {

  /** A 5 × k matrix from its columns. */
  private static double[][] columns(double[]... cols) {
    double[][] out = new double[cols[0].length][cols.length];
    for (int c = 0; c < cols.length; c++) {
      for (int i = 0; i < cols[c].length; i++) {
        out[i][c] = cols[c][i];
      }
    }
    return out;
  }

  @Test
  void anglesOfPlanesTiltedByAKnownAngle() {
    double t = Math.toRadians(35);
    double[][] a = columns(new double[] {1, 0, 0, 0, 0}, new double[] {0, 1, 0, 0, 0});
    double[][] b = columns(new double[] {2, 0, 0, 0, 0}, new double[] {0, Math.cos(t), Math.sin(t), 0, 0});
    assertArrayEquals(new double[] {0, 35}, LinearSubspace.principalAnglesDegrees(a, b), 1e-6);
    double[][] orthogonal = columns(new double[] {0, 0, 0, 1, 0}, new double[] {0, 0, 0, 0, 3});
    assertArrayEquals(new double[] {90, 90}, LinearSubspace.principalAnglesDegrees(a, orthogonal), 1e-6);
  }

  @Test
  void anotherBasisOfTheSameSubspaceHasNoAngleButIsNotOrthogonal() {
    double[][] u = columns(new double[] {1, 0, 0, 0, 0}, new double[] {0, 0.6, 0.8, 0, 0});
    // w = u · [[1, 1], [0, 1]]: columns u0 and u0 + u1, 45° apart.
    double[][] w = columns(new double[] {1, 0, 0, 0, 0}, new double[] {1, 0.6, 0.8, 0, 0});
    assertArrayEquals(new double[] {0, 0}, LinearSubspace.principalAnglesDegrees(u, w), 1e-6);
    LinearSubspace.Orthogonality o = LinearSubspace.orthogonality(w);
    assertEquals(Math.sqrt(0.5), o.maxCosine(), 1e-12);
    assertEquals(Math.sqrt(0.5), o.offDiagonal(), 1e-12);
    // WᵀW = [[1, 1], [1, 2]]: eigenvalues (3 ± √5) / 2.
    assertEquals((3 + Math.sqrt(5)) / (3 - Math.sqrt(5)), o.condition(), 1e-9);
    LinearSubspace.Orthogonality ortho = LinearSubspace.orthogonality(u);
    assertEquals(0, ortho.maxCosine(), 1e-12);
    assertEquals(1, ortho.condition(), 1e-12);
  }

  @Test
  void theDecoderBasisIsReadFromAnAffineCodecAndANonLinearOneIsRefused() {
    double[][] w = columns(new double[] {1, 2, 0, 0, -1}, new double[] {0, 1, 3, 0, 0});
    double[] b = {0.5, 0, 0, 1, 0};
    Codec affine = codec(w, b, false);
    double[][] read = LinearSubspace.decoderBasis(affine);
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(w[i], read[i], 1e-6);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LinearSubspace.decoderBasis(codec(w, b, true)));
    assertTrue(e.getMessage().contains("not linear"), e.getMessage());
  }

  private static Codec codec(double[][] w, double[] b, boolean sigmoid) {
    return new Codec() {
      @Override
      public int latentDim() {
        return w[0].length;
      }

      @Override
      public float[][] encode(float[][] inputs) {
        throw new UnsupportedOperationException();
      }

      @Override
      public float[][] decode(float[][] codes) {
        float[][] out = new float[codes.length][w.length];
        for (int n = 0; n < codes.length; n++) {
          for (int i = 0; i < w.length; i++) {
            double v = b[i];
            for (int j = 0; j < codes[n].length; j++) {
              v += w[i][j] * codes[n][j];
            }
            out[n][i] = (float) (sigmoid ? 1 / (1 + Math.exp(-v)) : v);
          }
        }
        return out;
      }
    };
  }
}
