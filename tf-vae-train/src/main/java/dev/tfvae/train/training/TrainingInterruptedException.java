package dev.tfvae.train.training;

import java.nio.file.Path;

/**
 * Training stopped because {@link VaeTrainer#requestStop()} was called (Ctrl-C on the command line). The
 * run's state was checkpointed first; {@code --resume} continues it to the same weights as an
 * uninterrupted run.
 */
public final class TrainingInterruptedException extends RuntimeException {
  private final transient Path checkpoint;

  TrainingInterruptedException(int epoch, int step, Path checkpoint) {
    super(
        "training interrupted in epoch " + epoch + " after step " + step + "; saved "
            + checkpoint.getParent() + " (resume with --resume)");
    this.checkpoint = checkpoint;
  }

  /** Prefix of the checkpoint saved at the interruption. */
  public Path checkpoint() {
    return checkpoint;
  }
}
