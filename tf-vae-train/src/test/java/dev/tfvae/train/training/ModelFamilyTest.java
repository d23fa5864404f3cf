package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.Architecture;
import dev.tfvae.core.model.Likelihood;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.ModelValidator;
import dev.tfvae.infer.Score;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.TestData;
import dev.tfvae.train.data.CsvDataset;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.ShapesDataset;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.export.TrainingExport;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Each member of the model family trains, exports a SavedModel that passes the contract checks, and
 * serves through tf-vae-infer exactly what the training graph computes: a convolutional VAE on odd-sized
 * colour images, a plain MLP autoencoder, and a Gaussian VAE on a standardised CSV table (whose export
 * standardises inputs and restores outputs inside the graph, checked here against the same transform done
 * in Java).
 */
class ModelFamilyTest {
  @TempDir Path dir;

  static Stream<Arguments> family() throws Exception {
    return Stream.of(
        Arguments.of(
            "conv-vae-rgb-13x11",
            colourImages(),
            TrainingConfig.builder()
                .arch(Architecture.CONV)
                .hidden(List.of(8, 16))
                .latentDim(4)
                .epochs(2)
                .build()),
        Arguments.of(
            "mlp-ae",
            TestData.smallShapes(),
            TrainingConfig.builder().kind(ModelKind.AE).hidden(List.of(64)).latentDim(4).epochs(2)
                .build()),
        Arguments.of(
            "gaussian-vae-table",
            CsvDataset.load(
                "csv:two-factor", Path.of("..", "examples", "two-factor.csv"), "quadrant"),
            TrainingConfig.builder().hidden(List.of(32)).latentDim(2).epochs(3).build()));
  }

  /** 13×11 RGB crops of shapes: channels v, v/2 and 1 − v. */
  static Dataset colourImages() {
    return new Dataset(
        "shapes-rgb",
        List.of(13, 11, 3),
        colour(ShapesDataset.generate(600, 21)),
        colour(ShapesDataset.generate(100, 22)),
        List.of(),
        Dataset.PIXELS);
  }

  private static Split colour(Split gray) {
    int n = gray.count();
    float[] out = new float[n * 13 * 11 * 3];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < 13; y++) {
        for (int x = 0; x < 11; x++) {
          float v = gray.values()[i * 784 + (y + 8) * 28 + (x + 8)];
          int base = ((i * 13 + y) * 11 + x) * 3;
          out[base] = v;
          out[base + 1] = v / 2;
          out[base + 2] = 1 - v;
        }
      }
    }
    return new Split(out, 13 * 11 * 3, gray.labels());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("family")
  void trainsExportsAndServesWhatTheTrainingGraphComputes(
      String name, Dataset data, TrainingConfig config) throws Exception {
    TrainingConfig withDir = config.toBuilder().checkpointDir(dir.resolve("ckpt")).build();
    TrainingResult result = new VaeTrainer(withDir).train(data, TrainingListener.NONE);
    assertTrue(Double.isFinite(result.last().validation().negElbo()));
    Path version = TrainingExport.export(result, dir.resolve(name), "test");
    ModelValidator.Report report = ModelValidator.validate(version);
    assertTrue(report.passed(), report.toString());
    ModelManifest manifest = ModelManifest.read(version);
    assertEquals(result.model(), manifest.config());
    assertEquals(
        data.preprocessing().standardization() != null ? Likelihood.GAUSSIAN : Likelihood.BERNOULLI,
        manifest.config().likelihood());

    Split validation = data.validation().head(50);
    int n = validation.count();
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = validation.example(i);
    }
    float[] expected = trainingGraphReconstruction(result, validation);
    ModelManifest.Standardization s = data.preprocessing().standardization();
    try (VaeModel model = VaeModel.load(version)) {
      float[][] served = model.reconstruct(rows);
      int size = validation.exampleSize();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < size; j++) {
          float want = expected[i * size + j];
          if (s != null) {
            want = (float) (want * s.std().get(j) + s.mean().get(j));
          }
          assertEquals(want, served[i][j], 1e-5 + 1e-5 * Math.abs(want), name + " row " + i + " value " + j);
        }
      }
      List<Score> scores = model.score(rows);
      double meanNegElbo = scores.stream().mapToDouble(Score::negElbo).average().orElseThrow();
      EvalMetrics eval = ModelEvaluation.evaluate(version, manifest, validation, 1, 0, 0);
      assertEquals(eval.negElboMu(), meanNegElbo, 1e-4 * Math.abs(eval.negElboMu()), name);
      LatentCode code = model.encode(rows[0]);
      assertEquals(config.model().latentDim(), code.mean().length);
      if (config.model().kind() == ModelKind.AE) {
        assertNull(code.logVariance());
        assertEquals(scores.get(0).reconstructionLoss(), scores.get(0).negElbo());
        assertThrows(UnsupportedOperationException.class, () -> model.generate(1, 1));
      } else {
        assertEquals(size, model.generate(3, 9)[2].length);
      }
    }
  }

  private static float[] trainingGraphReconstruction(TrainingResult result, Split raw) {
    ModelManifest.Standardization s = result.dataset().preprocessing().standardization();
    Split inputs = s == null ? raw : raw.standardized(s);
    float[] out = new float[inputs.values().length];
    try (Graph graph = new Graph()) {
      TrainingGraph g = TrainingGraph.forEvaluation(graph, result.model());
      try (Session session = new Session(graph)) {
        session.restore(result.checkpoint().toString());
        try (TFloat32 x =
                TFloat32.tensorOf(
                    Shape.of(result.model().batchShape(inputs.count())),
                    DataBuffers.of(inputs.values(), true, false));
            Result r = session.runner().feed(g.x, x).fetch(g.reconstruction).run()) {
          ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
        }
      }
    }
    return out;
  }
}
