package dev.tfvae.train.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The README's results table, made from the JSON that {@code bench --json} prints: each figure beside the
 * PyTorch reference and the target of BENCHMARKS.md, so the table is regenerated, never typed. The JSON of
 * {@code bench --against pytorch} gives instead the figures of both sides measured in that run, their
 * ratios and the targets checked there.
 */
public final class BenchTable {
  private BenchTable() {}

  /** Whether a larger or a smaller value of a figure is better. */
  private enum Better {
    HIGHER,
    LOWER
  }

  /**
   * One row: the JSON key, its label, BENCHMARKS.md's PyTorch figure (NaN when it has none), the target,
   * and the number of decimals to print.
   */
  private record Row(String key, String label, double reference, double target, Better better, int decimals) {}

  private static final List<Row> ROWS =
      List.of(
          new Row("train_samples_per_s", "training, reference MLP, samples/s", 20_000, 30_000, Better.HIGHER, 0),
          new Row("train_gflops", "training, reference MLP, GFLOP/s", 78, 106, Better.HIGHER, 0),
          new Row("train_conv_samples_per_s", "training, conv VAE, samples/s", 930, 3_000, Better.HIGHER, 0),
          new Row("encode_latency_us_p50", "encode 1 example, median µs", 35, 35, Better.LOWER, 1),
          new Row("encode_latency_us_p99", "encode 1 example, p99 µs", Double.NaN, 150, Better.LOWER, 1),
          new Row("reconstruct_b256_samples_per_s", "reconstruct, batch 256, samples/s", 122_000, 150_000,
              Better.HIGHER, 0),
          new Row("threads8_speedup", "8 threads / 1 thread, single examples", Double.NaN, 1.6, Better.HIGHER, 2),
          new Row("rss_growth_pct", "RSS growth over the calls, %", Double.NaN, 5, Better.LOWER, 3),
          new Row("load_ms", "SavedModel load, warm JVM, ms", Double.NaN, 200, Better.LOWER, 0));

  /**
   * A Markdown table of every figure present in {@code bench}; the speed ratio is tf-vae over the
   * reference for throughputs and the reference over tf-vae for latencies, so above 1 means faster.
   */
  public static String markdown(JsonNode bench) {
    StringBuilder out = new StringBuilder();
    JsonNode machine = bench.path("machine");
    out.append(String.format(Locale.ROOT, "Machine: %s cores, %s, %s.%n%n", machine.path("cores").asText("?"),
        machine.path("cpu").asText("?"), machine.path("java").asText("?")));
    if (bench.has("against_pytorch")) {
      return out.append(against(bench.get("against_pytorch"))).toString();
    }
    out.append("| figure | tf-vae | PyTorch reference | speed ratio | target | |\n");
    out.append("|---|---|---|---|---|---|\n");
    List<String> missing = new ArrayList<>();
    for (Row row : ROWS) {
      JsonNode value = bench.get(row.key());
      if (value == null || !value.isNumber()) {
        missing.add(row.key());
        continue;
      }
      double v = value.asDouble();
      boolean higher = row.better() == Better.HIGHER;
      String ratio =
          Double.isNaN(row.reference())
              ? ""
              : String.format(Locale.ROOT, "%.2f", higher ? v / row.reference() : row.reference() / v);
      boolean reached = higher ? v >= row.target() : v <= row.target();
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s %s | %s |%n", row.label(),
          number(v, row.decimals()), Double.isNaN(row.reference()) ? "" : number(row.reference(), row.decimals()),
          ratio, higher ? "≥" : "≤", number(row.target(), row.decimals()), reached ? "reached" : "not reached"));
    }
    if (!missing.isEmpty()) {
      out.append(String.format("%nNot in this run: %s.%n", String.join(", ", missing)));
    }
    return out.toString();
  }

  /**
   * The table of a {@code bench --against pytorch} run: both sides' medians measured in that run, the
   * speed ratio, then the performance targets (docs/BENCHMARKS.md) as checked by the run.
   */
  private static String against(JsonNode against) {
    StringBuilder out = new StringBuilder();
    JsonNode reference = against.path("reference");
    out.append(String.format(Locale.ROOT, "PyTorch %s on %s (%s), %s alternating rounds, medians; PyTorch at"
            + " its best thread setting of %s per figure.%n%n", reference.path("torch").asText("?"),
        reference.path("blas").asText("?"), reference.path("openblas_config").asText("?"),
        against.path("rounds").asText("?"), reference.path("threads_tried")));
    out.append("| figure | tf-vae | PyTorch | PyTorch at | speed ratio |\n|---|---|---|---|---|\n");
    against.path("figures").forEach(row -> out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n",
        row.path("label").asText(), cell(row.get("tf_vae")), cell(row.get("pytorch")),
        row.path("pytorch_best_setting").asText(""),
        row.has("speed_ratio") ? number(row.get("speed_ratio").asDouble(), 2) : "")));
    if (against.has("train_share_of_sgemm_ceiling")) {
      out.append(String.format(Locale.ROOT, "%nTraining (reference MLP) ran at %.0f %% of the SGEMM ceiling.%n",
          100 * against.get("train_share_of_sgemm_ceiling").asDouble()));
    }
    out.append("\n| target | value | |\n|---|---|---|\n");
    against.path("targets").forEach(t -> out.append(String.format(Locale.ROOT, "| %s | %s | %s |%n",
        t.path("target").asText(), number(t.path("value").asDouble(), 2),
        t.path("met").asBoolean() ? "met" : "not met")));
    return out.toString();
  }

  private static String cell(JsonNode value) {
    if (value == null || !value.isNumber()) {
      return "";
    }
    double v = value.asDouble();
    return number(v, Math.abs(v) >= 1000 ? 0 : 1);
  }

  private static String number(double v, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }
}
