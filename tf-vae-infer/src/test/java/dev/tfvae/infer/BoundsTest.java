package dev.tfvae.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every size a caller can ask for is bounded: refused with a message naming the limit, never an OOM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundsTest {
  private VaeModel model;

  @BeforeAll
  void load() throws IOException {
    model = VaeModel.load(ShippedModels.fashionMnist());
  }

  @AfterAll
  void close() {
    model.close();
  }

  private static void assertRefused(Runnable call, String... words) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    for (String word : words) {
      assertTrue(e.getMessage().contains(word), "'" + word + "' not in: " + e.getMessage());
    }
  }

  @Test
  void hugeRequestsAreRefusedNamingTheLimit() {
    float[] x = ShippedModels.image(1);
    assertRefused(() -> model.importanceScores(new float[65536][784], 10_000, 1L), "100000000 draws");
    assertRefused(() -> model.importanceScores(new float[][] {x}, 10_001, 1L), "1..10000");
    LatentSpace space = new LatentSpace(model);
    assertRefused(() -> space.interpolate(x, x, 100_000_000, Interpolation.LINEAR), "2..4096");
    assertRefused(() -> space.applyAttribute(x, new float[20], new double[5000]), "1..4096");
    assertRefused(() -> space.traverse(x, new double[5000]), "1..4096");
    assertRefused(() -> LatentSpace.range(-3, 3, 1_000_000), "2..4096");
    assertRefused(() -> model.decode(new float[VaeModel.MAX_BATCH_ROWS + 1][20]), "262144", "split the batch");
    assertRefused(() -> model.generate(VaeModel.MAX_GENERATE + 1, 1L), "1..65536");
  }

  @Test
  void importanceScoresOfManyDrawsRunInBoundedChunks() {
    // 3 examples × 10,000 draws = 30,000 (example, draw) pairs: two chunks of at most 16,384 rows.
    float[][] xs = {ShippedModels.image(1), ShippedModels.image(2), ShippedModels.image(3)};
    double[] all = model.importanceScores(xs, 10_000, 5L);
    // Each example's result depends on the example alone: computing it alone gives the same number.
    for (int i = 0; i < xs.length; i++) {
      assertEquals(model.importanceScore(xs[i], 10_000, 5L), all[i], 1e-6 * Math.abs(all[i]));
    }
  }
}
