package dev.tfvae.train.data;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The fixed train/validation division of data that comes without one (CSV tables, image folders): every
 * tenth example of a seeded shuffle is held out. It depends only on the number of examples, never on the
 * training seed, so {@code eval} sees exactly the examples training did not.
 */
final class HoldOut {
  private static final long SEED = 0x7F_7E57_5EEDL;

  private HoldOut() {}

  /** Which of {@code count} examples are validation examples (none when there are fewer than 10). */
  static boolean[] validationMask(int count) {
    BitSet rows = validationRows(count);
    boolean[] validation = new boolean[count];
    for (int r = rows.nextSetBit(0); r >= 0; r = rows.nextSetBit(r + 1)) {
      validation[r] = true;
    }
    return validation;
  }

  /**
   * {@link #validationMask} as a bit set; it needs 4 bytes per example while it shuffles, and keeps one
   * bit.
   */
  static BitSet validationRows(int count) {
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    BitSet validation = new BitSet(count);
    for (int k = 0; k < count / 10; k++) {
      validation.set(order[k]);
    }
    return validation;
  }

  /** Divides row-major {@code values} (and labels, may be null) by {@link #validationMask}. */
  static Split[] divide(float[] values, int exampleSize, int[] labels) {
    int count = values.length / exampleSize;
    boolean[] mask = validationMask(count);
    int validationCount = 0;
    for (boolean b : mask) {
      validationCount += b ? 1 : 0;
    }
    float[][] parts = {
      new float[(count - validationCount) * exampleSize], new float[validationCount * exampleSize]
    };
    int[][] labelParts =
        labels == null ? null : new int[][] {new int[count - validationCount], new int[validationCount]};
    int[] next = new int[2];
    for (int i = 0; i < count; i++) {
      int part = mask[i] ? 1 : 0;
      System.arraycopy(values, i * exampleSize, parts[part], next[part] * exampleSize, exampleSize);
      if (labels != null) {
        labelParts[part][next[part]] = labels[i];
      }
      next[part]++;
    }
    return new Split[] {
      new Split(parts[0], exampleSize, labels == null ? null : labelParts[0]),
      new Split(parts[1], exampleSize, labels == null ? null : labelParts[1])
    };
  }
}
