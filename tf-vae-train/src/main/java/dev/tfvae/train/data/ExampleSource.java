package dev.tfvae.train.data;

import dev.tfvae.core.contract.ModelManifest;
import java.io.IOException;

/**
 * Examples read by position, as training and evaluation consume them: an in-memory {@link Split}, or a
 * {@link StreamedSplit} read from disk a range at a time. Example {@code i} is {@link #exampleSize()}
 * values; positions are 0-based.
 */
public interface ExampleSource {
  /** Examples held. */
  int count();

  /** Values per example. */
  int exampleSize();

  /**
   * Copies examples {@code [first, first + n)}, row-major, into {@code into[0 .. n · exampleSize())}.
   *
   * @throws IndexOutOfBoundsException if the range is not within {@code [0, count())} or does not fit
   * @throws IOException if the examples are on disk and cannot be read
   */
  void read(int first, int n, float[] into) throws IOException;

  /** These examples with each feature standardised, {@code (v − mean[j]) / std[j]} in float32. */
  ExampleSource standardized(ModelManifest.Standardization standardization);

  /** A copy of the first {@code n} examples (or all, if fewer) in memory, labels dropped. */
  default Split head(int n) throws IOException {
    int m = Math.min(n, count());
    float[] values = new float[Math.multiplyExact(m, exampleSize())];
    read(0, m, values);
    return new Split(values, exampleSize(), null);
  }
}
