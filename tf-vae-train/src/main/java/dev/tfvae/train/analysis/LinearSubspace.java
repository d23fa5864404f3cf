package dev.tfvae.train.analysis;

import static com.google.common.base.Preconditions.checkArgument;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The subspace a linear decoder spans, compared with another (PCA's): the principal angles between the
 * two, and how far the decoder's own basis is from orthogonal. A linear autoencoder trained to
 * convergence spans PCA's subspace (angles near 0) but with any basis of it; PCA's basis is orthogonal.
 * Decompositions are Commons Math's (QR for orthonormal bases, SVD for the angles, symmetric
 * eigen-decomposition for the condition of WᵀW).
 *
 * <p>A basis is a {@code D × k} matrix given as {@code double[D][k]}: column c is direction c.
 */
public final class LinearSubspace {
  /** Largest relative deviation from {@code W z + b} that still counts as a linear decoder. */
  static final double LINEAR_TOLERANCE = 1e-3;

  private LinearSubspace() {}

  /**
   * How orthogonal a basis is.
   *
   * @param maxCosine the largest |cos| between two of its columns (0 when orthogonal)
   * @param offDiagonal ‖C − I‖_F / √(k(k−1)) with C = WᵀW scaled to unit diagonal: the root mean square
   *     cosine between distinct columns (0 when orthogonal; 0 for a single column)
   * @param condition the condition number of WᵀW, largest over smallest eigenvalue (1 only for an
   *     orthogonal basis whose columns also have equal lengths)
   */
  public record Orthogonality(double maxCosine, double offDiagonal, double condition) {}

  /**
   * The columns W and offset b of a decoder that is affine in z, read from {@code codec} itself:
   * b = decode(0), column j = decode(e_j) − b; checked on two more codes.
   *
   * @return {@code double[D][L]}
   * @throws IllegalArgumentException if the decoder is not affine (e.g. ends in a sigmoid)
   */
  public static double[][] decoderBasis(Codec codec) {
    int l = codec.latentDim();
    float[][] codes = new float[l + 3][l];
    for (int j = 0; j < l; j++) {
      codes[j + 1][j] = 1;
    }
    for (int j = 0; j < l; j++) {
      codes[l + 1][j] = (float) (0.5 + 0.25 * Math.sin(j + 1.0));
      codes[l + 2][j] = (float) (-1.5 + Math.cos(3.0 * j));
    }
    float[][] out = codec.decode(codes);
    int d = out[0].length;
    double[][] w = new double[d][l];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < l; j++) {
        w[i][j] = (double) out[j + 1][i] - out[0][i];
      }
    }
    for (int probe = l + 1; probe < l + 3; probe++) {
      double err = 0;
      double norm = 0;
      for (int i = 0; i < d; i++) {
        double predicted = out[0][i];
        for (int j = 0; j < l; j++) {
          predicted += w[i][j] * codes[probe][j];
        }
        err += (predicted - out[probe][i]) * (predicted - out[probe][i]);
        norm += (out[probe][i] - out[0][i]) * (out[probe][i] - out[0][i]);
      }
      checkArgument(err <= LINEAR_TOLERANCE * LINEAR_TOLERANCE * Math.max(norm, 1e-12),
          "the decoder is not linear in z (relative deviation %s from W z + b); train it with --arch"
              + " linear", Math.sqrt(err / Math.max(norm, 1e-12)));
    }
    return w;
  }

  /**
   * The principal angles between the column spaces of {@code a} and {@code b}, in degrees, smallest
   * first; as many as the smaller of their ranks.
   */
  public static double[] principalAnglesDegrees(double[][] a, double[][] b) {
    checkArgument(a.length == b.length, "bases of spaces of different dimension: %s and %s", a.length,
        b.length);
    RealMatrix qa = orthonormal(a);
    RealMatrix qb = orthonormal(b);
    double[] cosines = new SingularValueDecomposition(qa.transpose().multiply(qb)).getSingularValues();
    double[] angles = new double[cosines.length];
    for (int i = 0; i < cosines.length; i++) {
      angles[i] = Math.toDegrees(Math.acos(Math.min(1, Math.max(-1, cosines[i]))));
    }
    return angles;
  }

  /** How far the columns of {@code w} are from orthogonal. */
  public static Orthogonality orthogonality(double[][] w) {
    RealMatrix m = new Array2DRowRealMatrix(w, false);
    RealMatrix gram = m.transpose().multiply(m);
    int k = gram.getRowDimension();
    double max = 0;
    double sum = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        if (i != j) {
          double c = gram.getEntry(i, j) / Math.sqrt(gram.getEntry(i, i) * gram.getEntry(j, j));
          max = Math.max(max, Math.abs(c));
          sum += c * c;
        }
      }
    }
    double[] eigen = new EigenDecomposition(gram).getRealEigenvalues();
    double largest = Double.NEGATIVE_INFINITY;
    double smallest = Double.POSITIVE_INFINITY;
    for (double e : eigen) {
      largest = Math.max(largest, e);
      smallest = Math.min(smallest, e);
    }
    return new Orthogonality(
        max, k < 2 ? 0 : Math.sqrt(sum / (k * (k - 1.0))),
        smallest <= 0 ? Double.POSITIVE_INFINITY : largest / smallest);
  }

  /** PCA's principal directions as a {@code D × k} basis. */
  public static double[][] basis(Pca pca) {
    int k = pca.components();
    double[][] out = null;
    for (int c = 0; c < k; c++) {
      float[] direction = pca.direction(c);
      if (out == null) {
        out = new double[direction.length][k];
      }
      for (int i = 0; i < direction.length; i++) {
        out[i][c] = direction[i];
      }
    }
    return out;
  }

  private static RealMatrix orthonormal(double[][] basis) {
    checkArgument(basis.length > 0 && basis[0].length > 0, "empty basis");
    int k = basis[0].length;
    checkArgument(k <= basis.length, "%s directions in a %s-dimensional space", k, basis.length);
    RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(basis, true)).getQ();
    return q.getSubMatrix(0, basis.length - 1, 0, k - 1);
  }
}
