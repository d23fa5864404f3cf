package dev.tfvae.train.quality;

import static com.google.common.base.Preconditions.checkArgument;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The Fréchet (2-Wasserstein) distance between two Gaussians, the measure of FID:
 * {@code d² = ‖μ₁ − μ₂‖² + tr(Σ₁) + tr(Σ₂) − 2 tr((Σ₁ Σ₂)^½)}.
 *
 * <p>{@code Σ₁ Σ₂} is not symmetric, but it is similar to the symmetric positive semi-definite
 * {@code S = Σ₁^½ Σ₂ Σ₁^½}, so {@code tr((Σ₁ Σ₂)^½) = Σᵢ √λᵢ(S)}. Both square roots come from Commons
 * Math's symmetric eigen-decomposition; eigenvalues that rounding makes slightly negative count as 0.
 * The result is {@code d²} (what FID reports), never negative.
 */
public final class FrechetDistance {
  private FrechetDistance() {}

  /** {@code d²} between the two Gaussians. */
  public static double between(Gaussian a, Gaussian b) {
    int n = a.dimension();
    checkArgument(
        b.dimension() == n, "the Gaussians have %s and %s dimensions", n, b.dimension());
    double meanTerm = 0;
    for (int i = 0; i < n; i++) {
      double d = a.mean()[i] - b.mean()[i];
      meanTerm += d * d;
    }
    RealMatrix sa = new Array2DRowRealMatrix(a.covariance(), false);
    RealMatrix sb = new Array2DRowRealMatrix(b.covariance(), false);
    RealMatrix rootA = squareRoot(sa);
    RealMatrix product = symmetrized(rootA.multiply(sb).multiply(rootA));
    double traceOfRoot = 0;
    for (double lambda : new EigenDecomposition(product).getRealEigenvalues()) {
      traceOfRoot += Math.sqrt(Math.max(lambda, 0));
    }
    return Math.max(0, meanTerm + sa.getTrace() + sb.getTrace() - 2 * traceOfRoot);
  }

  /** The symmetric square root V·diag(√λ)·Vᵀ of a symmetric positive semi-definite matrix. */
  static RealMatrix squareRoot(RealMatrix symmetric) {
    EigenDecomposition e = new EigenDecomposition(symmetrized(symmetric));
    double[] lambda = e.getRealEigenvalues();
    RealMatrix v = e.getV();
    int n = lambda.length;
    RealMatrix scaled = v.copy();
    for (int j = 0; j < n; j++) {
      double root = Math.sqrt(Math.max(lambda[j], 0));
      for (int i = 0; i < n; i++) {
        scaled.setEntry(i, j, v.getEntry(i, j) * root);
      }
    }
    return scaled.multiply(v.transpose());
  }

  /** (M + Mᵀ)/2: removes the asymmetry rounding leaves, which the symmetric decomposition refuses. */
  private static RealMatrix symmetrized(RealMatrix m) {
    return m.add(m.transpose()).scalarMultiply(0.5);
  }
}
