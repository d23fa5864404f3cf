package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures {@code bench --only scaling} derives from its probes: the bytes per example and the
 * largest in-memory dataset of 24 GiB follow from a line fitted through the peaks, and the charts are
 * drawn from the JSON alone. (The measurements themselves are a command, not a test.)
 */
class BenchScalingTest {
  @TempDir Path dir;

  private static Map<String, Object> point(String key, double x, String yKey, double y) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(key, x);
    p.put(yKey, y);
    return p;
  }

  /** Probes whose in-memory peak is exactly 400 MiB + 9,000 bytes per example, streamed 450 MiB flat. */
  private static List<Map<String, Object>> probes() {
    List<Map<String, Object>> probes = new ArrayList<>();
    for (int n : new int[] {10_240, 20_480, 40_960}) {
      for (boolean streamed : new boolean[] {false, true}) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("examples", n);
        p.put("streamed", streamed);
        p.put("epoch_s", n / 10_000.0);
        long bytes = streamed ? 450L << 20 : (400L << 20) + 9_000L * n;
        p.put("rss_peak_kb", bytes / 1024);
        p.put("heap_peak_kb", bytes / 4096);
        probes.add(p);
      }
    }
    return probes;
  }

  @Test
  void theLargestInMemoryDatasetFollowsTheFittedLine() {
    Map<String, Object> largest = BenchScaling.largest(probes());
    assertEquals(9_000, (double) largest.get("in_memory_bytes_per_example"), 1e-6);
    assertEquals(400, (double) largest.get("in_memory_fixed_mb"), 1e-6);
    assertEquals(0, (double) largest.get("streamed_bytes_per_example"), 1e-9);
    assertEquals(450, (double) largest.get("streamed_fixed_mb"), 1e-6);
    // (24 GiB − 400 MiB) / 9,000 bytes, by hand: (25,769,803,776 − 419,430,400) / 9,000.
    assertEquals(2_816_708L, largest.get("examples_in_24_gib"));
  }

  @Test
  void chartsAreDrawnFromTheJsonAlone() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("epoch_by_examples", List.of(point("examples", 1000, "epoch_s", 1), point("examples", 2000, "epoch_s", 2)));
    out.put("epoch_by_hidden", List.of(point("hidden", 100, "epoch_s", 1), point("hidden", 200, "epoch_s", 1.8)));
    List<Map<String, Object>> latency = new ArrayList<>();
    for (int h : new int[] {100, 200}) {
      Map<String, Object> p = point("hidden", h, "encode_latency_us_p50", 30 + h / 10.0);
      p.put("encode_latency_us_p99", 80.0);
      p.put("latent", h / 10);
      latency.add(p);
    }
    out.put("encode_by_hidden", latency);
    out.put("encode_by_latent", latency);
    out.put("memory_by_examples", probes());
    List<Path> files = BenchScaling.charts(out, dir.resolve("charts"));
    assertEquals(5, files.size());
    for (Path f : files) {
      BufferedImage image = ImageIO.read(f.toFile());
      assertTrue(image.getWidth() >= 700 && image.getHeight() >= 400, f.toString());
    }
    assertTrue(Files.exists(dir.resolve("charts").resolve("scaling-memory-by-examples.png")));
  }
}
