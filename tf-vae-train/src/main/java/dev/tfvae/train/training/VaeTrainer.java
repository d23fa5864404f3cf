package dev.tfvae.train.training;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Trains a model on a {@link Dataset}: shuffled mini-batches, Adam, a validation pass and a checkpoint
 * after every epoch. The run is a pure function of the configuration, the data and the machine: data order
 * comes from a {@link SplittableRandom} seeded per epoch, noise from a stateless generator keyed by
 * (seed, step), initial weights from (seed, parameter).
 *
 * <pre>{@code
 * TrainingResult result = new VaeTrainer(TrainingConfig.builder().epochs(5).build())
 *     .train(ShapesDataset.load(), TrainingListener.NONE);
 * }</pre>
 */
public final class VaeTrainer {
  private final TrainingConfig config;

  public VaeTrainer(TrainingConfig config) {
    this.config = checkNotNull(config, "config");
  }

  /**
   * Trains and returns the result; the final weights are in {@link TrainingResult#checkpoint()}.
   *
   * @throws TrainingDivergedException if the loss becomes NaN or infinite (earlier checkpoints stay)
   * @throws IOException if a checkpoint cannot be written
   */
  public TrainingResult train(Dataset data, TrainingListener listener) throws IOException {
    VaeConfig model = config.modelConfig(data.exampleShape());
    Path checkpointDir =
        config.checkpointDir() != null
            ? config.checkpointDir()
            : Files.createTempDirectory("tf-vae-checkpoints-");
    CheckpointStore checkpoints = new CheckpointStore(checkpointDir);
    Split train = data.train();
    int n = train.count();
    int size = train.exampleSize();
    int steps = (n + config.batchSize() - 1) / config.batchSize();
    List<EpochMetrics> history = new ArrayList<>();
    double totalStepSeconds = 0;
    long globalStep = 0;
    Path lastCheckpoint = null;

    try (Graph graph = new Graph()) {
      TrainingGraph g = TrainingGraph.forTraining(graph, model, config.seed());
      try (Session session = new Session(graph, sessionConfig(config.threads()));
          TFloat32 learningRate = TFloat32.scalarOf((float) config.learningRate());
          TFloat32 beta = TFloat32.scalarOf((float) config.beta())) {
        Evaluator evaluator = new Evaluator(session, g);
        float[] batch = new float[config.batchSize() * size];
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
          listener.epochStarted(epoch, steps);
          long epochStart = System.nanoTime();
          int[] order = permutation(n, config.seed(), epoch);
          double lossSum = 0;
          double reconSum = 0;
          double klSum = 0;
          for (int step = 0; step < steps; step++) {
            int start = step * config.batchSize();
            int count = Math.min(config.batchSize(), n - start);
            for (int i = 0; i < count; i++) {
              System.arraycopy(train.values(), order[start + i] * size, batch, i * size, size);
            }
            try (TFloat32 x =
                    TFloat32.tensorOf(
                        Shape.of(model.batchShape(count)),
                        DataBuffers.of(batch, true, false).narrow(count * (long) size));
                TInt64 noise = TInt64.vectorOf(config.seed(), globalStep);
                Result r =
                    session
                        .runner()
                        .feed(g.x, x)
                        .feed(g.noiseSeed, noise)
                        .feed(g.learningRate, learningRate)
                        .feed(g.beta, beta)
                        .addTarget(g.trainStep)
                        .fetch(g.loss)
                        .fetch(g.meanRecon)
                        .fetch(g.meanKl)
                        .run()) {
              double loss = ((TFloat32) r.get(0)).getFloat();
              if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException(epoch, step + 1, loss, lastCheckpoint);
              }
              lossSum += loss * count;
              reconSum += ((TFloat32) r.get(1)).getFloat() * (double) count;
              klSum += ((TFloat32) r.get(2)).getFloat() * (double) count;
            }
            globalStep++;
            int seen = Math.min(n, start + count);
            double elapsed = (System.nanoTime() - epochStart) / 1e9;
            listener.stepFinished(
                epoch, step + 1, lossSum / seen, reconSum / seen, klSum / seen, seen / elapsed);
          }
          double stepSeconds = (System.nanoTime() - epochStart) / 1e9;
          totalStepSeconds += stepSeconds;
          EvalMetrics validation =
              evaluator.evaluate(data.validation(), config.seed() ^ 0x7E57L, 0, 0);
          lastCheckpoint = checkpoints.save(session, epoch);
          EpochMetrics metrics =
              new EpochMetrics(
                  epoch,
                  lossSum / n,
                  reconSum / n,
                  klSum / n,
                  validation,
                  n / stepSeconds,
                  (System.nanoTime() - epochStart) / 1e9);
          history.add(metrics);
          listener.epochFinished(metrics);
        }
      }
    }
    return new TrainingResult(
        model,
        config,
        data,
        lastCheckpoint,
        history,
        (double) n * config.epochs() / totalStepSeconds);
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
