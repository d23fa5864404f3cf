package dev.tfvae.train.factors;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * The mutual information gap (Chen et al., "Isolating Sources of Disentanglement in VAEs", 2018): for a
 * factor v, the mutual information I(z_j; v) of every latent dimension with it; the gap between the
 * largest and the second largest, divided by the entropy H(v). 1 when one dimension holds all of the
 * factor and no other holds any; 0 when two hold it equally or none does. The MIG of a code is the mean
 * gap over factors.
 *
 * <p>Estimated from histograms: each latent dimension's values (μ) in {@code bins} equal-width bins
 * over their range, a continuous factor likewise, a categorical factor by its values. Plug-in estimates
 * are biased upwards by about (bins − 1)² / 2n nats, so use many examples (thousands) per estimate.
 */
public final class MutualInformationGap {
  /** Bins per continuous variable unless told otherwise. */
  public static final int DEFAULT_BINS = 20;

  private MutualInformationGap() {}

  /**
   * One factor's figures.
   *
   * @param mutualInformation I(z_j; v) of each dimension j, nats
   * @param entropy H(v) of the binned factor, nats
   * @param best the dimension with the largest mutual information
   * @param gap (largest − second largest) / H(v)
   */
  public record Factor(double[] mutualInformation, double entropy, int best, double gap) {
    public Factor {
      mutualInformation = mutualInformation.clone();
    }

    @Override
    public double[] mutualInformation() {
      return mutualInformation.clone();
    }
  }

  /**
   * The figures of one factor over the examples whose factor value is not NaN.
   *
   * @param codes one code per example
   * @param factor the factor's value for each example (NaN: not defined for it, skipped)
   * @param categorical values are category indices (0, 1, 2, …) rather than a continuous quantity
   */
  public static Factor of(float[][] codes, double[] factor, boolean categorical, int bins) {
    checkArgument(codes.length == factor.length, "%s codes for %s factor values", codes.length,
        factor.length);
    checkArgument(bins >= 2 && bins <= 1000, "bins must be in 2..1000: %s", bins);
    int n = 0;
    for (double v : factor) {
      n += Double.isNaN(v) ? 0 : 1;
    }
    checkArgument(n >= 2, "a factor needs at least 2 examples with a value, got %s", n);
    int dims = codes[0].length;
    checkArgument(dims >= 1, "codes have no dimensions");
    int[] v = new int[n];
    int vBins;
    if (categorical) {
      int k = 0;
      int max = 0;
      for (double f : factor) {
        if (!Double.isNaN(f)) {
          checkArgument(f >= 0 && f == Math.rint(f) && f < 10_000, "category %s is not an index", f);
          v[k++] = (int) f;
          max = Math.max(max, (int) f);
        }
      }
      vBins = max + 1;
    } else {
      double[] values = new double[n];
      int k = 0;
      for (double f : factor) {
        if (!Double.isNaN(f)) {
          values[k++] = f;
        }
      }
      v = binned(values, bins);
      vBins = bins;
    }
    double entropy = entropy(v, vBins);
    double[] mi = new double[dims];
    for (int j = 0; j < dims; j++) {
      double[] z = new double[n];
      int k = 0;
      for (int i = 0; i < codes.length; i++) {
        if (!Double.isNaN(factor[i])) {
          z[k++] = codes[i][j];
        }
      }
      int[] zb = binned(z, bins);
      mi[j] = entropy(zb, bins) + entropy - jointEntropy(zb, bins, v, vBins);
    }
    int best = 0;
    for (int j = 1; j < dims; j++) {
      if (mi[j] > mi[best]) {
        best = j;
      }
    }
    double second = 0;
    for (int j = 0; j < dims; j++) {
      if (j != best) {
        second = Math.max(second, mi[j]);
      }
    }
    double gap = entropy == 0 ? 0 : (mi[best] - second) / entropy;
    return new Factor(mi, entropy, best, gap);
  }

  /** The mean gap over {@code factors}. */
  public static double mean(List<Factor> factors) {
    checkArgument(!factors.isEmpty(), "no factors");
    return factors.stream().mapToDouble(Factor::gap).average().orElseThrow();
  }

  /** Equal-width bins over the values' range (all in bin 0 when they are all equal). */
  static int[] binned(double[] values, int bins) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double x : values) {
      checkArgument(Double.isFinite(x), "not a finite value: %s", x);
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    int[] out = new int[values.length];
    if (max > min) {
      for (int i = 0; i < values.length; i++) {
        out[i] = Math.min(bins - 1, (int) ((values[i] - min) / (max - min) * bins));
      }
    }
    return out;
  }

  private static double entropy(int[] values, int bins) {
    double[] counts = new double[bins];
    for (int x : values) {
      counts[x]++;
    }
    return entropyOf(counts, values.length);
  }

  private static double jointEntropy(int[] a, int aBins, int[] b, int bBins) {
    double[] counts = new double[aBins * bBins];
    for (int i = 0; i < a.length; i++) {
      counts[a[i] * bBins + b[i]]++;
    }
    return entropyOf(counts, a.length);
  }

  private static double entropyOf(double[] counts, int n) {
    double h = 0;
    for (double c : counts) {
      if (c > 0) {
        double p = c / n;
        h -= p * Math.log(p);
      }
    }
    return h;
  }
}
