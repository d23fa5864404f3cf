package dev.tfvae.train.training;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Trains a model on a {@link Dataset}: shuffled mini-batches, Adam, a validation pass and a checkpoint
 * after every epoch. The run is a pure function of the configuration, the data and the machine: data order
 * comes from a {@link SplittableRandom} seeded per epoch, noise from a stateless generator keyed by
 * (seed, step), initial weights from (seed, parameter), the learning rate and KL weight from the step.
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
   * @throws IOException if a checkpoint cannot be written or read
   */
  public TrainingResult train(Dataset data, TrainingListener listener) throws IOException {
    VaeConfig model = config.modelConfig(data.exampleShape(), data.defaultLikelihood());
    ModelManifest.Standardization standardization = data.preprocessing().standardization();
    Split train = standardization == null ? data.train() : data.train().standardized(standardization);
    Split validation =
        standardization == null ? data.validation() : data.validation().standardized(standardization);
    int n = train.count();
    int steps = (n + config.batchSize() - 1) / config.batchSize();
    long totalSteps = (long) steps * config.epochs();
    String fingerprint = fingerprint(model, data);

    CheckpointStore checkpoints = new CheckpointStore(checkpointDir());
    TrainingState state = TrainingState.start(fingerprint);
    Optional<CheckpointStore.Checkpoint> resumeFrom = checkpoints.latest();
    if (resumeFrom.isPresent() && !config.resume()) {
      throw new IllegalArgumentException(
          checkpoints.dir() + " already holds checkpoints of a run; pass --resume to continue it, or"
              + " choose another --checkpoint-dir");
    }
    if (resumeFrom.isPresent()) {
      state = resumeFrom.get().state();
      if (!state.fingerprint().equals(fingerprint)) {
        throw new IllegalArgumentException(
            "cannot resume from " + resumeFrom.get().prefix().getParent() + ": it was trained with "
                + state.fingerprint() + ", this run has " + fingerprint);
      }
      listener.message(
          state.epoch() > config.epochs() || stoppedEarly(state)
              ? resumeFrom.get().prefix().getParent() + " holds a finished run ("
                  + state.history().size() + " epochs); nothing left to train"
              : "resuming from " + resumeFrom.get().prefix().getParent() + " (epoch "
                  + state.epoch() + ", step " + state.stepInEpoch() + " of " + steps + ")");
    } else if (config.resume()) {
      listener.message("no checkpoint in " + checkpoints.dir() + "; starting a fresh run");
    }

    Path lastCheckpoint = resumeFrom.map(CheckpointStore.Checkpoint::prefix).orElse(null);
    try (Graph graph = new Graph()) {
      TrainingGraph g = TrainingGraph.forTraining(graph, model, config.seed(), config.freeBits());
      TensorBoardLog tensorBoard =
          config.tensorboardDir() == null
              ? null
              : new TensorBoardLog(Ops.create(graph), g, config.tensorboardDir());
      int lastBatch = n - (steps - 1) * config.batchSize();
      // The training set is copied into one native tensor once, and fed to every step with the rows of
      // its batch: the graph gathers them, so no batch is copied from Java and no epoch is re-laid out.
      // One index tensor per batch size is refilled every step instead of a new one per step.
      try (Session session = new Session(graph, sessionConfig(config.threads()));
          TFloat32 validationHead = inputs(model, validation.head(1000));
          TFloat32 trainingData = inputs(model, train);
          TInt32 fullBatch = TInt32.tensorOf(Shape.of(config.batchSize()));
          TInt32 partialBatch = TInt32.tensorOf(Shape.of(lastBatch))) {
        if (resumeFrom.isPresent()) {
          session.restore(resumeFrom.get().prefix().toString());
        }
        if (tensorBoard != null) {
          tensorBoard.open(session);
        }
        Evaluator evaluator = new Evaluator(session, g);
        while (state.epoch() <= config.epochs() && !stoppedEarly(state)) {
          int epoch = state.epoch();
          listener.epochStarted(epoch, steps);
          long epochStart = System.nanoTime() - (long) (state.epochSeconds() * 1e9);
          int[] order = permutation(n, config.seed(), epoch);
          double lossSum = state.lossSum();
          double reconSum = state.reconSum();
          double klSum = state.klSum();
          long globalStep = state.globalStep();
          for (int step = state.stepInEpoch(); step < steps; step++) {
            int start = step * config.batchSize();
            int count = Math.min(config.batchSize(), n - start);
            double elapsedBefore = (System.nanoTime() - epochStart) / 1e9;
            boolean logStep =
                tensorBoard != null && globalStep % TensorBoardLog.STEP_INTERVAL == 0;
            TInt32 rows = count == config.batchSize() ? fullBatch : partialBatch;
            rows.asRawTensor().data().asInts().write(order, start, count);
            try (TInt64 noise = TInt64.vectorOf(config.seed(), globalStep);
                TFloat32 learningRate =
                    TFloat32.scalarOf(
                        (float)
                            config
                                .schedule()
                                .rate(config.learningRate(), globalStep, totalSteps));
                TFloat32 beta = TFloat32.scalarOf((float) config.betaAt(globalStep, steps));
                TInt64 stepTensor = TInt64.scalarOf(globalStep);
                TFloat32 throughput =
                    TFloat32.scalarOf(
                        (float) (elapsedBefore > 0 ? start / elapsedBefore : 0))) {
              Session.Runner runner =
                  session
                      .runner()
                      .feed(g.trainingData, trainingData)
                      .feed(g.indices, rows)
                      .feed(g.noiseSeed, noise)
                      .feed(g.learningRate, learningRate)
                      .feed(g.beta, beta)
                      .addTarget(g.trainStep)
                      .fetch(g.loss)
                      .fetch(g.meanRecon)
                      .fetch(g.meanKl);
              if (logStep) {
                tensorBoard.addStepWrites(runner, stepTensor, throughput);
              }
              try (Result r = runner.run()) {
                double loss = ((TFloat32) r.get(0)).getFloat();
                if (!Double.isFinite(loss)) {
                  throw new TrainingDivergedException(epoch, step + 1, loss, lastCheckpoint);
                }
                lossSum += loss * count;
                reconSum += ((TFloat32) r.get(1)).getFloat() * (double) count;
                klSum += ((TFloat32) r.get(2)).getFloat() * (double) count;
              }
            }
            globalStep++;
            int seen = Math.min(n, start + count);
            double elapsed = (System.nanoTime() - epochStart) / 1e9;
            listener.stepFinished(
                epoch, step + 1, lossSum / seen, reconSum / seen, klSum / seen, seen / elapsed);
            if (stopRequested.get() && step + 1 < steps) {
              TrainingState partial =
                  new TrainingState(
                      fingerprint, epoch, step + 1, globalStep, lossSum, reconSum, klSum, elapsed,
                      state.stepSeconds(), state.history(), state.bestEpoch());
              Path saved = checkpoints.save(session, partial, bestCheckpoint(checkpoints, partial, steps));
              throw new TrainingInterruptedException(epoch, step + 1, saved);
            }
          }
          double stepSeconds = (System.nanoTime() - epochStart) / 1e9;
          EvalMetrics validationMetrics =
              evaluator.evaluate(validation, config.seed() ^ 0x7E57L, 0, 0);
          EpochMetrics metrics =
              new EpochMetrics(
                  epoch,
                  lossSum / n,
                  reconSum / n,
                  klSum / n,
                  validationMetrics,
                  n / stepSeconds,
                  (System.nanoTime() - epochStart) / 1e9);
          List<EpochMetrics> history = new ArrayList<>(state.history());
          history.add(metrics);
          int best =
              validationMetrics.negElbo() < state.bestValidation() ? epoch : state.bestEpoch();
          state =
              new TrainingState(
                  fingerprint, epoch + 1, 0, globalStep, 0, 0, 0, 0,
                  state.stepSeconds() + stepSeconds, history, best);
          lastCheckpoint = checkpoints.save(session, state, bestCheckpoint(checkpoints, state, steps));
          if (tensorBoard != null) {
            tensorBoard.writeEpoch(session, g, globalStep, metrics, validationHead);
          }
          listener.epochFinished(metrics);
          if (stopRequested.get() && state.epoch() <= config.epochs()) {
            throw new TrainingInterruptedException(epoch, steps, lastCheckpoint);
          }
        }
        if (tensorBoard != null) {
          tensorBoard.close(session);
        }
      }
    }
    if (state.history().isEmpty()) {
      throw new IllegalStateException("no epoch was trained");
    }
    if (stoppedEarly(state)) {
      listener.message(
          "early stopping: no better validation neg_elbo for " + config.earlyStoppingPatience()
              + " epochs; exporting epoch " + state.bestEpoch());
    }
    boolean useBest = config.earlyStoppingPatience() > 0;
    int exported = useBest ? state.bestEpoch() : state.history().get(state.history().size() - 1).epoch();
    Path checkpoint =
        useBest ? checkpoints.prefixAt((long) state.bestEpoch() * steps) : lastCheckpoint;
    double trainedExamples = (double) n * state.history().size();
    return new TrainingResult(
        model, config, data, checkpoint, state.history(), trainedExamples / state.stepSeconds(),
        exported);
  }

  private Path checkpointDir() throws IOException {
    return config.checkpointDir() != null
        ? config.checkpointDir()
        : Files.createTempDirectory("tf-vae-checkpoints-");
  }

  private boolean stoppedEarly(TrainingState state) {
    int patience = config.earlyStoppingPatience();
    return patience > 0
        && !state.history().isEmpty()
        && state.epoch() - 1 - state.bestEpoch() >= patience;
  }

  /** The best epoch's checkpoint, which pruning keeps when early stopping will export it. */
  private Path bestCheckpoint(CheckpointStore store, TrainingState state, int steps) {
    return config.earlyStoppingPatience() > 0 && state.bestEpoch() > 0
        ? store.prefixAt((long) state.bestEpoch() * steps)
        : null;
  }

  /** The settings that decide a run's trajectory; a checkpoint only resumes a run with the same ones. */
  private String fingerprint(VaeConfig model, Dataset data) {
    return String.format(
        "model=%s, dataset=%s (%d training examples), batch=%d, lr=%s, schedule=%s%s, kl-warmup=%s,"
            + " free-bits=%s, seed=%d",
        model, data.name(), data.train().count(), config.batchSize(), config.learningRate(),
        config.schedule().cliName(),
        config.schedule() == LearningRateSchedule.CONSTANT ? "" : " over " + config.epochs() + " epochs",
        config.klWarmupEpochs(), config.freeBits(), config.seed());
  }

  private static TFloat32 inputs(VaeConfig model, Split split) {
    return TFloat32.tensorOf(
        Shape.of(model.batchShape(split.count())), DataBuffers.of(split.values(), true, false));
  }

  /** The example order of {@code epoch}: a Fisher–Yates shuffle seeded by (seed, epoch). */
  static int[] permutation(int n, long seed, int epoch) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  static ConfigProto sessionConfig(int threads) {
    ConfigProto.Builder builder = ConfigProto.newBuilder();
    if (threads > 0) {
      builder.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
    }
    return builder.build();
  }
}
