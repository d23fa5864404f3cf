package dev.tfvae.train.analysis;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.train.data.Split;
import java.util.SplittableRandom;

/**
 * Corrupted copies of examples, to measure how well a model reconstructs the clean example from a noisy
 * one: masking (each value set to 0 with probability {@code maskRate}), then Gaussian noise of standard
 * deviation {@code sigma}, the result clipped to the examples' own range. The same corruption a
 * denoising model is trained with ({@code train --denoise/--mask}), drawn in Java from a seed so every
 * model is measured on the same corrupted inputs.
 *
 * @param sigma standard deviation of the additive noise, 0 for none
 * @param maskRate share of values set to 0, in [0, 1)
 * @param seed seed of the draws
 */
public record InputCorruption(double sigma, double maskRate, long seed) {
  public InputCorruption {
    checkArgument(sigma >= 0 && Double.isFinite(sigma), "--sigma must be a number >= 0, got %s", sigma);
    checkArgument(maskRate >= 0 && maskRate < 1, "--mask must be in [0, 1), got %s", maskRate);
    checkArgument(sigma > 0 || maskRate > 0, "give --sigma or --mask (or both): nothing to corrupt");
  }

  /** {@code clean} corrupted, labels kept. */
  public Split apply(Split clean) {
    float[] values = clean.values();
    float low = Float.POSITIVE_INFINITY;
    float high = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = maskRate > 0 && random.nextDouble() < maskRate ? 0 : values[i];
      if (sigma > 0) {
        v = Math.min(high, Math.max(low, v + sigma * gaussian(random)));
      }
      out[i] = (float) v;
    }
    return new Split(out, clean.exampleSize(), clean.labels());
  }

  /** What the corruption is, for captions: "Gaussian σ = 0.5, clipped" or "masking 30 %". */
  public String description() {
    String noise = sigma > 0 ? String.format(java.util.Locale.ROOT, "Gaussian noise σ = %s (clipped)", sigma) : "";
    String mask = maskRate > 0
        ? String.format(java.util.Locale.ROOT, "%s of values masked to 0", percent(maskRate)) : "";
    return noise.isEmpty() ? mask : mask.isEmpty() ? noise : mask + ", then " + noise;
  }

  private static String percent(double rate) {
    return String.format(java.util.Locale.ROOT, "%.0f %%", 100 * rate);
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
