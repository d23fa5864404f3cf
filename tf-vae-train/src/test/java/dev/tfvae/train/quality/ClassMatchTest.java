package dev.tfvae.train.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassMatchTest {
  @Test
  void countsPairsIntoTheConfusionMatrix() {
    int[] requested = {0, 0, 0, 1, 1, 2, 2, 2};
    int[] assigned = {0, 1, 0, 1, 1, 0, 2, 1};
    ClassMatch m = ClassMatch.of(requested, assigned, 3);
    assertArrayEquals(new int[] {2, 1, 0}, m.confusion()[0]);
    assertArrayEquals(new int[] {0, 2, 0}, m.confusion()[1]);
    assertArrayEquals(new int[] {1, 1, 1}, m.confusion()[2]);
    assertEquals(8, m.total());
    assertEquals(5 / 8.0, m.share(), 1e-15);
    assertEquals(2 / 3.0, m.shareOf(0), 1e-15);
    assertEquals(1.0, m.shareOf(1), 1e-15);
    assertEquals(1 / 3.0, m.shareOf(2), 1e-15);
  }

  @Test
  void badLabelsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ClassMatch.of(new int[] {0, 3}, new int[] {0, 1}, 3));
    assertThrows(IllegalArgumentException.class, () -> ClassMatch.of(new int[] {0}, new int[] {0, 1}, 3));
    assertThrows(IllegalArgumentException.class, () -> new ClassMatch(new int[][] {{1, 2}}));
  }
}
