package dev.tfvae.train.training;

import dev.tfvae.core.model.TrainingSettings;
import dev.tfvae.train.data.ExampleSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * The epochs of a run: each epoch's steps in the order of its {@link Batches}, then its
 * bookkeeping — validation (β = 1), the epoch's metrics, the best epoch, a checkpoint, TensorBoard and
 * the listener. A stop request is honoured after the current step: mid-epoch with a checkpoint of the
 * running sums, at the end of an epoch with the epoch's checkpoint. Holds handles only.
 */
final class EpochLoop {
  /** Seed of the validation noise: the run's seed with these bits flipped. */
  private static final long VALIDATION_SEED_BITS = 0x7E57L;

  private final Session session;
  private final TrainingGraph graph;
  private final TrainingStep step;
  private final Batches batches;
  private final ExampleSource validation;
  private final TFloat32 validationHead;
  private final TFloat32 validationHeadLabels;
  private final TensorBoardLog tensorBoard;
  private final CheckpointStore checkpoints;
  private final TrainingSettings settings;
  private final TrainingListener listener;
  private final AtomicBoolean stopRequested;
  private final int examples;
  private final int steps;
  private Path lastCheckpoint;

  /**
   * @param validationHead the first validation examples, for TensorBoard's histogram
   * @param validationHeadLabels their one-hot labels for a conditional model, else {@code null}
   * @param tensorBoard the run's event files, or {@code null}
   * @param examples training examples
   * @param steps steps per epoch
   * @param lastCheckpoint the checkpoint the run resumes from, or {@code null}
   */
  EpochLoop(
      Session session,
      TrainingGraph graph,
      TrainingStep step,
      Batches batches,
      ExampleSource validation,
      TFloat32 validationHead,
      TFloat32 validationHeadLabels,
      TensorBoardLog tensorBoard,
      CheckpointStore checkpoints,
      TrainingSettings settings,
      TrainingListener listener,
      AtomicBoolean stopRequested,
      int examples,
      int steps,
      Path lastCheckpoint) {
    this.session = session;
    this.graph = graph;
    this.step = step;
    this.batches = batches;
    this.validation = validation;
    this.validationHead = validationHead;
    this.validationHeadLabels = validationHeadLabels;
    this.tensorBoard = tensorBoard;
    this.checkpoints = checkpoints;
    this.settings = settings;
    this.listener = listener;
    this.stopRequested = stopRequested;
    this.examples = examples;
    this.steps = steps;
    this.lastCheckpoint = lastCheckpoint;
  }

  /** Trains from {@code state} until the run is finished; returns the final state. */
  TrainingState run(TrainingState state) throws IOException {
    Evaluator evaluator = new Evaluator(session, graph);
    while (!state.finished(settings)) {
      listener.epochStarted(state.epoch(), steps);
      long epochStart = System.nanoTime() - (long) (state.epochSeconds() * 1e9);
      state = endOfEpoch(steps(state, epochStart), epochStart, evaluator);
    }
    return state;
  }

  /** The newest checkpoint written (or resumed from), or {@code null}. */
  Path lastCheckpoint() {
    return lastCheckpoint;
  }

  /**
   * The remaining steps of {@code state}'s epoch, which started at {@code epochStart} (its earlier steps
   * may have run in an interrupted process); returns the state after its last step.
   */
  private TrainingState steps(TrainingState state, long epochStart) throws IOException {
    int epoch = state.epoch();
    batches.startEpoch(epoch, state.stepInEpoch());
    TrainingState at = state;
    for (int s = state.stepInEpoch(); s < steps; s++) {
      int start = s * settings.batchSize();
      int count = Math.min(settings.batchSize(), examples - start);
      TrainingStep.Losses losses =
          step.run(start, count, at.globalStep(), secondsSince(epochStart));
      if (!Double.isFinite(losses.loss())) {
        throw new TrainingDivergedException(epoch, s + 1, losses.loss(), lastCheckpoint);
      }
      at = at.afterStep(losses.loss(), losses.recon(), losses.kl(), count, secondsSince(epochStart));
      int seen = Math.min(examples, start + count);
      listener.stepFinished(
          epoch, s + 1, at.lossSum() / seen, at.reconSum() / seen, at.klSum() / seen,
          seen / at.epochSeconds());
      if (stopRequested.get() && s + 1 < steps) {
        Path saved = checkpoints.save(session, at, bestCheckpoint(at));
        throw new TrainingInterruptedException(epoch, s + 1, saved);
      }
    }
    return at;
  }

  /**
   * Validates, records the epoch, checkpoints and reports it; {@code at} is the state after the epoch's
   * last step. Returns the state at the start of the next epoch.
   */
  private TrainingState endOfEpoch(TrainingState at, long epochStart, Evaluator evaluator)
      throws IOException {
    double stepSeconds = secondsSince(epochStart);
    EvalMetrics validationMetrics =
        evaluator.evaluate(validation, settings.seed() ^ VALIDATION_SEED_BITS);
    EpochMetrics metrics =
        new EpochMetrics(
            at.epoch(),
            at.lossSum() / examples,
            at.reconSum() / examples,
            at.klSum() / examples,
            validationMetrics,
            examples / stepSeconds,
            secondsSince(epochStart));
    TrainingState next = at.nextEpoch(metrics, stepSeconds);
    lastCheckpoint = checkpoints.save(session, next, bestCheckpoint(next));
    if (tensorBoard != null) {
      tensorBoard.writeEpoch(session, graph, next.globalStep(), metrics, validationHead,
          validationHeadLabels);
    }
    listener.epochFinished(metrics);
    if (stopRequested.get() && next.epoch() <= settings.epochs()) {
      throw new TrainingInterruptedException(at.epoch(), steps, lastCheckpoint);
    }
    return next;
  }

  /** The best epoch's checkpoint, which pruning keeps when early stopping will export it. */
  private Path bestCheckpoint(TrainingState state) {
    return settings.earlyStoppingPatience() > 0 && state.bestEpoch() > 0
        ? checkpoints.prefixAt((long) state.bestEpoch() * steps)
        : null;
  }

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
