package dev.tfvae.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.contract.SignatureContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.exceptions.TFInvalidArgumentException;

/**
 * The C API engine (a session tf-vae owns through TensorFlow's C API) and TF Java's own session give the
 * same results bit for bit, on every call, and fail the same way.
 */
class ExecutionTest {
  private static final Path MODEL = ShippedModels.fashionMnist().resolve("2");

  private static VaeModel load(VaeModel.Execution execution) throws IOException {
    return VaeModel.loader(MODEL).execution(execution).threads(2).load();
  }

  @Test
  void bothExecutionsGiveBitIdenticalResults() throws IOException {
    float[][] xs = new float[40][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = ShippedModels.image(100 + i);
    }
    try (VaeModel c = load(VaeModel.Execution.C_API);
        VaeModel tfJava = load(VaeModel.Execution.TF_JAVA)) {
      assertEquals(VaeModel.Execution.C_API, c.execution());
      assertEquals(VaeModel.Execution.TF_JAVA, tfJava.execution());
      for (int round = 0; round < 3; round++) {
        float[] x = xs[round];
        assertArrayEquals(tfJava.encode(x).mean(), c.encode(x).mean());
        assertArrayEquals(tfJava.encode(x).logVariance(), c.encode(x).logVariance());
        assertArrayEquals(tfJava.reconstruct(x), c.reconstruct(x));
        assertArrayEquals(tfJava.decode(tfJava.encode(x).mean()), c.decode(c.encode(x).mean()));
        assertEquals(tfJava.score(x), c.score(x));
      }
      // Batches of 40 rows run as two parts of 20 on two lanes.
      assertArrayEquals(tfJava.reconstruct(xs), c.reconstruct(xs));
      assertArrayEquals(tfJava.embed(xs), c.embed(xs));
      assertEquals(tfJava.score(xs), c.score(xs));
      assertArrayEquals(tfJava.generate(5, 9L), c.generate(5, 9L));
      assertArrayEquals(tfJava.importanceScores(xs, 7, 3L), c.importanceScores(xs, 7, 3L));
      // analyze() runs the encoder once for every part and equals the separate calls bit for bit.
      List<Analysis> all = c.analyze(xs, java.util.EnumSet.allOf(Analysis.Part.class));
      List<Analysis> meanOnly = c.analyze(xs, java.util.EnumSet.of(Analysis.Part.MEAN));
      for (int i = 0; i < xs.length; i++) {
        assertArrayEquals(c.embed(xs)[i], all.get(i).mean());
        assertArrayEquals(c.encode(xs).get(i).logVariance(), all.get(i).logVariance());
        assertEquals(c.score(xs).get(i), all.get(i).score());
        assertArrayEquals(c.reconstruct(xs)[i], all.get(i).reconstruction());
        assertArrayEquals(all.get(i).mean(), meanOnly.get(i).mean());
        assertEquals(null, meanOnly.get(i).score());
      }
      // The single-example and the batch path agree bit for bit.
      assertArrayEquals(c.encode(xs[0]).mean(), c.encode(new float[][] {xs[0]}).get(0).mean());
      assertArrayEquals(c.reconstruct(xs[0]), c.reconstruct(new float[][] {xs[0]})[0]);
      assertEquals(c.score(new float[][] {xs[0]}).get(0), c.score(xs[0]));
    }
  }

  @Test
  void failedRunsRaiseTensorFlowsOwnExceptionsWithEitherEngine() throws IOException {
    ModelValidator.Report report = ModelValidator.validate(MODEL);
    SignatureSpec encode = report.signatures().get(SignatureContract.ENCODE);
    String x = encode.inputs().get(SignatureContract.X).tensorName();
    String mean = encode.outputs().get(SignatureContract.MEAN).tensorName();
    for (VaeModel.Execution execution : VaeModel.Execution.values()) {
      try (Engine engine = EngineLoader.load(MODEL, execution, new Lanes(1))) {
        float[][] rows = {new float[27 * 28]};
        // A row of the wrong shape (27 × 28): TensorFlow refuses it, as it would through TF Java.
        List<Engine.FloatFeed> wrong =
            List.of(new Engine.FloatFeed(x, rows, new long[] {27, 28}, (row, i) -> {}));
        TFInvalidArgumentException e = assertThrows(TFInvalidArgumentException.class,
            () -> engine.run(wrong, 0, 1, List.of(mean), new int[] {20}), execution.toString());
        assertTrue(e.getMessage().contains("756 values"), execution + ": " + e);
        // A fetch that is not the size the caller expects is refused after the run, naming the tensor.
        List<Engine.FloatFeed> right =
            List.of(new Engine.FloatFeed(x, new float[][] {new float[784]}, new long[] {28, 28}, (row, i) -> {}));
        IllegalStateException bad = assertThrows(IllegalStateException.class,
            () -> engine.run(right, 0, 1, List.of(mean), new int[] {7}));
        assertTrue(bad.getMessage().contains(mean) && bad.getMessage().contains("expected 7"), bad.getMessage());
        // The engine stays usable, and a prepared call is refused for a tensor the graph lacks.
        assertEquals(20, engine.run(right, 0, 1, List.of(mean), new int[] {20})[0][0].length);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> engine.resolve(List.of("no_such_op:0")));
        assertTrue(missing.getMessage().contains("no_such_op"), missing.getMessage());
      }
    }
  }

  @Test
  void oneBatchPartRunsInTheCallersThreadWithEveryLaneFree() throws Exception {
    float[][] xs = new float[64][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = ShippedModels.image(200 + i);
    }
    try (VaeModel split = VaeModel.loader(MODEL).threads(2).load();
        VaeModel whole = VaeModel.loader(MODEL).threads(2).partsPerBatch(1).load()) {
      assertEquals(2, whole.lanes());
      // One part: no helper thread is ever started, and the answer is the whole batch's.
      long helpersBefore = batchThreads();
      float[][] a = whole.reconstruct(xs);
      assertEquals(helpersBefore, batchThreads());
      assertEquals(64, a.length);
      float[][] b = split.reconstruct(xs);
      for (int i = 0; i < xs.length; i++) {
        for (int j = 0; j < a[i].length; j++) {
          assertEquals(b[i][j], a[i][j], 1e-5f);
        }
      }
      // Two callers with one part each run side by side on the two lanes.
      java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        var f1 = two.submit(() -> whole.reconstruct(xs));
        var f2 = two.submit(() -> whole.reconstruct(xs));
        assertArrayEquals(f1.get(), f2.get());
      } finally {
        two.shutdownNow();
      }
    }
  }

  private static long batchThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("tf-vae-batch-")).count();
  }

  @Test
  void aCallAfterCloseIsAModelClosedException() throws IOException {
    VaeModel model = load(VaeModel.Execution.C_API);
    model.close();
    ModelClosedException e =
        assertThrows(ModelClosedException.class, () -> model.encode(ShippedModels.image(1)));
    assertTrue(e.getMessage().contains(MODEL.toString()), e.getMessage());
    model.close();
  }
}
