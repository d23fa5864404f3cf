package dev.tfvae.train.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.collect.ImmutableList;
import dev.tfvae.core.model.TrainingSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run stands, saved beside each checkpoint's weights ({@code state.json}) so that a resumed run
 * continues exactly where it stopped: the next step to take, the running sums of the unfinished epoch,
 * the finished epochs and the best one so far. Doubles are written in Java's shortest round-trip form, so
 * the sums come back bit for bit.
 *
 * @param fingerprint the settings that decide the trajectory; a resume with others is refused
 * @param epoch the epoch to continue (1-based)
 * @param stepInEpoch steps of that epoch already taken
 * @param globalStep steps taken in the whole run
 * @param lossSum running sum of the training objective over this epoch's examples so far
 * @param reconSum running sum of the reconstruction term
 * @param klSum running sum of the KL term
 * @param epochSeconds step time spent in this epoch so far
 * @param stepSeconds step time of all finished epochs
 * @param history finished epochs
 * @param bestEpoch epoch with the lowest validation negative ELBO so far (0: none yet)
 */
record TrainingState(
    RunFingerprint fingerprint,
    int epoch,
    int stepInEpoch,
    long globalStep,
    double lossSum,
    double reconSum,
    double klSum,
    double epochSeconds,
    double stepSeconds,
    List<EpochMetrics> history,
    int bestEpoch) {

  /**
   * The mapper of {@code state.json}. tf-vae-core's records are written through their own JSON methods
   * (its published jar relocates its JSON library, so this mapper cannot read core's annotations).
   */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addModule(new CoreTypesModule())
          .build();

  TrainingState {
    history = ImmutableList.copyOf(history);
  }

  static TrainingState start(RunFingerprint fingerprint) {
    return new TrainingState(fingerprint, 1, 0, 0, 0, 0, 0, 0, 0, List.of(), 0);
  }

  /**
   * The state after one more step of this epoch on {@code count} examples with the batch means
   * {@code loss}, {@code recon} and {@code kl}; {@code epochSeconds} is the epoch's step time so far.
   */
  TrainingState afterStep(double loss, double recon, double kl, int count, double epochSeconds) {
    return new TrainingState(
        fingerprint, epoch, stepInEpoch + 1, globalStep + 1, lossSum + loss * count,
        reconSum + recon * count, klSum + kl * count, epochSeconds, stepSeconds, history, bestEpoch);
  }

  /**
   * The state at the start of the next epoch, after this one finished with {@code metrics} in
   * {@code epochStepSeconds} of step time.
   */
  TrainingState nextEpoch(EpochMetrics metrics, double epochStepSeconds) {
    List<EpochMetrics> longer = new ArrayList<>(history);
    longer.add(metrics);
    int best = metrics.validation().negElbo() < bestValidation() ? epoch : bestEpoch;
    return new TrainingState(
        fingerprint, epoch + 1, 0, globalStep, 0, 0, 0, 0, stepSeconds + epochStepSeconds, longer,
        best);
  }

  /** Whether early stopping with {@code patience} epochs (0: off) has ended the run. */
  boolean stoppedEarly(int patience) {
    return patience > 0 && !history.isEmpty() && epoch - 1 - bestEpoch >= patience;
  }

  /** Whether a run with {@code settings} has nothing left to train. */
  boolean finished(TrainingSettings settings) {
    return epoch > settings.epochs() || stoppedEarly(settings.earlyStoppingPatience());
  }

  /** The validation negative ELBO of the best epoch, or +∞ before the first epoch. */
  double bestValidation() {
    return bestEpoch == 0
        ? Double.POSITIVE_INFINITY
        : history.get(bestEpoch - history.get(0).epoch()).validation().negElbo();
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("training state cannot be written as JSON", e);
    }
  }

  /**
   * Parses a state.
   *
   * @throws IllegalArgumentException if it was written by a tf-vae that stored the fingerprint as text
   * @throws IOException if it is not a training state
   */
  static TrainingState fromJson(String json, String source) throws IOException {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (IOException e) {
      throw new IOException(source + ": not a valid training state: " + e.getMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IOException(source + ": not a valid training state: not a JSON object");
    }
    if (tree.path("fingerprint").isTextual()) {
      throw new IllegalArgumentException(
          source + " was written by an earlier tf-vae, which recorded the run's settings as text that"
              + " this version cannot compare; the run cannot be resumed, start a fresh one in another"
              + " --checkpoint-dir");
    }
    try {
      return JSON.treeToValue(tree, TrainingState.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(source + ": not a valid training state: " + e.getMessage(), e);
    }
  }
}
