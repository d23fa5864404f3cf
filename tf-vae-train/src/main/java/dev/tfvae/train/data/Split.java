package dev.tfvae.train.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;

import java.util.Arrays;

/**
 * One part of a dataset (training or validation) held as a flat row-major array: example {@code i}
 * occupies {@code values[i*exampleSize .. (i+1)*exampleSize)}.
 *
 * @param values all examples, scaled as the model consumes them
 * @param exampleSize values per example
 * @param labels one label per example, or {@code null} when the data has none
 */
public record Split(float[] values, int exampleSize, int[] labels) implements ExampleSource {
  public Split {
    checkArgument(exampleSize > 0, "example size must be positive: %s", exampleSize);
    checkArgument(
        values.length % exampleSize == 0,
        "%s values are not a whole number of %s-value examples",
        values.length,
        exampleSize);
    checkArgument(
        labels == null || labels.length == values.length / exampleSize,
        "%s labels for %s examples",
        labels == null ? 0 : labels.length,
        values.length / exampleSize);
  }

  @Override
  public int count() {
    return values.length / exampleSize;
  }

  @Override
  public void read(int first, int n, float[] into) {
    java.util.Objects.checkFromIndexSize(first, n, count());
    System.arraycopy(values, first * exampleSize, into, 0, n * exampleSize);
  }

  /** A copy of example {@code i}. */
  public float[] example(int i) {
    checkElementIndex(i, count(), "example index");
    return Arrays.copyOfRange(values, i * exampleSize, (i + 1) * exampleSize);
  }

  /** A copy with each feature standardised: {@code (v − mean[j]) / std[j]} for feature j. */
  @Override
  public Split standardized(dev.tfvae.core.contract.ModelManifest.Standardization s) {
    checkArgument(
        s.mean().size() == exampleSize,
        "standardization has %s columns, the data has %s",
        s.mean().size(),
        exampleSize);
    float[] mean = s.meanArray();
    float[] std = s.stdArray();
    float[] out = new float[values.length];
    for (int i = 0; i < out.length; i++) {
      int j = i % exampleSize;
      out[i] = (values[i] - mean[j]) / std[j];
    }
    return new Split(out, exampleSize, labels);
  }

  /** The first {@code n} examples (or all, if fewer), with their labels. */
  @Override
  public Split head(int n) {
    int m = Math.min(n, count());
    return new Split(
        Arrays.copyOf(values, m * exampleSize),
        exampleSize,
        labels == null ? null : Arrays.copyOf(labels, m));
  }
}
