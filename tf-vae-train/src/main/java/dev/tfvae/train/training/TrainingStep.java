package dev.tfvae.train.training;

import dev.tfvae.core.model.TrainingSettings;
import java.io.IOException;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * One Adam step of a run on the batch its {@link Batches} feeds. The step's noise is keyed by (seed,
 * global step), its learning rate and KL weight come from the global step. Holds handles only: the
 * session and the batches belong to the caller.
 */
final class TrainingStep {
  /** The batch means the step computed (before the update): objective, reconstruction term, KL. */
  record Losses(float loss, float recon, float kl) {}

  private final Session session;
  private final TrainingGraph graph;
  private final Batches batches;
  private final TBool corrupt;
  private final TensorBoardLog tensorBoard;
  private final TrainingConfig config;
  private final int stepsPerEpoch;
  private final long totalSteps;

  /**
   * @param batches where each step's batch (and a conditional model's labels) comes from
   * @param corrupt the scalar {@code true} fed to a denoising model's steps, else {@code null}
   * @param tensorBoard where every {@link TensorBoardLog#STEP_INTERVAL}-th step is logged, or
   *     {@code null}
   */
  TrainingStep(
      Session session,
      TrainingGraph graph,
      Batches batches,
      TBool corrupt,
      TensorBoardLog tensorBoard,
      TrainingConfig config,
      int stepsPerEpoch) {
    this.session = session;
    this.graph = graph;
    this.batches = batches;
    this.corrupt = corrupt;
    this.tensorBoard = tensorBoard;
    this.config = config;
    this.stepsPerEpoch = stepsPerEpoch;
    this.totalSteps = (long) stepsPerEpoch * config.settings().epochs();
  }

  /**
   * Trains on examples {@code [start, start + count)} of the epoch's order.
   *
   * @param globalStep steps taken in the run before this one
   * @param secondsSoFar time spent in this epoch's steps so far (for the logged throughput)
   */
  Losses run(int start, int count, long globalStep, double secondsSoFar) throws IOException {
    TrainingSettings settings = config.settings();
    try (TInt64 noise = TInt64.vectorOf(settings.seed(), globalStep);
        TFloat32 learningRate =
            TFloat32.scalarOf((float) settings.learningRateAt(globalStep, totalSteps));
        TFloat32 beta = TFloat32.scalarOf((float) config.betaAt(globalStep, stepsPerEpoch));
        TInt64 stepTensor = TInt64.scalarOf(globalStep);
        TFloat32 throughput =
            TFloat32.scalarOf((float) (secondsSoFar > 0 ? start / secondsSoFar : 0))) {
      Session.Runner runner = session.runner();
      batches.feed(runner, start, count);
      runner
          .feed(graph.noiseSeed, noise)
          .feed(graph.learningRate, learningRate)
          .feed(graph.beta, beta)
          .addTarget(graph.trainStep)
          .fetch(graph.loss)
          .fetch(graph.meanRecon)
          .fetch(graph.meanKl);
      if (corrupt != null) {
        runner.feed(graph.corrupt, corrupt);
      }
      if (tensorBoard != null && globalStep % TensorBoardLog.STEP_INTERVAL == 0) {
        tensorBoard.addStepWrites(runner, stepTensor, throughput);
      }
      try (Result r = runner.run()) {
        return new Losses(
            ((TFloat32) r.get(0)).getFloat(),
            ((TFloat32) r.get(1)).getFloat(),
            ((TFloat32) r.get(2)).getFloat());
      }
    }
  }
}
