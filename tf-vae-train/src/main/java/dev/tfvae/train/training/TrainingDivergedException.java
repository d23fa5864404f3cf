package dev.tfvae.train.training;

import java.nio.file.Path;

/** The training loss became NaN or infinite; nothing is exported, earlier checkpoints are kept. */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  TrainingDivergedException(int epoch, int step, double loss, Path lastGoodCheckpoint) {
    super(
        "training diverged: loss is " + loss + " at epoch " + epoch + ", step " + step
            + "; nothing was exported. "
            + (lastGoodCheckpoint == null
                ? "No checkpoint had been written yet."
                : "The last good checkpoint is " + lastGoodCheckpoint + ".")
            + " Try a lower --lr.");
  }
}
