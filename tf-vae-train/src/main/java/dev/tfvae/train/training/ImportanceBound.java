package dev.tfvae.train.training;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Split;

/**
 * The importance-weighted bound {@code −log (1/K Σ_k p(x|z_k) p(z_k) / q(z_k|x))} of every example, as
 * {@code eval}, {@code score} and {@code anomaly} report it: tf-vae-infer's
 * {@link VaeModel#importanceScores}, its one implementation, called for one example at a time. A call's
 * float32 rounding depends on how many rows it holds, so a call per example makes an example's bound
 * the same whichever command, limit or position asks for it: one model, example, K and seed give one
 * number.
 */
public final class ImportanceBound {
  /** The largest K accepted (what {@link VaeModel#importanceScores} accepts). */
  public static final int MAX_SAMPLES = 10_000;

  private ImportanceBound() {}

  /**
   * Checks a {@code --iwae} value: 0 (off) or 1..{@value #MAX_SAMPLES}.
   *
   * @throws IllegalArgumentException naming {@code option} and the value otherwise
   */
  public static void checkSamples(int samples, String option) {
    if (samples < 0 || samples > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          option + " must be in 0.." + MAX_SAMPLES + " (0: off), got " + samples);
    }
  }

  /**
   * The bound of each example, in nats.
   *
   * @param xs examples in the model's input units (raw table units for a table model)
   * @param samples K, 1..{@value #MAX_SAMPLES}
   * @param seed seed of the importance samples
   * @throws IllegalArgumentException if the model cannot compute the bound (a plain autoencoder, or
   *     exported before the {@code log_likelihood} signature existed)
   */
  public static double[] scores(VaeModel model, float[][] xs, int samples, long seed) {
    return scores(model, xs, null, samples, seed);
  }

  /**
   * The bound of each example with its label ({@code labels[i]} of {@code xs[i]}: −log p(x | label) of
   * a conditional model; {@code null} for an unconditional one).
   */
  public static double[] scores(VaeModel model, float[][] xs, int[] labels, int samples, long seed) {
    double[] out = new double[xs.length];
    try {
      for (int i = 0; i < xs.length; i++) {
        out[i] = labels == null
            ? model.importanceScores(new float[][] {xs[i]}, samples, seed)[0]
            : model.importanceScores(new float[][] {xs[i]}, new int[] {labels[i]}, samples, seed)[0];
      }
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(
          "--iwae: " + e.getMessage() + "; the importance-weighted bound needs a VAE exported by a"
              + " tf-vae with that signature", e);
    }
    return out;
  }

  /** The bound of each example of {@code split}. */
  public static double[] scores(VaeModel model, Split split, int samples, long seed) {
    return scores(model, rows(split), model.isConditional() ? split.labels() : null, samples, seed);
  }

  private static float[][] rows(Split split) {
    float[][] xs = new float[split.count()][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = split.example(i);
    }
    return xs;
  }

  /**
   * A conditional model's bound on −log p(x) with the label summed out: the model of x alone is
   * p(x) = Σ_y p(y) p(x | y) with p(y) = 1/C over its C classes, so with each label's importance estimate
   * p̂(x | y) (the same K and seed for every label), {@code −log (1/C Σ_y p̂(x | y))} bounds −log p(x) in
   * expectation as the plain bound does (Jensen's inequality over the sum). It needs no label of x, costs
   * C times the plain bound, and lies between the best label's bound and that plus log C.
   *
   * @throws IllegalArgumentException if the model is not conditional
   */
  public static double[] marginalScores(VaeModel model, float[][] xs, int samples, long seed) {
    if (!model.isConditional()) {
      throw new IllegalArgumentException(model.path() + " is not a conditional model; its bound on"
          + " −log p(x) is the plain one");
    }
    int classes = model.classes();
    double[][] perLabel = new double[classes][];
    for (int y = 0; y < classes; y++) {
      int[] labels = new int[xs.length];
      java.util.Arrays.fill(labels, y);
      perLabel[y] = scores(model, xs, labels, samples, seed);
    }
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int y = 0; y < classes; y++) {
        best = Math.min(best, perLabel[y][i]);
      }
      double sum = 0;
      for (int y = 0; y < classes; y++) {
        sum += Math.exp(best - perLabel[y][i]);
      }
      out[i] = best - Math.log(sum / classes);
    }
    return out;
  }

  /** The mean of {@link #marginalScores} over {@code split}, summed in example order. */
  public static double marginalMean(VaeModel model, Split split, int samples, long seed) {
    double sum = 0;
    for (double v : marginalScores(model, rows(split), samples, seed)) {
      sum += v;
    }
    return sum / split.count();
  }

  /** The mean bound over {@code split}, summed in example order. */
  public static double mean(VaeModel model, Split split, int samples, long seed) {
    double sum = 0;
    for (double v : scores(model, split, samples, seed)) {
      sum += v;
    }
    return sum / split.count();
  }
}
