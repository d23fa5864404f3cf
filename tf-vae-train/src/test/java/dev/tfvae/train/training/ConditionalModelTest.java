package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.infer.LatentSpace;
import dev.tfvae.infer.ModelValidator;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.TestData;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.ShapesDataset;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.export.TrainingExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A conditional VAE trained on the shapes (label = shape kind, 3 classes): its export carries the label
 * input in every signature and passes validation; a fresh JVM reloads it with outputs bit-equal to this
 * JVM's and μ bit-equal to the training graph's; the label changes what is decoded; calls without a
 * label, and unknown labels, are refused with messages naming the known ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConditionalModelTest {
  private Path dir;
  private Dataset data;
  private TrainingResult result;
  private Path version;

  /** Label {@code i mod classes} of row i. */
  static int[] labels(int rows, int classes) {
    int[] out = new int[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = i % classes;
    }
    return out;
  }

  @BeforeAll
  void trainAndExport(@TempDir Path tempDir) throws IOException {
    dir = tempDir;
    Dataset small = TestData.smallShapes();
    data = new Dataset(small.name(), small.exampleShape(), small.train(), small.validation(),
        small.files(), small.preprocessing(), Dataset.Setup.labelled(ShapesDataset.SHAPE_NAMES));
    TrainingConfig config =
        TrainingConfig.builder()
            .conditional(true)
            .hidden(List.of(64))
            .latentDim(4)
            .epochs(2)
            .batchSize(64)
            .seed(3)
            .checkpointDir(dir.resolve("checkpoints"))
            .build();
    result = new VaeTrainer(config).train(data, TrainingListener.NONE);
    version = TrainingExport.export(result, dir.resolve("models").resolve("cvae"), "conditional test");
  }

  @Test
  void exportHasTheLabelInputAndPassesValidation() throws IOException {
    assertEquals(3, result.model().classes());
    ModelValidator.Report report = ModelValidator.validate(version);
    assertTrue(report.passed(), report.toString());
    ModelManifest manifest = ModelManifest.read(version);
    assertEquals(result.model(), manifest.config());
    for (String signature : List.of(SignatureContract.SERVING_DEFAULT, SignatureContract.ENCODE,
        SignatureContract.DECODE, SignatureContract.GENERATE, SignatureContract.SCORE,
        SignatureContract.LOG_LIKELIHOOD)) {
      var label = report.signatures().get(signature).inputs().get(SignatureContract.LABEL);
      assertEquals(List.of(-1L, 3L), label.shape(), signature);
      assertEquals("DT_FLOAT", label.dtype(), signature);
    }
  }

  @Test
  void freshJvmReloadIsBitEqualToThisJvmAndTheTrainingGraph() throws Exception {
    int n = 6;
    float[][] inputs = new float[n][];
    for (int i = 0; i < n; i++) {
      inputs[i] = data.validation().example(i);
    }
    int[] labels = labels(n, 3);
    Path in = dir.resolve("inputs.bin");
    Path out = dir.resolve("outputs.bin");
    ReproducibilityAndExportTest.writeRows(in, inputs);
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ConditionalReloadProbe.class.getName(), version.toString(), in.toString(), out.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
    assertEquals(0, child.exitValue(), Files.readString(dir.resolve("child.log")));
    List<float[]> childRows = ReproducibilityAndExportTest.readRows(out);
    assertEquals(2 * n + 3, childRows.size());

    float[] trainingMean = new float[n * 4];
    try (Graph graph = new Graph()) {
      TrainingGraph g = TrainingGraph.forTraining(graph, result.model(), 3, 0);
      float[] flat = new float[n * 784];
      for (int i = 0; i < n; i++) {
        System.arraycopy(inputs[i], 0, flat, i * 784, 784);
      }
      try (Session session = new Session(graph)) {
        session.restore(result.checkpoint().toString());
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(result.model().batchShape(n)),
                DataBuffers.of(flat, true, false));
            TFloat32 label = TFloat32.tensorOf(Shape.of(n, 3),
                DataBuffers.of(ClassLabels.oneHotValues(labels, 3), true, false));
            Result r = session.runner().feed(g.x, x).feed(g.label, label).fetch(g.mean).run()) {
          ((TFloat32) r.get(0)).copyTo(DataBuffers.of(trainingMean, false, false));
        }
      }
    }
    try (VaeModel model = VaeModel.load(version)) {
      var codes = model.encode(inputs, labels);
      float[][] reconstructions = model.reconstruct(inputs, labels);
      float[][] samples = model.generate(1, 3, 7L);
      for (int i = 0; i < n; i++) {
        assertArrayEquals(codes.get(i).mean(), childRows.get(i), "child mean " + i);
        assertArrayEquals(reconstructions[i], childRows.get(n + i), "child reconstruction " + i);
        assertArrayEquals(java.util.Arrays.copyOfRange(trainingMean, i * 4, (i + 1) * 4),
            childRows.get(i), "mean of example " + i + " vs the training graph");
        // One example alone (a call of one row; kernels may round a batch's last bit differently).
        assertArrayEquals(codes.get(i).mean(), model.encode(inputs[i], labels[i]).mean(), 1e-5f,
            "alone " + i);
      }
      for (int k = 0; k < 3; k++) {
        assertArrayEquals(samples[k], childRows.get(2 * n + k), "child sample " + k);
      }
    }
  }

  @Test
  void theLabelDecidesWhatIsDecoded() throws IOException {
    try (VaeModel model = VaeModel.load(version)) {
      assertTrue(model.isConditional());
      float[] z = new float[4];
      float[][] byClass = model.decode(new float[][] {z, z, z}, new int[] {0, 1, 2});
      assertFalse(java.util.Arrays.equals(byClass[0], byClass[1]));
      assertFalse(java.util.Arrays.equals(byClass[1], byClass[2]));
      // Same codes, same label: the same samples; the seed's codes are shared by every class.
      assertArrayEquals(model.generate(2, 4, 9L)[3], model.generate(2, 4, 9L)[3]);
      assertFalse(java.util.Arrays.equals(model.generate(0, 1, 9L)[0], model.generate(2, 1, 9L)[0]));
      // "Same style, other class": row c of the picture is the code decoded as class c.
      float[] x = data.validation().example(0);
      int own = data.validation().labels()[0];
      float[][] restyled = new LatentSpace(model).otherClasses(x, own);
      assertEquals(3, restyled.length);
      // (a decode of 3 rows against the reconstruction's call of 1: the last bit may differ)
      assertArrayEquals(model.reconstruct(x, own), restyled[own], 1e-6f);
      // The bound takes the label too, and a wrong label makes the example less likely.
      float[][] one = {x};
      double right = model.importanceScores(one, new int[] {own}, 20, 1)[0];
      double wrong = model.importanceScores(one, new int[] {(own + 1) % 3}, 20, 1)[0];
      assertTrue(right < wrong, "−log p(x|own label) " + right + " vs other label " + wrong);
    }
  }

  @Test
  void callsWithoutALabelOrWithAnUnknownOneAreRefused() throws IOException {
    try (VaeModel model = VaeModel.load(version)) {
      float[] x = data.validation().example(0);
      String message = assertThrows(IllegalArgumentException.class, () -> model.encode(x)).getMessage();
      assertTrue(message.contains("conditional") && message.contains("square"), message);
      assertThrows(IllegalArgumentException.class, () -> model.generate(4, 1L));
      String unknown =
          assertThrows(IllegalArgumentException.class, () -> model.label("hexagon")).getMessage();
      assertTrue(unknown.contains("hexagon") && unknown.contains("ellipse"), unknown);
      assertEquals(model.label("ELLIPSE"), model.label(Integer.toString(model.label("ellipse"))));
      String range = assertThrows(IllegalArgumentException.class,
          () -> model.decode(new float[4], 3)).getMessage();
      assertTrue(range.contains("0..2"), range);
    }
  }

  @Test
  void conditionalTrainingRefusesDataWithoutLabels() {
    Split train = data.train();
    Dataset unlabelled = new Dataset("unlabelled", data.exampleShape(),
        new Split(train.values(), train.exampleSize(), null),
        new Split(data.validation().values(), train.exampleSize(), null),
        List.of(), data.preprocessing());
    TrainingConfig config = TrainingConfig.builder().conditional(true).epochs(1).build();
    String message = assertThrows(IllegalArgumentException.class,
        () -> config.modelConfig(unlabelled)).getMessage();
    assertTrue(message.contains("--conditional needs labelled data"), message);
  }
}
