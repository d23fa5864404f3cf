package dev.tfvae.train.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Session;

/**
 * Where a run starts: fresh, or — with {@link TrainingConfig#resume()} — from the newest checkpoint of
 * its folder, which must hold a run with the same {@link RunFingerprint}. A fresh run never writes into a
 * folder that already holds checkpoints.
 *
 * @param state the state to continue from
 * @param checkpoint the weights to restore ({@code Session.restore} prefix), or {@code null} for a fresh
 *     run
 */
record ResumePlan(TrainingState state, Path checkpoint) {

  /**
   * Decides where the run starts and tells {@code listener} when it resumes or finds nothing to resume.
   *
   * @param steps steps per epoch, for the message
   * @throws IllegalArgumentException if the folder holds checkpoints and the run does not resume, or
   *     they are of another run (the message names each setting that differs)
   */
  static ResumePlan decide(
      CheckpointStore checkpoints,
      RunFingerprint fingerprint,
      TrainingConfig config,
      int steps,
      TrainingListener listener)
      throws IOException {
    ResumePlan fresh = new ResumePlan(TrainingState.start(fingerprint), null);
    if (!config.resume()) {
      if (!checkpoints.isEmpty()) {
        throw new IllegalArgumentException(
            checkpoints.dir() + " already holds checkpoints of a run; pass --resume to continue it, or"
                + " choose another --checkpoint-dir");
      }
      return fresh;
    }
    Optional<CheckpointStore.Checkpoint> latest = checkpoints.latest();
    if (latest.isEmpty()) {
      listener.message("no checkpoint in " + checkpoints.dir() + "; starting a fresh run");
      return fresh;
    }
    TrainingState state = latest.get().state();
    Path folder = latest.get().prefix().getParent();
    List<String> differences = state.fingerprint().differences(fingerprint);
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot resume from " + folder + ": " + String.join("; ", differences));
    }
    listener.message(
        state.finished(config.settings())
            ? folder + " holds a finished run (" + state.history().size()
                + " epochs); nothing left to train"
            : "resuming from " + folder + " (epoch " + state.epoch() + ", step "
                + state.stepInEpoch() + " of " + steps + ")");
    return new ResumePlan(state, latest.get().prefix());
  }

  /** Restores the checkpoint's weights and optimizer state into {@code session}, if resuming. */
  void restore(Session session) {
    if (checkpoint != null) {
      session.restore(checkpoint.toString());
    }
  }
}
