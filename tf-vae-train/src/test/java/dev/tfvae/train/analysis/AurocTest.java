package dev.tfvae.train.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AurocTest {
  @Test
  void countsPairsWithTiesAsHalf() {
    assertEquals(1.0, Auroc.of(new double[] {1, 2}, new double[] {3, 4}));
    assertEquals(0.0, Auroc.of(new double[] {3, 4}, new double[] {1, 2}));
    // Pairs (normal, anomaly): (1,2) win, (1,3) win, (3,2) loss, (3,3) tie → (2 + 0.5) / 4.
    assertEquals(0.625, Auroc.of(new double[] {1, 3}, new double[] {2, 3}), 1e-12);
    assertEquals(0.5, Auroc.of(new double[] {5, 5, 5}, new double[] {5}), 1e-12);
  }
}
