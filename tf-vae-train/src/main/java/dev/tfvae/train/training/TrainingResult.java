package dev.tfvae.train.training;

import com.google.common.collect.ImmutableList;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.TrainingData;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished training run: the trained weights (as a checkpoint) and what happened.
 *
 * @param model the model configuration (input shape taken from the data)
 * @param config the training configuration
 * @param dataset the data it was trained on
 * @param checkpoint prefix of the checkpoint to export ({@code Session.restore} form): the last epoch's,
 *     or with early stopping the best epoch's
 * @param history one entry per epoch trained
 * @param samplesPerSecond training throughput over all epochs (steps only)
 * @param exportedEpoch the epoch whose weights {@code checkpoint} holds
 */
public record TrainingResult(
    VaeConfig model,
    TrainingConfig config,
    TrainingData dataset,
    Path checkpoint,
    List<EpochMetrics> history,
    double samplesPerSecond,
    int exportedEpoch) {

  public TrainingResult {
    history = ImmutableList.copyOf(history);
  }

  /** The last epoch's metrics. */
  public EpochMetrics last() {
    return history.get(history.size() - 1);
  }

  /** The metrics of the epoch whose weights are exported. */
  public EpochMetrics exported() {
    return history.stream().filter(m -> m.epoch() == exportedEpoch).findFirst().orElseThrow();
  }
}
