package dev.tfvae.train.cli;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.training.ImportanceBound;
import picocli.CommandLine.Option;

/**
 * {@code --iwae K} and {@code --seed}, shared by {@code eval}, {@code score} and {@code anomaly}: all three
 * compute the importance-weighted bound with {@link ImportanceBound}, so one model, example, K and seed
 * give one number in each of them.
 */
final class ImportanceOptions {
  /** The default noise seed of the commands that evaluate a model. */
  static final long DEFAULT_SEED = 42;

  @Option(names = "--iwae", paramLabel = "K",
      description = "also the importance-weighted bound with K samples, 1.." + ImportanceBound.MAX_SAMPLES
          + " (default ${DEFAULT-VALUE}: off)")
  int samples;

  @Option(names = "--seed",
      description = "seed of the sampled noise: the importance samples, and in eval the one sampled z"
          + " of neg_elbo (default ${DEFAULT-VALUE})")
  long seed = DEFAULT_SEED;

  /** Whether the bound was asked for; throws {@link IllegalArgumentException} for a bad K. */
  boolean requested() {
    ImportanceBound.checkSamples(samples, "--iwae");
    return samples > 0;
  }

  /** The bound of each of {@code xs}. */
  double[] scores(VaeModel model, float[][] xs) {
    return ImportanceBound.scores(model, xs, samples, seed);
  }

  /** The bound of each example with its label (a conditional model; {@code null} otherwise). */
  double[] scores(VaeModel model, float[][] xs, int[] labels) {
    return ImportanceBound.scores(model, xs, labels, samples, seed);
  }
}
