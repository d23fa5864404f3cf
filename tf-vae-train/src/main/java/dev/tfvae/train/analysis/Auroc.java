package dev.tfvae.train.analysis;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Area under the ROC curve of a score that should be higher for anomalies than for normal examples: the
 * probability that a random anomaly scores above a random normal example, ties counting one half
 * (the Mann–Whitney U statistic over the product of the group sizes), computed from ranks.
 */
public final class Auroc {
  private Auroc() {}

  public static double of(double[] normal, double[] anomalies) {
    checkArgument(normal.length > 0 && anomalies.length > 0, "both groups need examples");
    int n = normal.length + anomalies.length;
    double[] values = new double[n];
    boolean[] anomalous = new boolean[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      boolean a = i >= normal.length;
      values[i] = a ? anomalies[i - normal.length] : normal[i];
      checkArgument(!Double.isNaN(values[i]), "score %s is NaN", i);
      anomalous[i] = a;
      order[i] = i;
    }
    Arrays.sort(order, (p, q) -> Double.compare(values[p], values[q]));
    double rankSum = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double averageRank = (start + end) / 2.0 + 1; // 1-based ranks, ties share their mean rank
      for (int k = start; k <= end; k++) {
        if (anomalous[order[k]]) {
          rankSum += averageRank;
        }
      }
      start = end + 1;
    }
    double m = anomalies.length;
    double u = rankSum - m * (m + 1) / 2;
    return u / (m * normal.length);
  }
}
