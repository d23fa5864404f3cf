package dev.tfvae.train.training;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
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
    String fingerprint,
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

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  TrainingState {
    history = ImmutableList.copyOf(history);
  }

  static TrainingState start(String fingerprint) {
    return new TrainingState(fingerprint, 1, 0, 0, 0, 0, 0, 0, 0, List.of(), 0);
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

  static TrainingState fromJson(String json, String source) throws IOException {
    try {
      return JSON.readValue(json, TrainingState.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(source + ": not a valid training state: " + e.getMessage(), e);
    }
  }
}
