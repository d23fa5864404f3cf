package dev.tfvae.train.training;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.device.ComputeDevice;
import dev.tfvae.core.model.TrainingSettings;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.ExampleSource;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.data.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Trains a model on a {@link dev.tfvae.train.data.Dataset} held in memory, or a
 * {@link dev.tfvae.train.data.StreamedDataset} read from disk as it goes: shuffled mini-batches, Adam, a
 * validation pass and a checkpoint after every epoch. The run is a pure function of the configuration,
 * the data and the machine: data order comes from a {@link SplittableRandom} seeded per epoch (for
 * streamed data, {@link StreamOrder}), noise from a stateless generator keyed by (seed, step), initial weights from (seed, parameter), the learning rate and KL weight from the step.
 * That is what makes {@linkplain TrainingConfig#resume() resuming} exact: a run interrupted at any step
 * and resumed ends with the same weights, bit for bit, as one that was never interrupted.
 *
 * <pre>{@code
 * TrainingResult result = new VaeTrainer(TrainingConfig.builder().epochs(5).build())
 *     .train(ShapesDataset.load(), TrainingListener.NONE);
 * }</pre>
 *
 * <p>{@link #requestStop()} may be called from any thread (a shutdown hook on Ctrl-C): the run
 * checkpoints after the current step and throws {@link TrainingInterruptedException}.
 */
public final class VaeTrainer {
  private final TrainingConfig config;
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  public VaeTrainer(TrainingConfig config) {
    this.config = checkNotNull(config, "config");
  }

  /** Asks a running {@link #train} to checkpoint after its current step and stop. */
  public void requestStop() {
    stopRequested.set(true);
  }

  /**
   * Trains (or, with {@link TrainingConfig#resume()}, continues) and returns the result; the weights to
   * export are in {@link TrainingResult#checkpoint()}.
   *
   * @throws TrainingDivergedException if the loss becomes NaN or infinite (earlier checkpoints stay)
   * @throws TrainingInterruptedException if {@link #requestStop()} was called (after checkpointing)
   * @throws IllegalArgumentException if the checkpoint folder holds another run, or a run to resume
   *     without {@link TrainingConfig#resume()}
   * @throws IOException if a checkpoint cannot be written or read
   */
  public TrainingResult train(TrainingData data, TrainingListener listener) throws IOException {
    TrainingSettings settings = config.settings();
    VaeConfig model = config.modelConfig(data);
    ExampleSource train = modelInputs(data, data.train());
    ExampleSource validation = modelInputs(data, data.validation());
    Corruption corruption = Corruption.of(settings, train);
    int n = train.count();
    int steps = (n + settings.batchSize() - 1) / settings.batchSize();
    CheckpointStore checkpoints = new CheckpointStore(checkpointDir());
    String order =
        train instanceof Split ? InMemoryBatches.ORDER : config.stream().describe();
    ResumePlan plan =
        ResumePlan.decide(
            checkpoints, RunFingerprint.of(model, data, settings, order), config, steps, listener);

    TrainingState state;
    Path lastCheckpoint;
    try (Graph graph = new Graph()) {
      TrainingGraph g =
          TrainingGraph.forTraining(
              graph, model, settings.seed(), TrainingGraph.StepObjective.of(settings), corruption);
      TensorBoardLog tensorBoard =
          config.tensorboardDir() == null
              ? null
              : new TensorBoardLog(Ops.create(graph), g, config.tensorboardDir());
      try (Session session = new Session(graph, sessionConfig(settings.threads()));
          TFloat32 validationHead = inputs(model, validation.head(1000));
          TFloat32 validationHeadLabels =
              model.conditional() ? ClassLabels.oneHot(inMemory(validation).head(1000), model) : null;
          TBool corrupt = corruption.active() ? TBool.scalarOf(true) : null;
          Batches batches = batches(g, model, train)) {
        plan.restore(session);
        if (tensorBoard != null) {
          tensorBoard.open(session);
        }
        TrainingStep step = new TrainingStep(session, g, batches, corrupt, tensorBoard, config, steps);
        EpochLoop epochs =
            new EpochLoop(
                session, g, step, batches, validation, validationHead, validationHeadLabels,
                tensorBoard, checkpoints, settings, listener, stopRequested, n, steps,
                plan.checkpoint());
        state = epochs.run(plan.state());
        lastCheckpoint = epochs.lastCheckpoint();
        if (tensorBoard != null) {
          tensorBoard.close(session);
        }
      }
    }
    return result(model, data, state, checkpoints, lastCheckpoint, steps, listener);
  }

  /**
   * The batches of {@code train}: gathered from one native tensor when the examples are in memory,
   * streamed in windows ({@link StreamOrder}) when they are read from disk.
   */
  private Batches batches(TrainingGraph g, VaeConfig model, ExampleSource train) {
    TrainingSettings settings = config.settings();
    return train instanceof Split inMemory
        ? new InMemoryBatches(g, model, inMemory, settings.batchSize(), settings.seed())
        : new StreamedBatches(g, model, train, config.stream(), settings.batchSize(), settings.seed());
  }

  /**
   * A conditional model's split, which {@link TrainingConfig#modelConfig(TrainingData)} made sure is
   * in memory with its labels.
   */
  private static Split inMemory(ExampleSource split) {
    if (!(split instanceof Split inMemory)) {
      throw new IllegalStateException("a conditional model's data must be in memory");
    }
    return inMemory;
  }

  /** The split as the training graph consumes it: standardised for tables, as it is otherwise. */
  private static ExampleSource modelInputs(TrainingData data, ExampleSource split) {
    ModelManifest.Standardization standardization = data.preprocessing().standardization();
    return standardization == null ? split : split.standardized(standardization);
  }

  /** The finished run: with early stopping the best epoch's weights, else the last epoch's. */
  private TrainingResult result(
      VaeConfig model,
      TrainingData data,
      TrainingState state,
      CheckpointStore checkpoints,
      Path lastCheckpoint,
      int steps,
      TrainingListener listener) {
    if (state.history().isEmpty()) {
      throw new IllegalStateException("no epoch was trained");
    }
    int patience = config.settings().earlyStoppingPatience();
    if (state.stoppedEarly(patience)) {
      listener.message(
          "early stopping: no better validation neg_elbo for " + patience
              + " epochs; exporting epoch " + state.bestEpoch());
    }
    boolean useBest = patience > 0;
    int exported = useBest ? state.bestEpoch() : state.history().get(state.history().size() - 1).epoch();
    Path checkpoint =
        useBest ? checkpoints.prefixAt((long) state.bestEpoch() * steps) : lastCheckpoint;
    double trainedExamples = (double) data.train().count() * state.history().size();
    return new TrainingResult(
        model, config, data, checkpoint, state.history(), trainedExamples / state.stepSeconds(),
        exported);
  }

  private Path checkpointDir() throws IOException {
    return config.checkpointDir() != null
        ? config.checkpointDir()
        : Files.createTempDirectory("tf-vae-checkpoints-");
  }

  private static TFloat32 inputs(VaeConfig model, Split split) {
    return TFloat32.tensorOf(
        Shape.of(model.batchShape(split.count())), DataBuffers.of(split.values(), true, false));
  }

  /** The example order of {@code epoch} in memory: a Fisher–Yates shuffle seeded by (seed, epoch). */
  public static int[] permutation(int n, long seed, int epoch) {
    return StreamOrder.shuffle(n, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
  }

  static ConfigProto sessionConfig(int threads) {
    ConfigProto.Builder builder = ConfigProto.newBuilder();
    if (threads > 0) {
      builder.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
    }
    if (ComputeDevice.detect().isGpu()) {
      // Ops pinned to the GPU without a GPU kernel run on the CPU instead of failing the session.
      builder.setAllowSoftPlacement(true);
    }
    return builder.build();
  }
}
