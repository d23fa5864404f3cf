package dev.tfvae.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** tf-vae-infer against the shipped Fashion-MNIST model. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VaeModelTest {
  private VaeModel model;

  @BeforeAll
  void load() throws IOException {
    model = VaeModel.load(ShippedModels.fashionMnist());
  }

  @AfterAll
  void close() {
    model.close();
  }

  @Test
  void everyShippedModelPassesTheContract() throws IOException {
    List<Path> versions = ShippedModels.allVersions();
    assertFalse(versions.isEmpty(), "savedmodels/ holds no model");
    for (Path version : versions) {
      ModelValidator.Report report = ModelValidator.validate(version);
      assertTrue(report.passed(), version + ": " + report);
      assertTrue(Files.isRegularFile(version.resolve(SignatureContract.MODEL_CARD)), version.toString());
      try (VaeModel m = VaeModel.load(version)) {
        float[] x = new float[m.inputSize()];
        if (m.isConditional()) {
          assertEquals(m.inputSize(), m.reconstruct(x, m.classes() - 1).length);
          assertEquals(m.latentDim(), m.encode(x, 0).mean().length);
          assertThrows(IllegalArgumentException.class, () -> m.encode(x));
        } else {
          assertEquals(m.inputSize(), m.reconstruct(x).length);
          assertEquals(m.latentDim(), m.encode(x).mean().length);
        }
      }
    }
  }

  @Test
  void baseFolderMeansNewestVersionAndManifestRecordsTheCommand() throws IOException {
    int newest;
    try (var children = Files.list(ShippedModels.fashionMnist())) {
      newest =
          children.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+"))
              .mapToInt(Integer::parseInt).max().orElseThrow();
    }
    assertEquals(ShippedModels.fashionMnist().resolve(Integer.toString(newest)), model.path());
    ModelManifest m = model.manifest();
    assertEquals(List.of(28, 28), m.config().inputShape());
    assertEquals(20, model.latentDim());
    assertTrue(m.commandLine().startsWith("./tf-vae train --dataset fashion-mnist"), m.commandLine());
    assertEquals(4, m.dataset().files().size());
  }

  @Test
  void decodeOfMeanIsTheReconstructionAndScoresAddUp() {
    float[] x = ShippedModels.image(1);
    LatentCode code = model.encode(x);
    assertArrayEquals(model.reconstruct(x), model.decode(code.mean()));
    Score s = model.score(x);
    assertEquals(s.reconstructionLoss() + s.kl(), s.negElbo(), 1e-3);
    // KL from the returned μ and log σ², computed here in double precision.
    double kl = 0;
    for (int j = 0; j < code.mean().length; j++) {
      double mu = code.mean()[j];
      double lv = code.logVariance()[j];
      kl += 0.5 * (mu * mu + Math.exp(lv) - lv - 1);
    }
    assertEquals(kl, s.kl(), 1e-3 * Math.max(1, kl));
  }

  @Test
  void batchAndSingleCallsAgree() {
    float[][] xs = new float[1500][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = ShippedModels.image(i);
    }
    List<LatentCode> codes = model.encode(xs);
    assertEquals(1500, codes.size());
    assertArrayEquals(model.encode(xs[1234]).mean(), codes.get(1234).mean(), 1e-5f);
    float[][] recon = model.reconstruct(xs);
    assertArrayEquals(model.reconstruct(xs[1499]), recon[1499], 1e-5f);
  }

  @Test
  void batchesSplitOverLanesMatchOneLaneAndReportBadRowsFromEveryPart() throws IOException {
    float[][] xs = new float[100][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = ShippedModels.image(500 + i);
    }
    try (VaeModel threeLanes = VaeModel.loader(ShippedModels.fashionMnist()).threads(3).load();
        VaeModel oneLane = VaeModel.loader(ShippedModels.fashionMnist()).threads(1).load()) {
      // 100 rows over 3 lanes: parts of 34, 34 and 32 rows, two of them on the model's own threads.
      float[][] split = threeLanes.reconstruct(xs);
      float[][] whole = oneLane.reconstruct(xs);
      List<LatentCode> codes = threeLanes.encode(xs);
      for (int i : new int[] {0, 33, 34, 67, 68, 99}) {
        assertArrayEquals(whole[i], split[i], 1e-5f, "row " + i);
        assertArrayEquals(oneLane.reconstruct(xs[i]), split[i], 1e-5f, "row " + i);
        assertArrayEquals(oneLane.encode(xs[i]).mean(), codes.get(i).mean(), 1e-5f, "row " + i);
      }

      float[][] bad = xs.clone();
      bad[90] = xs[90].clone();
      bad[90][3] = Float.NaN;
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> threeLanes.reconstruct(bad));
      assertTrue(e.getMessage().contains("x row 90 value 3 is NaN"), e.getMessage());
      bad[10] = xs[10].clone();
      bad[10][7] = 2f;
      e = assertThrows(IllegalArgumentException.class, () -> threeLanes.embed(bad));
      assertTrue(e.getMessage().contains("x row 10 value 7 is 2.0"), e.getMessage());
      assertEquals(1, e.getSuppressed().length);
      assertTrue(e.getSuppressed()[0].getMessage().contains("x row 90 value 3"), e.getSuppressed()[0].getMessage());

      float[][] zs = new float[80][threeLanes.latentDim()];
      zs[70][2] = Float.POSITIVE_INFINITY;
      e = assertThrows(IllegalArgumentException.class, () -> threeLanes.decode(zs));
      assertTrue(e.getMessage().contains("z row 70 value 2 is Infinity; inputs must be finite"), e.getMessage());
      // The failed calls left nothing behind: the model still answers.
      assertArrayEquals(split[5], threeLanes.reconstruct(xs)[5]);
    }
  }

  @Test
  void generateIsSeededAndInRange() {
    float[][] a = model.generate(5, 7);
    float[][] b = model.generate(5, 7);
    float[][] c = model.generate(5, 8);
    assertEquals(5, a.length);
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(a[i], b[i]);
      for (float v : a[i]) {
        assertTrue(v >= 0 && v <= 1);
      }
    }
    assertNotEquals(a[0][400], c[0][400]);
  }

  @Test
  void badInputsFailClearly() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.encode(new float[783]));
    assertTrue(e.getMessage().contains("has 783 values, the model expects 784"), e.getMessage());
    float[] nan = new float[784];
    nan[17] = Float.NaN;
    e = assertThrows(IllegalArgumentException.class, () -> model.score(nan));
    assertTrue(e.getMessage().contains("value 17 is NaN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> model.reconstruct(new float[0][]));
    float[] bright = new float[784];
    bright[5] = 255f;
    e = assertThrows(IllegalArgumentException.class, () -> model.encode(bright));
    assertTrue(e.getMessage().contains("value 5 is 255.0; this model's inputs are in [0, 1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> model.decode(new float[3]));
    assertThrows(IllegalArgumentException.class, () -> model.generate(0, 1));
  }

  @Test
  void sharedAcrossThreadsGivesIdenticalResults() throws Exception {
    float[] x = ShippedModels.image(99);
    float[] expected = model.encode(x).mean();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        results.add(pool.submit(() -> model.encode(x).mean()));
      }
      for (Future<float[]> f : results) {
        assertArrayEquals(expected, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void closedModelRefusesCalls() throws IOException {
    VaeModel m = VaeModel.load(ShippedModels.fashionMnist());
    m.close();
    m.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> m.encode(new float[784]));
    assertTrue(e.getMessage().contains("is closed"), e.getMessage());
  }

  @Test
  void missingAndBrokenModelsAreReported(@TempDir Path dir) throws IOException {
    assertThrows(NoSuchFileException.class, () -> VaeModel.load(dir.resolve("absent")));
    assertThrows(NoSuchFileException.class, () -> VaeModel.load(dir));
    Path v = Files.createDirectories(dir.resolve("m").resolve("1"));
    Files.write(v.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) 0xFF});
    IOException e = assertThrows(IOException.class, () -> VaeModel.load(dir.resolve("m")));
    assertTrue(e.getMessage().contains("saved_model.pb"), e.getMessage());
  }
}
