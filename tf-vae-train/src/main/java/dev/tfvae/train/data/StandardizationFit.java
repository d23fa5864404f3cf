package dev.tfvae.train.data;

import dev.tfvae.core.contract.ModelManifest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a table's standardisation in two passes over its training rows, given in any number of pieces in
 * row order: first every value for the means, then every value again for the spreads. Sums are in double,
 * in row order, so pieces of any size give the same result bit for bit; a constant column gets standard
 * deviation 1.
 */
final class StandardizationFit {
  private final int d;
  private final double[] sum;
  private final double[] squares;
  private double[] mean;
  private long rows;

  StandardizationFit(int columns) {
    this.d = columns;
    this.sum = new double[columns];
    this.squares = new double[columns];
  }

  /** First pass: the values {@code values[0 .. length)}, whole rows. */
  void addForMean(float[] values, int length) {
    for (int i = 0; i < length; i++) {
      sum[i % d] += values[i];
    }
    rows += length / d;
  }

  /** Second pass, after every row went through {@link #addForMean}. */
  void addForSpread(float[] values, int length) {
    if (mean == null) {
      mean = new double[d];
      for (int j = 0; j < d; j++) {
        mean[j] = sum[j] / rows;
      }
    }
    for (int i = 0; i < length; i++) {
      double diff = values[i] - mean[i % d];
      squares[i % d] += diff * diff;
    }
  }

  ModelManifest.Standardization result(List<String> names) {
    List<Double> means = new ArrayList<>();
    List<Double> stds = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      double std = Math.sqrt(squares[j] / rows);
      means.add(mean[j]);
      stds.add(std > 1e-12 * Math.max(1, Math.abs(mean[j])) ? std : 1.0);
    }
    return new ModelManifest.Standardization(names, means, stds);
  }
}
