package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.TestData;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.export.TrainingExport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The denoising corruption of the training graph: the encoder sees x itself unless a training step
 * feeds {@code corrupt}; then masking zeroes about the asked share of values, the noise stays inside
 * the data's range, and the noise is a function of the step's seed. A denoising VAE trains and records
 * its corruption in the manifest.
 */
class CorruptionTest {
  private static float[] encoderInput(Corruption corruption, float[] x, long step, boolean corrupt) {
    VaeConfig config = VaeConfig.builder().inputShape(List.of(x.length)).hidden(List.of(4)).latentDim(2)
        .build();
    try (Graph graph = new Graph()) {
      TrainingGraph g = TrainingGraph.forTraining(graph, config, 1, 0, corruption);
      try (Session s = new Session(graph);
          TFloat32 xs = TFloat32.tensorOf(Shape.of(1, x.length), DataBuffers.of(x, true, false));
          TInt64 seed = TInt64.vectorOf(1, step);
          TBool flag = TBool.scalarOf(corrupt);
          Result r = s.runner().feed(g.x, xs).feed(g.noiseSeed, seed).feed(g.corrupt, flag)
              .fetch(g.encoderInput).run()) {
        float[] out = new float[x.length];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
        return out;
      }
    }
  }

  @Test
  void maskingAndNoiseChangeOnlyCorruptedSteps() {
    float[] x = new float[4000];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.25f + 0.5f * (i % 3) / 2f;
    }
    Corruption mask = new Corruption(0, 0.3, 0, 1);
    assertArrayEquals(x, encoderInput(mask, x, 5, false));
    float[] masked = encoderInput(mask, x, 5, true);
    int zeros = 0;
    for (int i = 0; i < x.length; i++) {
      assertTrue(masked[i] == 0 || masked[i] == x[i], "value " + i + " is " + masked[i]);
      zeros += masked[i] == 0 ? 1 : 0;
    }
    // 30 % of 4,000: 1,200 ± 4 standard deviations (√(4000·0.3·0.7) ≈ 29).
    assertEquals(1200, zeros, 116);

    Corruption noise = new Corruption(0.5, 0, 0.25f, 0.75f);
    float[] noisy = encoderInput(noise, x, 5, true);
    double moved = 0;
    for (int i = 0; i < x.length; i++) {
      assertTrue(noisy[i] >= 0.25f && noisy[i] <= 0.75f, "value " + i + " is " + noisy[i]);
      moved += Math.abs(noisy[i] - x[i]);
    }
    assertTrue(moved / x.length > 0.1, "mean change " + moved / x.length);
    assertArrayEquals(noisy, encoderInput(noise, x, 5, true));
    assertFalse(java.util.Arrays.equals(noisy, encoderInput(noise, x, 6, true)));
  }

  @Test
  void aDenoisingVaeTrainsAndRecordsItsCorruption(@TempDir Path dir) throws Exception {
    Dataset data = TestData.smallShapes();
    TrainingConfig config = TrainingConfig.builder().kind(ModelKind.VAE).hidden(List.of(32)).latentDim(2)
        .epochs(1).denoiseSigma(0.3).maskRate(0.2).checkpointDir(dir.resolve("c")).build();
    TrainingResult result = new VaeTrainer(config).train(data, TrainingListener.NONE);
    assertTrue(Double.isFinite(result.last().loss()));
    Path version = TrainingExport.export(result, dir.resolve("dvae"), "test");
    ModelManifest m = ModelManifest.read(version);
    assertEquals(0.3, m.training().settings().denoiseSigma());
    assertEquals(0.2, m.training().settings().maskRate());
  }
}
