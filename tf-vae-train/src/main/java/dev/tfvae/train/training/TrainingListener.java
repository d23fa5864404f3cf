package dev.tfvae.train.training;

/** Receives progress from {@link VaeTrainer}; every method has an empty default. */
public interface TrainingListener {
  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  default void epochStarted(int epoch, int steps) {}

  /**
   * After each step, with running means over the epoch so far.
   *
   * @param samplesPerSecond throughput of the epoch so far
   */
  default void stepFinished(
      int epoch, int step, double loss, double recon, double kl, double samplesPerSecond) {}

  default void epochFinished(EpochMetrics metrics) {}

  /** A one-line notice for the user (resuming, early stopping, …). */
  default void message(String text) {}
}
