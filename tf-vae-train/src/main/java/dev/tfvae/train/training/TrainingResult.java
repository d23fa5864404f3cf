package dev.tfvae.train.training;

import com.google.common.collect.ImmutableList;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.Dataset;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished training run: the trained weights (as a checkpoint) and what happened.
 *
 * @param model the model configuration (input shape taken from the data)
 * @param config the training configuration
 * @param dataset the data it was trained on
 * @param checkpoint prefix of the final checkpoint ({@code Session.restore} form)
 * @param history one entry per epoch
 * @param samplesPerSecond training throughput over all epochs (steps only)
 */
public record TrainingResult(
    VaeConfig model,
    TrainingConfig config,
    Dataset dataset,
    Path checkpoint,
    List<EpochMetrics> history,
    double samplesPerSecond) {

  public TrainingResult {
    history = ImmutableList.copyOf(history);
  }

  /** The last epoch's metrics. */
  public EpochMetrics last() {
    return history.get(history.size() - 1);
  }
}
