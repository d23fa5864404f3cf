package dev.tfvae.train.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchTableTest {
  @Test
  void rowsCarryRatiosAndTargetsComputedFromTheFigures() throws Exception {
    String json =
        """
        {"machine": {"cores": 2, "cpu": "Test CPU", "java": "Java 17"},
         "train_samples_per_s": 30000.0, "encode_latency_us_p50": 70.0,
         "reconstruct_b256_samples_per_s": 61000, "threads8_speedup": 1.59}
        """;
    String table = BenchTable.markdown(new ObjectMapper().readTree(json));
    assertTrue(table.startsWith("Machine: 2 cores, Test CPU, Java 17."), table);
    // 30,000 / 20,000 = 1.50, and exactly the target counts as reached.
    assertTrue(table.contains("| training, reference MLP, samples/s | 30,000 | 20,000 | 1.50 | ≥ 30,000 | reached |"),
        table);
    // A latency's ratio is reference / tf-vae: 35 / 70 = 0.50, so below 1 means slower.
    assertTrue(table.contains("| encode 1 example, median µs | 70.0 | 35.0 | 0.50 | ≤ 35.0 | not reached |"), table);
    // 61,000 / 122,000 = 0.50.
    assertTrue(table.contains("| 61,000 | 122,000 | 0.50 | ≥ 150,000 | not reached |"), table);
    assertTrue(table.contains("| 8 threads / 1 thread, single examples | 1.59 |  |  | ≥ 1.60 | not reached |"), table);
    assertFalse(table.contains("GFLOP/s |"), table);
    assertTrue(table.contains("Not in this run: train_gflops, train_conv_samples_per_s, encode_latency_us_p99,"),
        table);
  }
}
