package dev.tfvae.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapesDatasetTest {

  @Test
  void generationIsDeterministicAndInRange() {
    Split a = ShapesDataset.generate(200, 9);
    Split b = ShapesDataset.generate(200, 9);
    assertArrayEquals(a.values(), b.values());
    assertArrayEquals(a.labels(), b.labels());
    for (float v : a.values()) {
      assertTrue(v >= 0 && v <= 1, "pixel " + v);
    }
    int[] perClass = new int[3];
    for (int label : a.labels()) {
      perClass[label]++;
    }
    for (int count : perClass) {
      assertTrue(count > 40, "class counts " + java.util.Arrays.toString(perClass));
    }
  }

  @Test
  void axisAlignedSquareCoversItsAreaAndStaysInFrame() {
    // Half-size 4 → an 8×8 square = 64 px of ink, centred on a pixel corner so it is pixel-exact.
    float[] image = new float[28 * 28];
    ShapesDataset.render(new ShapesDataset.Factors(0, 4, 0, 14, 14), image, 0);
    double ink = 0;
    for (float v : image) {
      ink += v;
    }
    assertEquals(64.0, ink, 1e-4);
    assertEquals(1f, image[14 * 28 + 14]);
    assertEquals(0f, image[0]);
  }

  @Test
  void ellipseAreaMatchesPiAB() {
    // Semi-axes 5 and 3 (0.6 × 5): area 15π ≈ 47.1 px, anti-aliased estimate within 2 px.
    float[] image = new float[28 * 28];
    ShapesDataset.render(new ShapesDataset.Factors(1, 5, 0, 14, 14), image, 0);
    double ink = 0;
    for (float v : image) {
      ink += v;
    }
    assertEquals(15 * Math.PI, ink, 2.0);
  }
}
