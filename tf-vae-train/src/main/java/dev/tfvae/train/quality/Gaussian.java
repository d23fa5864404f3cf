package dev.tfvae.train.quality;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A multivariate Gaussian, usually fitted to feature vectors: the mean and the covariance (with the
 * n − 1 denominator), accumulated in double precision.
 *
 * @param mean μ, length d
 * @param covariance Σ, d × d, symmetric
 * @param count how many vectors it was fitted to (0 when given directly)
 */
public record Gaussian(double[] mean, double[][] covariance, int count) {
  public Gaussian {
    checkArgument(mean.length > 0, "a Gaussian needs at least one dimension");
    checkArgument(
        covariance.length == mean.length, "covariance has %s rows for %s dimensions",
        covariance.length, mean.length);
    for (double[] row : covariance) {
      checkArgument(row.length == mean.length, "covariance rows must have %s values", mean.length);
    }
  }

  public int dimension() {
    return mean.length;
  }

  /** The Gaussian of mean {@code mean} and covariance {@code diag(variances)}. */
  public static Gaussian diagonal(double[] mean, double[] variances) {
    double[][] cov = new double[mean.length][mean.length];
    for (int i = 0; i < mean.length; i++) {
      cov[i][i] = variances[i];
    }
    return new Gaussian(mean.clone(), cov, 0);
  }

  /**
   * The mean and sample covariance of {@code vectors} (one row each, all of one length).
   *
   * @throws IllegalArgumentException with fewer than two vectors, or rows of different lengths
   */
  public static Gaussian fit(float[][] vectors) {
    checkArgument(vectors.length >= 2, "fitting a Gaussian needs at least 2 vectors, got %s", vectors.length);
    int d = vectors[0].length;
    double[] mean = new double[d];
    for (int r = 0; r < vectors.length; r++) {
      checkArgument(
          vectors[r].length == d, "vector %s has %s values, vector 0 has %s", r, vectors[r].length, d);
      for (int i = 0; i < d; i++) {
        mean[i] += vectors[r][i];
      }
    }
    for (int i = 0; i < d; i++) {
      mean[i] /= vectors.length;
    }
    double[][] cov = new double[d][d];
    double[] centred = new double[d];
    for (float[] v : vectors) {
      for (int i = 0; i < d; i++) {
        centred[i] = v[i] - mean[i];
      }
      for (int i = 0; i < d; i++) {
        double ci = centred[i];
        double[] row = cov[i];
        for (int j = i; j < d; j++) {
          row[j] += ci * centred[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        cov[i][j] /= vectors.length - 1;
        cov[j][i] = cov[i][j];
      }
    }
    return new Gaussian(mean, cov, vectors.length);
  }
}
