package dev.tfvae.train.quality;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How often the class a classifier assigns is the class that was asked for: the share of matches and the
 * confusion matrix, rows the requested class, columns the assigned one.
 *
 * @param confusion {@code confusion[requested][assigned]} counts, classes × classes
 */
public record ClassMatch(int[][] confusion) {
  public ClassMatch {
    checkArgument(confusion.length > 0, "a confusion matrix needs at least one class");
    for (int[] row : confusion) {
      checkArgument(
          row.length == confusion.length, "the confusion matrix must be square: a row has %s of %s",
          row.length, confusion.length);
    }
  }

  /**
   * Counts the pairs ({@code requested[i]}, {@code assigned[i]}).
   *
   * @throws IllegalArgumentException if the arrays differ in length or hold a label outside
   *     0 … classes − 1
   */
  public static ClassMatch of(int[] requested, int[] assigned, int classes) {
    checkArgument(
        requested.length == assigned.length, "%s requested labels but %s assigned ones",
        requested.length, assigned.length);
    int[][] confusion = new int[classes][classes];
    for (int i = 0; i < requested.length; i++) {
      checkArgument(
          requested[i] >= 0 && requested[i] < classes && assigned[i] >= 0 && assigned[i] < classes,
          "sample %s: labels must be in 0..%s, got requested %s, assigned %s",
          i, classes - 1, requested[i], assigned[i]);
      confusion[requested[i]][assigned[i]]++;
    }
    return new ClassMatch(confusion);
  }

  public int classes() {
    return confusion.length;
  }

  /** Number of samples counted. */
  public int total() {
    int n = 0;
    for (int[] row : confusion) {
      for (int c : row) {
        n += c;
      }
    }
    return n;
  }

  /** Share of samples assigned to the class asked for (the diagonal over the total); NaN when empty. */
  public double share() {
    int hits = 0;
    for (int i = 0; i < confusion.length; i++) {
      hits += confusion[i][i];
    }
    int n = total();
    return n == 0 ? Double.NaN : hits / (double) n;
  }

  /** Share of class {@code label}'s requests that were assigned to it; NaN when it had none. */
  public double shareOf(int label) {
    int n = 0;
    for (int c : confusion[label]) {
      n += c;
    }
    return n == 0 ? Double.NaN : confusion[label][label] / (double) n;
  }
}
