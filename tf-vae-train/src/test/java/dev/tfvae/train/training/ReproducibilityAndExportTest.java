package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.ModelValidator;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.TestData;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.export.TrainingExport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproducibilityAndExportTest {
  private Path dir;
  private Dataset data;
  private TrainingResult first;

  private TrainingConfig config(long seed, String checkpoints) {
    return TrainingConfig.builder()
        .hidden(List.of(64))
        .latentDim(4)
        .epochs(2)
        .batchSize(64)
        .seed(seed)
        .checkpointDir(dir.resolve(checkpoints))
        .build();
  }

  @BeforeAll
  void trainOnce(@TempDir Path tempDir) throws IOException {
    dir = tempDir;
    data = TestData.smallShapes();
    first = new VaeTrainer(config(5, "run-a")).train(data, TrainingListener.NONE);
  }

  private static byte[] weights(TrainingResult r) throws IOException {
    return Files.readAllBytes(
        r.checkpoint().resolveSibling(r.checkpoint().getFileName() + ".data-00000-of-00001"));
  }

  @Test
  void trainingLowersTheLoss() {
    assertTrue(first.history().get(1).loss() < first.history().get(0).loss(),
        "epoch losses " + first.history());
    assertTrue(Double.isFinite(first.last().validation().negElbo()));
  }

  @Test
  void sameSeedGivesBitIdenticalWeightsAndDifferentSeedDoesNot() throws IOException {
    TrainingResult again = new VaeTrainer(config(5, "run-b")).train(data, TrainingListener.NONE);
    assertArrayEquals(weights(first), weights(again));
    assertEquals(first.last().loss(), again.last().loss());
    TrainingResult other = new VaeTrainer(config(6, "run-c")).train(data, TrainingListener.NONE);
    assertFalse(java.util.Arrays.equals(weights(first), weights(other)));
  }

  @Test
  void exportReloadsInAFreshJvmWithOutputsBitEqualToTheTrainingGraph() throws Exception {
    Path base = dir.resolve("models").resolve("small-vae");
    Path v1 = TrainingExport.export(first, base, "test export");
    assertEquals(base.resolve("1"), v1);

    ModelValidator.Report report = ModelValidator.validate(v1);
    assertTrue(report.passed(), report.toString());
    ModelManifest manifest = ModelManifest.read(v1);
    assertEquals(first.model(), manifest.config());
    assertEquals("test export", manifest.commandLine());

    int n = 7;
    float[][] inputs = new float[n][];
    for (int i = 0; i < n; i++) {
      inputs[i] = data.validation().example(i);
    }
    // What the training graph itself computes from its final checkpoint.
    float[] trainingMean = new float[n * 4];
    float[] trainingRecon = new float[n * 784];
    try (Graph graph = new Graph()) {
      TrainingGraph g = TrainingGraph.forTraining(graph, first.model(), 5, 0);
      try (Session session = new Session(graph)) {
        session.restore(first.checkpoint().toString());
        float[] flat = new float[n * 784];
        for (int i = 0; i < n; i++) {
          System.arraycopy(inputs[i], 0, flat, i * 784, 784);
        }
        try (TFloat32 x =
                TFloat32.tensorOf(
                    org.tensorflow.ndarray.Shape.of(first.model().batchShape(n)),
                    DataBuffers.of(flat, true, false));
            Result r = session.runner().feed(g.x, x).fetch(g.mean).fetch(g.reconstruction).run()) {
          ((TFloat32) r.get(0)).copyTo(DataBuffers.of(trainingMean, false, false));
          ((TFloat32) r.get(1)).copyTo(DataBuffers.of(trainingRecon, false, false));
        }
      }
    }

    // The same through tf-vae-infer in a separate JVM process.
    Path in = dir.resolve("inputs.bin");
    Path out = dir.resolve("outputs.bin");
    writeRows(in, inputs);
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ReloadProbe.class.getName(),
                v1.toString(),
                in.toString(),
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
    assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.log")));
    List<float[]> childRows = readRows(out);
    try (VaeModel model = VaeModel.load(base)) {
      List<LatentCode> codes = model.encode(inputs);
      float[][] reconstructions = model.reconstruct(inputs);
      for (int i = 0; i < n; i++) {
        // The child JVM and this one run the same SavedModel: bit-equal.
        assertArrayEquals(codes.get(i).mean(), childRows.get(i), "child mean " + i);
        assertArrayEquals(reconstructions[i], childRows.get(n + i), "child reconstruction " + i);
        assertEquals(4, codes.get(i).logVariance().length);
        // The training graph's encoder output is bit-equal to the export's.
        assertArrayEquals(
            java.util.Arrays.copyOfRange(trainingMean, i * 4, (i + 1) * 4), childRows.get(i),
            "mean of example " + i + " vs the training graph");
        // The decoder output may differ in the last bit: TensorFlow optimises the decoder of the
        // larger training graph differently (observed: 1 ulp on some pixels).
        assertArrayEquals(
            java.util.Arrays.copyOfRange(trainingRecon, i * 784, (i + 1) * 784),
            childRows.get(n + i),
            1e-6f,
            "reconstruction of example " + i + " vs the training graph");
      }
    }

    // A second export takes the next version without touching the first.
    byte[] before = Files.readAllBytes(v1.resolve("variables/variables.data-00000-of-00001"));
    Path v2 = TrainingExport.export(first, base, "second export");
    assertEquals(base.resolve("2"), v2);
    assertArrayEquals(before, Files.readAllBytes(v1.resolve("variables/variables.data-00000-of-00001")));
    assertEquals("test export", ModelManifest.read(v1).commandLine());
    try (var children = Files.list(base)) {
      assertEquals(List.of("1", "2"),
          children.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary folder is left behind");
    }
  }

  static void writeRows(Path file, float[][] rows) throws IOException {
    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(file))) {
      o.writeInt(rows.length);
      for (float[] row : rows) {
        o.writeInt(row.length);
        for (float v : row) {
          o.writeFloat(v);
        }
      }
    }
  }

  static List<float[]> readRows(Path file) throws IOException {
    List<float[]> rows = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        float[] row = new float[in.readInt()];
        for (int j = 0; j < row.length; j++) {
          row[j] = in.readFloat();
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
