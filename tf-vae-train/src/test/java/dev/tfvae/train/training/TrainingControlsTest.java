package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.model.LearningRateSchedule;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.TestData;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Learning-rate schedules, KL warm-up, free bits, early stopping and the divergence guard. */
class TrainingControlsTest {
  @TempDir Path dir;

  @Test
  void scheduleAndWarmupFollowTheirFormulas() {
    assertEquals(1e-3, LearningRateSchedule.CONSTANT.rate(1e-3, 77, 100));
    assertEquals(1e-3, LearningRateSchedule.COSINE.rate(1e-3, 0, 100), 1e-18);
    assertEquals(0.5e-3, LearningRateSchedule.COSINE.rate(1e-3, 50, 100), 1e-15);
    assertEquals(1e-3 * (1 + Math.cos(Math.PI / 4)) / 2, LearningRateSchedule.COSINE.rate(1e-3, 25, 100), 1e-15);
    assertEquals(0, LearningRateSchedule.COSINE.rate(1e-3, 100, 100), 1e-18);

    TrainingConfig warm = TrainingConfig.builder().beta(4).klWarmupEpochs(2).build();
    assertEquals(4.0 / 20, warm.betaAt(0, 10), 1e-12);
    assertEquals(4.0 * 10 / 20, warm.betaAt(9, 10), 1e-12);
    assertEquals(4.0, warm.betaAt(19, 10), 1e-12);
    assertEquals(4.0, warm.betaAt(500, 10), 1e-12);
    assertEquals(4.0, TrainingConfig.builder().beta(4).build().betaAt(0, 10));
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().freeBits(-1).build());
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().klWarmupEpochs(-1).build());
  }

  /** The objective with free bits equals mean recon + β Σ_j max(F, batch-mean KL_j), computed in Java. */
  @Test
  void freeBitsFloorEachDimensionsBatchMeanKl() {
    VaeConfig config = VaeConfig.builder().hidden(List.of(32)).latentDim(5).build();
    Split batch = TestData.smallShapes().train().head(64);
    for (double freeBits : new double[] {0, 0.5, 3}) {
      try (Graph graph = new Graph()) {
        TrainingGraph g = TrainingGraph.forTraining(graph, config, 3, freeBits);
        try (Session s = new Session(graph);
            TFloat32 x =
                TFloat32.tensorOf(Shape.of(config.batchShape(64)), DataBuffers.of(batch.values(), true, false));
            TInt64 seed = TInt64.vectorOf(1, 2);
            TFloat32 beta = TFloat32.scalarOf(0.7f);
            Result r =
                s.runner()
                    .feed(g.x, x)
                    .feed(g.noiseSeed, seed)
                    .feed(g.beta, beta)
                    .fetch(g.loss)
                    .fetch(g.recon)
                    .fetch(g.mean)
                    .fetch(g.logVariance)
                    .run()) {
          float[] recon = Evaluator.read(r, 1, 64);
          float[] mu = Evaluator.read(r, 2, 64 * 5);
          float[] logVar = Evaluator.read(r, 3, 64 * 5);
          double expected = Arrays.stream(toDouble(recon)).average().orElseThrow();
          double kl = 0;
          for (int j = 0; j < 5; j++) {
            double dim = 0;
            for (int i = 0; i < 64; i++) {
              double m = mu[i * 5 + j];
              double lv = logVar[i * 5 + j];
              dim += 0.5 * (m * m + Math.exp(lv) - lv - 1);
            }
            kl += freeBits > 0 ? Math.max(freeBits, dim / 64) : dim / 64;
          }
          expected += 0.7 * kl;
          assertEquals(expected, ((TFloat32) r.get(0)).getFloat(), 1e-4 * expected, "free bits " + freeBits);
        }
      }
    }
  }

  /**
   * Validating on inverted images makes the validation loss rise once training starts to fit the
   * training images: the run stops after {@code patience} epochs without improvement and exports the
   * best epoch, whose checkpoint pruning kept.
   */
  @Test
  void earlyStoppingExportsTheBestEpoch() throws Exception {
    Dataset shapes = TestData.smallShapes();
    float[] inverted = shapes.validation().values().clone();
    for (int i = 0; i < inverted.length; i++) {
      inverted[i] = 1 - inverted[i];
    }
    Dataset data =
        new Dataset("mismatched", shapes.exampleShape(), shapes.train(),
            new Split(inverted, 784, null), List.of(), Dataset.PIXELS);
    TrainingConfig config =
        TrainingConfig.builder().hidden(List.of(64)).latentDim(4).epochs(20)
            .earlyStoppingPatience(4).checkpointDir(dir.resolve("ckpt")).build();
    TrainingResult result = new VaeTrainer(config).train(data, TrainingListener.NONE);
    List<EpochMetrics> history = result.history();
    int best = history.stream().min((a, b) -> Double.compare(a.validation().negElbo(), b.validation().negElbo()))
        .orElseThrow().epoch();
    assertEquals(best, result.exportedEpoch());
    assertEquals(best + 4, history.size(), "stopped 4 epochs after the best: " + history);
    assertTrue(history.size() < 20);
    assertTrue(Files.exists(Path.of(result.checkpoint() + ".index")), "best checkpoint kept");
    assertTrue(result.checkpoint().toString().contains("step-" + best * 8), result.checkpoint().toString());
  }

  @Test
  void divergenceStopsWithAMessageAndKeepsTheLastGoodCheckpoint() throws Exception {
    Dataset good = TestData.smallShapes();
    Path checkpoints = dir.resolve("ckpt");
    TrainingConfig config =
        TrainingConfig.builder().hidden(List.of(32)).latentDim(4).epochs(1).checkpointDir(checkpoints).build();
    new VaeTrainer(config).train(good, TrainingListener.NONE);

    // Resume for a second epoch on data of the same name and size whose values overflow float32 maths.
    float[] poisoned = good.train().values().clone();
    Arrays.fill(poisoned, 3e38f);
    Dataset bad =
        new Dataset(good.name(), good.exampleShape(), new Split(poisoned, 784, null), good.validation(),
            List.of(), Dataset.PIXELS);
    TrainingConfig resume = config.toBuilder().epochs(2).resume(true).build();
    TrainingDivergedException e =
        assertThrows(TrainingDivergedException.class, () -> new VaeTrainer(resume).train(bad, TrainingListener.NONE));
    assertTrue(e.getMessage().contains("epoch 2, step 1"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was exported"), e.getMessage());
    Path lastGood = checkpoints.resolve("step-8");
    assertTrue(e.getMessage().contains(lastGood.toString()), e.getMessage());
    assertTrue(Files.exists(lastGood.resolve("ckpt.index")));
    assertEquals(8, new CheckpointStore(checkpoints).latest().orElseThrow().state().globalStep());
  }

  private static double[] toDouble(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
