package dev.tfvae.train.analysis;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.train.data.Split;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Uniform random inputs of a model's input shape: the {@code noise} anomaly set of {@code anomaly} and the
 * noise of the report's anomaly section, made here only so the two agree.
 *
 * <p>An image ({@code [H, W]} or {@code [H, W, C]}) gets values uniform in [0, 1], the pixel range. A table
 * row ({@code [F]}) gets each column uniform over that column's observed range [min, max] in reference
 * examples (the normal set), since [0, 1] is no range at all in a table's own units (years, kilograms).
 *
 * <p>Guarantees: the values depend only on the shape, the reference's ranges, the count and the seed;
 * the first {@code n} rows of a larger draw equal a draw of {@code n} rows.
 */
public final class UniformNoise {
  /** The seed {@code anomaly} and the report use. */
  public static final long SEED = 0x0153;

  private UniformNoise() {}

  /** Whether inputs of {@code shape} are images (noise in [0, 1]) rather than table rows. */
  public static boolean isImage(List<Integer> shape) {
    return shape.size() == 2 || shape.size() == 3;
  }

  /**
   * {@code count} noise inputs of {@code shape}.
   *
   * @param reference examples whose per-column ranges a table row's noise spans; ignored for images
   */
  public static Split of(List<Integer> shape, Split reference, int count, long seed) {
    checkArgument(count > 0, "count must be positive, got %s", count);
    int size = shape.stream().reduce(1, Math::multiplyExact);
    float[] low = new float[size];
    float[] high = new float[size];
    java.util.Arrays.fill(high, 1f);
    if (!isImage(shape)) {
      checkArgument(reference.count() > 0 && reference.exampleSize() == size,
          "table noise needs reference rows of %s values, got %s rows of %s", size, reference.count(),
          reference.exampleSize());
      columnRanges(reference, low, high);
    }
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[count * size];
    for (int i = 0; i < values.length; i++) {
      int j = i % size;
      values[i] = (float) (low[j] + (high[j] - low[j]) * random.nextDouble());
    }
    return new Split(values, size, null);
  }

  /** How the noise of {@code shape} is drawn, for people. */
  public static String description(List<Integer> shape) {
    return isImage(shape)
        ? "uniform random values in [0, 1] of the model's input shape " + shape
        : "each column uniform over its observed range [min, max] in the normal examples";
  }

  private static void columnRanges(Split reference, float[] low, float[] high) {
    java.util.Arrays.fill(low, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(high, Float.NEGATIVE_INFINITY);
    float[] v = reference.values();
    for (int i = 0; i < v.length; i++) {
      int j = i % low.length;
      low[j] = Math.min(low[j], v[i]);
      high[j] = Math.max(high[j], v[i]);
    }
  }
}
