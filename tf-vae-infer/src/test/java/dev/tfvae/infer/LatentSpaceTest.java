package dev.tfvae.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The latent-space operations against direct encode/decode calls and closed forms. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatentSpaceTest {
  private VaeModel model;
  private LatentSpace space;

  @BeforeAll
  void load() throws IOException {
    model = VaeModel.load(ShippedModels.fashionMnist());
    space = new LatentSpace(model);
  }

  @AfterAll
  void close() {
    model.close();
  }

  @Test
  void interpolationEndpointsAreTheEndpointsReconstructions() {
    float[] a = ShippedModels.image(1);
    float[] b = ShippedModels.image(2);
    for (Interpolation path : Interpolation.values()) {
      float[][] steps = space.interpolate(a, b, 6, path);
      assertEquals(6, steps.length);
      assertArrayEquals(model.reconstruct(a), steps[0], 1e-6f, path + " start");
      assertArrayEquals(model.reconstruct(b), steps[5], 1e-6f, path + " end");
    }
  }

  @Test
  void codesBetweenFollowLineAndGreatCircle() {
    float[] a = {1, 0, 2};
    float[] b = {3, 4, -2};
    float[][] line = LatentSpace.codesBetween(a, b, 5, Interpolation.LINEAR);
    assertArrayEquals(new float[] {2, 2, 0}, line[2], 1e-6f);
    assertArrayEquals(new float[] {1.5f, 1, 1}, line[1], 1e-6f);
    // Orthogonal unit vectors: the slerp midpoint is (a + b)/√2, still of norm 1.
    float[][] arc =
        LatentSpace.codesBetween(new float[] {1, 0}, new float[] {0, 1}, 3, Interpolation.SPHERICAL);
    float h = (float) Math.sqrt(0.5);
    assertArrayEquals(new float[] {h, h}, arc[1], 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> LatentSpace.codesBetween(a, b, 1, Interpolation.LINEAR));
  }

  @Test
  void attributeVectorIsTheDifferenceOfMeanCodes() {
    float[][] without = {ShippedModels.image(3), ShippedModels.image(4), ShippedModels.image(5)};
    float[][] with = {ShippedModels.image(6), ShippedModels.image(7)};
    float[] vector = space.attributeVector(without, with);
    List<LatentCode> a = model.encode(without);
    List<LatentCode> b = model.encode(with);
    for (int j = 0; j < model.latentDim(); j++) {
      double ma = (a.get(0).mean()[j] + a.get(1).mean()[j] + a.get(2).mean()[j]) / 3.0;
      double mb = (b.get(0).mean()[j] + b.get(1).mean()[j]) / 2.0;
      assertEquals(mb - ma, vector[j], 1e-6, "dimension " + j);
    }
    float[] x = ShippedModels.image(8);
    float[][] edited = space.applyAttribute(x, vector, new double[] {0, 0.5, 1});
    assertArrayEquals(model.reconstruct(x), edited[0], 1e-6f);
    float[] code = model.encode(x).mean();
    for (int j = 0; j < code.length; j++) {
      code[j] += vector[j];
    }
    assertArrayEquals(model.decode(code), edited[2], 1e-6f);
  }

  @Test
  void traversalSetsOneDimensionAtATime() {
    float[] x = ShippedModels.image(9);
    double[] values = LatentSpace.range(-3, 3, 7);
    assertArrayEquals(new double[] {-3, -2, -1, 0, 1, 2, 3}, values, 1e-12);
    float[][][] grid = space.traverse(x, values);
    assertEquals(model.latentDim(), grid.length);
    assertEquals(7, grid[0].length);
    assertEquals(784, grid[0][0].length);
    float[] code = model.encode(x).mean();
    code[4] = 2f;
    assertArrayEquals(model.decode(code), grid[4][5], 1e-6f);
  }

  @Test
  void importanceScoresDependOnTheExampleAloneAndTightenWithSamples() {
    float[] a = ShippedModels.image(10);
    float[] b = ShippedModels.image(11);
    double alone = model.importanceScore(a, 50, 7);
    double[] together = model.importanceScores(new float[][] {b, a}, 50, 7);
    // Same draws whatever the batch; only float32 rounding of batched kernels differs.
    assertEquals(alone, together[1], 1e-6 * alone, "same example, same seed, any batch");
    // Over several seeds, the bound with more samples is on average no looser (IWAE is monotone in K).
    double k1 = 0;
    double k64 = 0;
    for (long seed = 0; seed < 8; seed++) {
      k1 += model.importanceScore(a, 1, seed);
      k64 += model.importanceScore(a, 64, seed);
    }
    assertEquals(true, k64 <= k1, "K=64 " + k64 / 8 + " vs K=1 " + k1 / 8);
  }
}
