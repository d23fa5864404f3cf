package dev.tfvae.train.quality;

/**
 * Something that generates images asked to be of a given class: a conditional model's
 * {@code generate(label, n, seed)}, or {@link LatentClassGaussians} for a plain VAE. Sample quality
 * measures how many of them the classifier assigns to the class that was asked for
 * ({@link ClassMatch}).
 */
public interface LabelledGenerator {
  /** Number of classes it can be asked for: labels 0 … classes − 1. */
  int classes();

  /**
   * {@code n} images of class {@code label}, in the model's input units, as a pure function of
   * ({@code label}, {@code n}, {@code seed}).
   */
  float[][] generate(int label, int n, long seed);

  /** What the samples are, for people and for the {@code source} key of the JSON output. */
  String source();
}
