package dev.tfvae.train.training;

import java.nio.file.Path;

/**
 * Training stopped because {@link VaeTrainer#requestStop()} was called (Ctrl-C on the command line). The
 * run's state was checkpointed first; {@code --resume} continues it to the same weights as an
 * uninterrupted run.
 */
public final class TrainingInterruptedException extends RuntimeException {
  private final transient Path checkpoint;
  private volatile boolean reported;

  TrainingInterruptedException(int epoch, int step, Path checkpoint) {
    super(
        "training interrupted in epoch " + epoch + " after step " + step + "; saved "
            + checkpoint.getParent() + " (resume with --resume)");
    this.checkpoint = checkpoint;
  }

  /**
   * Records that the message has been shown to the user. On Ctrl-C the JVM may exit as soon as the
   * trainer's stop hook is released, so the command line prints the message at once, before the hook is
   * released, and marks it here so that it is not printed twice.
   */
  public void markReported() {
    reported = true;
  }

  /** Whether {@link #markReported()} was called. */
  public boolean reported() {
    return reported;
  }

  /** Prefix of the checkpoint saved at the interruption. */
  public Path checkpoint() {
    return checkpoint;
  }
}
