package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.Objective;
import dev.tfvae.core.model.TrainingSettings;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.TestData;
import dev.tfvae.train.data.Split;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The importance-weighted training objective ({@code --objective iwae --samples K}) against a direct
 * computation in double precision for a tiny MLP, K = 1 against the ELBO, and a short real run.
 */
class ImportanceWeightedObjectiveTest {
  private static final int BATCH = 8;
  private static final int LATENT = 2;
  private static final int HIDDEN = 4;
  private static final VaeConfig TINY =
      VaeConfig.builder().hidden(List.of(HIDDEN)).latentDim(LATENT).build();

  @TempDir Path dir;

  /** What one session run of a tiny graph gave: the objective and everything needed to recompute it. */
  private record Run(
      double loss, float[] recon, float[] mu, float[] logVar, float[] w0, float[] b0, float[] w1,
      float[] b1) {}

  /**
   * Runs the objective of one graph with K = {@code samples} on the first {@link #BATCH} small shapes,
   * once per noise in {@code epsilons} ([K, batch, L] each), fed as the importance noise and its first
   * sample as the ELBO's.
   */
  private static List<Run> run(int samples, List<float[]> epsilons, float beta, Split batch) {
    List<Run> runs = new java.util.ArrayList<>();
    try (Graph graph = new Graph()) {
      TrainingGraph g =
          TrainingGraph.forTraining(
              graph, TINY, 3, new TrainingGraph.StepObjective(Objective.IWAE, samples, 0));
      try (Session s = new Session(graph);
          TFloat32 x =
              TFloat32.tensorOf(
                  Shape.of(TINY.batchShape(BATCH)), DataBuffers.of(batch.values(), true, false));
          TInt64 seed = TInt64.vectorOf(1, 2);
          TFloat32 b = TFloat32.scalarOf(beta)) {
        for (float[] epsilon : epsilons) {
          float[] first = java.util.Arrays.copyOf(epsilon, BATCH * LATENT);
          try (TFloat32 eps =
                  TFloat32.tensorOf(
                      Shape.of(samples, BATCH, LATENT), DataBuffers.of(epsilon, true, false));
              TFloat32 eps1 =
                  TFloat32.tensorOf(Shape.of(BATCH, LATENT), DataBuffers.of(first, true, false));
              Result r =
                  s.runner()
                      .feed(g.x, x)
                      .feed(g.noiseSeed, seed)
                      .feed(g.beta, b)
                      .feed(g.importanceEpsilon, eps)
                      .feed(g.epsilon, eps1)
                      .fetch(g.loss)
                      .fetch(g.recon)
                      .fetch(g.mean)
                      .fetch(g.logVariance)
                      .fetch(g.variables.weights().get("decoder/dense0/kernel"))
                      .fetch(g.variables.weights().get("decoder/dense0/bias"))
                      .fetch(g.variables.weights().get("decoder/logits/kernel"))
                      .fetch(g.variables.weights().get("decoder/logits/bias"))
                      .run()) {
            runs.add(
                new Run(
                    ((TFloat32) r.get(0)).getFloat(),
                    Evaluator.read(r, 1, BATCH),
                    Evaluator.read(r, 2, BATCH * LATENT),
                    Evaluator.read(r, 3, BATCH * LATENT),
                    Evaluator.read(r, 4, LATENT * HIDDEN),
                    Evaluator.read(r, 5, HIDDEN),
                    Evaluator.read(r, 6, HIDDEN * 784),
                    Evaluator.read(r, 7, 784)));
          }
        }
      }
    }
    return runs;
  }

  /** {@code draws} noises of {@code count} standard normal values each, seeded from {@code seed}. */
  private static List<float[]> noises(int draws, int count, long seed) {
    List<float[]> out = new java.util.ArrayList<>();
    for (int d = 0; d < draws; d++) {
      out.add(normals(count, seed + d));
    }
    return out;
  }

  private static float[] normals(int count, long seed) {
    Random random = new Random(seed);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  /** log N(v; mean, exp(logVar)) of one coordinate, written out with its 2π term. */
  private static double logNormal(double v, double mean, double logVar) {
    return -0.5 * (Math.log(2 * Math.PI) + logVar + (v - mean) * (v - mean) / Math.exp(logVar));
  }

  /**
   * −log p(x | z) of the tiny decoder (ReLU layer, then logits), Bernoulli, summed over pixels, from the
   * weights the session read.
   */
  private static double decoderNll(Run run, double[] z, float[] x, int offset) {
    double[] h = new double[HIDDEN];
    for (int u = 0; u < HIDDEN; u++) {
      double a = run.b0()[u];
      for (int j = 0; j < LATENT; j++) {
        a += z[j] * run.w0()[j * HIDDEN + u];
      }
      h[u] = Math.max(a, 0);
    }
    double nll = 0;
    for (int i = 0; i < 784; i++) {
      double l = run.b1()[i];
      for (int u = 0; u < HIDDEN; u++) {
        l += h[u] * run.w1()[u * 784 + i];
      }
      double t = x[offset + i];
      // −[t log σ(l) + (1 − t) log(1 − σ(l))], with log σ(l) = −log(1 + e^{−l}).
      nll += t * Math.log1p(Math.exp(-l)) + (1 - t) * Math.log1p(Math.exp(l));
    }
    return nll;
  }

  /** The bound −log (1/K Σ_k p(x|z_k) p(z_k) / q(z_k|x)) of each example, computed here in double. */
  private static double directBound(Run run, float[] epsilon, int samples, double beta, Split batch) {
    double total = 0;
    for (int b = 0; b < BATCH; b++) {
      double[] logWeights = new double[samples];
      for (int k = 0; k < samples; k++) {
        double[] z = new double[LATENT];
        double logPrior = 0;
        double logPosterior = 0;
        for (int j = 0; j < LATENT; j++) {
          double mu = run.mu()[b * LATENT + j];
          double lv = run.logVar()[b * LATENT + j];
          z[j] = mu + Math.exp(0.5 * lv) * epsilon[(k * BATCH + b) * LATENT + j];
          logPrior += logNormal(z[j], 0, 0);
          logPosterior += logNormal(z[j], mu, lv);
        }
        logWeights[k] = -decoderNll(run, z, batch.values(), b * 784) + beta * (logPrior - logPosterior);
      }
      double max = java.util.Arrays.stream(logWeights).max().orElseThrow();
      double sum = 0;
      for (double a : logWeights) {
        sum += Math.exp(a - max);
      }
      total += -(max + Math.log(sum / samples));
    }
    return total / BATCH;
  }

  @Test
  void theGraphsBoundEqualsADirectComputation() {
    Split batch = TestData.smallShapes().train().head(BATCH);
    for (int samples : new int[] {1, 3, 7}) {
      float[] epsilon = normals(samples * BATCH * LATENT, 10 + samples);
      Run run = run(samples, List.of(epsilon), 1f, batch).get(0);
      double expected = directBound(run, epsilon, samples, 1, batch);
      assertEquals(expected, run.loss(), 2e-5 * Math.abs(expected), "K = " + samples);
    }
  }

  /**
   * K = 1 is the ELBO with a sampled KL term: with the same ε, the bound is the ELBO path's
   * reconstruction term plus β·(log q(z|x) − log p(z)) — and the analytic KL is the expectation of that
   * term, so over many draws the two objectives agree.
   */
  @Test
  void oneSampleIsTheElboWithItsKlSampled() {
    Split batch = TestData.smallShapes().train().head(BATCH);
    float beta = 0.3f;
    double sampledMinusAnalytic = 0;
    int draws = 200;
    List<float[]> epsilons = noises(draws, BATCH * LATENT, 100);
    List<Run> runs = run(1, epsilons, beta, batch);
    for (int d = 0; d < draws; d++) {
      float[] epsilon = epsilons.get(d);
      Run run = runs.get(d);
      double elboSampled = 0;
      double elboAnalytic = 0;
      for (int b = 0; b < BATCH; b++) {
        double sampledKl = 0;
        double analyticKl = 0;
        for (int j = 0; j < LATENT; j++) {
          double mu = run.mu()[b * LATENT + j];
          double lv = run.logVar()[b * LATENT + j];
          double z = mu + Math.exp(0.5 * lv) * epsilon[b * LATENT + j];
          sampledKl += logNormal(z, mu, lv) - logNormal(z, 0, 0);
          analyticKl += 0.5 * (mu * mu + Math.exp(lv) - lv - 1);
        }
        elboSampled += run.recon()[b] + beta * sampledKl;
        elboAnalytic += run.recon()[b] + beta * analyticKl;
      }
      elboSampled /= BATCH;
      elboAnalytic /= BATCH;
      assertEquals(elboSampled, run.loss(), 2e-5 * elboSampled, "draw " + d);
      sampledMinusAnalytic += elboSampled - elboAnalytic;
    }
    // The sampled KL of one draw spreads by about 1 nat here; 200 draws of 8 examples average it to
    // within a few hundredths.
    assertEquals(0, sampledMinusAnalytic / draws, 0.1, "E[log q − log p] is the analytic KL");
  }

  /** More samples give a tighter (lower) bound on average, as the IWAE bound promises. */
  @Test
  void moreSamplesTightenTheBound() {
    Split batch = TestData.smallShapes().train().head(BATCH);
    double one =
        run(1, noises(50, BATCH * LATENT, 500), 1f, batch).stream().mapToDouble(Run::loss).sum();
    double many =
        run(16, noises(50, 16 * BATCH * LATENT, 900), 1f, batch).stream().mapToDouble(Run::loss).sum();
    System.out.printf("mean bound over 50 draws: K = 1 %.4f, K = 16 %.4f%n", one / 50, many / 50);
    assertTrue(many < one, "K = 16: " + many / 50 + ", K = 1: " + one / 50);
  }

  /**
   * A conditional model's bound decodes K × batch codes, each with its example's label: with the same ε
   * repeated for every sample, the K-sample bound is the one-sample bound, which is the ELBO path's
   * reconstruction term (decoded with the label) plus the sampled KL. A label paired with the wrong
   * example among the K × batch rows would change the reconstruction term.
   */
  @Test
  void aConditionalBoundPairsEachSampleWithItsExamplesLabel() {
    int samples = 3;
    VaeConfig conditional =
        VaeConfig.builder().hidden(List.of(HIDDEN)).latentDim(LATENT).classes(3).build();
    Split batch = TestData.smallShapes().train().head(BATCH);
    float[] first = normals(BATCH * LATENT, 77);
    float[] repeated = new float[samples * first.length];
    for (int k = 0; k < samples; k++) {
      System.arraycopy(first, 0, repeated, k * first.length, first.length);
    }
    try (Graph graph = new Graph()) {
      TrainingGraph g =
          TrainingGraph.forTraining(
              graph, conditional, 3, new TrainingGraph.StepObjective(Objective.IWAE, samples, 0));
      try (Session s = new Session(graph);
          TFloat32 x =
              TFloat32.tensorOf(
                  Shape.of(conditional.batchShape(BATCH)),
                  DataBuffers.of(batch.values(), true, false));
          TFloat32 label =
              TFloat32.tensorOf(
                  Shape.of(BATCH, 3),
                  DataBuffers.of(ClassLabels.oneHotValues(batch.labels(), 3), true, false));
          TInt64 seed = TInt64.vectorOf(1, 2);
          TFloat32 beta = TFloat32.scalarOf(1f);
          TFloat32 eps =
              TFloat32.tensorOf(
                  Shape.of(samples, BATCH, LATENT), DataBuffers.of(repeated, true, false));
          TFloat32 eps1 =
              TFloat32.tensorOf(Shape.of(BATCH, LATENT), DataBuffers.of(first, true, false));
          Result r =
              s.runner()
                  .feed(g.x, x)
                  .feed(g.label, label)
                  .feed(g.noiseSeed, seed)
                  .feed(g.beta, beta)
                  .feed(g.importanceEpsilon, eps)
                  .feed(g.epsilon, eps1)
                  .fetch(g.loss)
                  .fetch(g.recon)
                  .fetch(g.mean)
                  .fetch(g.logVariance)
                  .run()) {
        float[] recon = Evaluator.read(r, 1, BATCH);
        float[] mu = Evaluator.read(r, 2, BATCH * LATENT);
        float[] logVar = Evaluator.read(r, 3, BATCH * LATENT);
        double expected = 0;
        for (int b = 0; b < BATCH; b++) {
          double sampledKl = 0;
          for (int j = 0; j < LATENT; j++) {
            double m = mu[b * LATENT + j];
            double lv = logVar[b * LATENT + j];
            double z = m + Math.exp(0.5 * lv) * first[b * LATENT + j];
            sampledKl += logNormal(z, m, lv) - logNormal(z, 0, 0);
          }
          expected += recon[b] + sampledKl;
        }
        expected /= BATCH;
        double loss = ((TFloat32) r.get(0)).getFloat();
        assertEquals(expected, loss, 2e-5 * Math.abs(expected));
      }
    }
  }

  @Test
  void aShortIwaeRunTrainsAndRecordsItsObjective() throws Exception {
    TrainingConfig config =
        TrainingConfig.builder()
            .hidden(List.of(32))
            .latentDim(4)
            .epochs(2)
            .checkpointDir(dir.resolve("ckpt"))
            .build();
    TrainingSettings iwae =
        config.settings().toBuilder().objective(Objective.IWAE).importanceSamples(4).build();
    TrainingResult result =
        new VaeTrainer(new TrainingConfig(config.model(), iwae, config.checkpointDir(), false, null))
            .train(TestData.smallShapes(), TrainingListener.NONE);
    List<EpochMetrics> history = result.history();
    assertTrue(history.get(1).loss() < history.get(0).loss(), history.toString());
    assertTrue(Double.isFinite(history.get(1).validation().negElbo()), history.toString());
    assertEquals(Objective.IWAE, result.config().settings().objective());
    assertEquals(4, result.config().settings().importanceSamples());
  }

  @Test
  void badCombinationsAreRefused() {
    TrainingSettings.Builder b = TrainingSettings.builder();
    assertThrows(IllegalArgumentException.class, () -> b.importanceSamples(5).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainingSettings.builder().objective(Objective.IWAE).importanceSamples(0 - 1).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainingSettings.builder().objective(Objective.IWAE).importanceSamples(1001).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> TrainingSettings.builder().objective(Objective.IWAE).freeBits(1).build());
    try (Graph graph = new Graph()) {
      VaeConfig ae = VaeConfig.builder().kind(ModelKind.AE).hidden(List.of(8)).latentDim(2).build();
      assertThrows(
          IllegalArgumentException.class,
          () ->
              TrainingGraph.forTraining(
                  graph, ae, 1, new TrainingGraph.StepObjective(Objective.IWAE, 2, 0)));
    }
  }
}
