package dev.tfvae.train.training;

import dev.tfvae.core.model.TrainingSettings;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * One Adam step of a run. The training set is one native tensor fed to every step with the rows of its
 * batch, which the graph gathers, so no batch is copied from Java; one index tensor per batch size is
 * refilled every step. The step's noise is keyed by (seed, global step), its learning rate and KL weight
 * come from the global step. Holds handles only: the session and the tensors belong to the caller.
 */
final class TrainingStep {
  /** The batch means the step computed (before the update): objective, reconstruction term, KL. */
  record Losses(float loss, float recon, float kl) {}

  private final Session session;
  private final TrainingGraph graph;
  private final TFloat32 trainingData;
  private final TFloat32 trainingLabels;
  private final TBool corrupt;
  private final TInt32 fullBatch;
  private final TInt32 partialBatch;
  private final TensorBoardLog tensorBoard;
  private final TrainingConfig config;
  private final int stepsPerEpoch;
  private final long totalSteps;

  /**
   * @param trainingData every training example, in model-input form
   * @param trainingLabels every training example's one-hot label (a conditional model), else
   *     {@code null}
   * @param corrupt the scalar {@code true} fed to a denoising model's steps, else {@code null}
   * @param fullBatch an index tensor of the batch size
   * @param partialBatch an index tensor of the last, smaller batch's size
   * @param tensorBoard where every {@link TensorBoardLog#STEP_INTERVAL}-th step is logged, or
   *     {@code null}
   */
  TrainingStep(
      Session session,
      TrainingGraph graph,
      TFloat32 trainingData,
      TFloat32 trainingLabels,
      TBool corrupt,
      TInt32 fullBatch,
      TInt32 partialBatch,
      TensorBoardLog tensorBoard,
      TrainingConfig config,
      int stepsPerEpoch) {
    this.session = session;
    this.graph = graph;
    this.trainingData = trainingData;
    this.trainingLabels = trainingLabels;
    this.corrupt = corrupt;
    this.fullBatch = fullBatch;
    this.partialBatch = partialBatch;
    this.tensorBoard = tensorBoard;
    this.config = config;
    this.stepsPerEpoch = stepsPerEpoch;
    this.totalSteps = (long) stepsPerEpoch * config.settings().epochs();
  }

  /**
   * Trains on rows {@code order[start … start + count)}.
   *
   * @param globalStep steps taken in the run before this one
   * @param secondsSoFar time spent in this epoch's steps so far (for the logged throughput)
   */
  Losses run(int[] order, int start, int count, long globalStep, double secondsSoFar) {
    TrainingSettings settings = config.settings();
    TInt32 rows = count == settings.batchSize() ? fullBatch : partialBatch;
    rows.asRawTensor().data().asInts().write(order, start, count);
    try (TInt64 noise = TInt64.vectorOf(settings.seed(), globalStep);
        TFloat32 learningRate =
            TFloat32.scalarOf((float) settings.learningRateAt(globalStep, totalSteps));
        TFloat32 beta = TFloat32.scalarOf((float) config.betaAt(globalStep, stepsPerEpoch));
        TInt64 stepTensor = TInt64.scalarOf(globalStep);
        TFloat32 throughput =
            TFloat32.scalarOf((float) (secondsSoFar > 0 ? start / secondsSoFar : 0))) {
      Session.Runner runner =
          session
              .runner()
              .feed(graph.trainingData, trainingData)
              .feed(graph.indices, rows)
              .feed(graph.noiseSeed, noise)
              .feed(graph.learningRate, learningRate)
              .feed(graph.beta, beta)
              .addTarget(graph.trainStep)
              .fetch(graph.loss)
              .fetch(graph.meanRecon)
              .fetch(graph.meanKl);
      if (trainingLabels != null) {
        runner.feed(graph.trainingLabels, trainingLabels);
      }
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
