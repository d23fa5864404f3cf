package dev.tfvae.train.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.Score;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.ShapesDataset;
import dev.tfvae.train.data.Split;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatentActivityTest {
  private static final double LN4 = Math.log(4);

  /**
   * Hand-derived: KL(N(1, 1)) = ½(1 + 1 − 0 − 1) = ½; KL(N(0, 4)) = ½(4 − ln 4 − 1); KL(N(2, ¼)) =
   * ½(4 + ¼ + ln 4 − 1), so those two average to ½·(3 + 3.25)/2 = 1.5625 (the logs cancel); KL(N(±0.1, 1))
   * = ½·0.01 = 0.005, below the 0.01 threshold.
   */
  @Test
  void meanKlPerDimensionByHand() {
    assertEquals(0.5, LatentActivity.kl(1, 0), 1e-15);
    assertEquals(0.5 * (3 - LN4), LatentActivity.kl(0, LN4), 1e-15);
    assertEquals(0.0, LatentActivity.kl(0, 0), 0.0);
    LatentActivity a = LatentActivity.of(List.of(
        new LatentCode(new float[] {1, 0, 0.1f}, new float[] {0, (float) LN4, 0}),
        new LatentCode(new float[] {0, 2, -0.1f}, new float[] {0, (float) Math.log(0.25), 0})));
    double[] kl = a.meanKl();
    assertEquals(0.25, kl[0], 1e-7);
    assertEquals(1.5625, kl[1], 1e-6);
    assertEquals(0.005, kl[2], 1e-7);
    assertEquals(0.25 + 1.5625 + 0.005, a.total(), 1e-6);
    assertTrue(a.isActive(0) && a.isActive(1));
    assertFalse(a.isActive(2));
    assertEquals(List.of(2), a.inactive());
    assertThrows(IllegalArgumentException.class,
        () -> LatentActivity.of(List.of(new LatentCode(new float[] {1}, null))), "a plain autoencoder's code");
  }

  /**
   * On the shipped Fashion-MNIST VAE the per-dimension means sum to the graph's own mean KL score (an
   * independent computation, in TensorFlow), and two dimensions are inactive on the built-in shapes (on
   * its own Fashion-MNIST test images the report finds z9, z11, z13, z15 and z17).
   */
  @Test
  void shippedModelHasInactiveDimensions() throws Exception {
    try (VaeModel model = VaeModel.load(Path.of("../savedmodels/fashion-mnist-vae/2"))) {
      Split shapes = ShapesDataset.load().validation().head(1000);
      float[][] xs = new float[shapes.count()][];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = shapes.example(i);
      }
      LatentActivity a = LatentActivity.measure(model, xs);
      double graphKl = model.score(xs).stream().mapToDouble(Score::kl).average().orElseThrow();
      assertEquals(graphKl, a.total(), 1e-4 * graphKl, "Σ_j mean KL_j = mean KL score");
      assertEquals(INACTIVE, a.inactive(), "mean KL per dimension: " + java.util.Arrays.toString(a.meanKl()));
    }
  }

  /**
   * Found by running the test (its message lists every mean): z9 0.0035 and z13 0.0042 nats, while z11
   * (0.0139) and z15 (0.0163) are just above the threshold on these images.
   */
  private static final List<Integer> INACTIVE = List.of(9, 13);
}
