package dev.tfvae.train.cli;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.bench.AlternatingRounds;
import dev.tfvae.train.bench.AlternatingRounds.Contender;
import dev.tfvae.train.bench.AlternatingRounds.Figure;
import dev.tfvae.train.bench.AlternatingRounds.Measurement;
import dev.tfvae.train.bench.AlternatingRounds.Result;
import dev.tfvae.train.bench.AlternatingRounds.Side;
import dev.tfvae.train.bench.Benchmark;
import dev.tfvae.train.bench.PyTorchComparison;
import dev.tfvae.train.bench.PyTorchReference;
import dev.tfvae.train.data.DatasetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench --against pytorch}: tf-vae and the PyTorch reference on the same figures in alternating
 * rounds ({@link AlternatingRounds}), tf-vae's training in a fresh child JVM per round as in a plain
 * {@code bench}, its inference on one model loaded in this JVM.
 */
final class BenchAgainstPyTorch {
  private final BenchCommand options;

  BenchAgainstPyTorch(BenchCommand options) {
    this.options = options;
  }

  /** The JSON of the comparison, whose top-level figures are tf-vae's medians under the contract's keys. */
  Map<String, Object> run(List<String> parts, Map<String, Object> out) throws Exception {
    String cpu = String.valueOf(Benchmark.machine().get("cpu"));
    PyTorchReference.Settings settings = new PyTorchReference.Settings(options.python, options.referenceScript,
        fashionMnist(), options.torchThreads(), options.epochs, options.convExamples, latencyCalls(),
        3.0);
    PyTorchReference reference = PyTorchReference.start(settings, cpu);
    System.err.println("bench: PyTorch " + reference.probe().torch() + " on " + reference.probe().blas()
        + " (" + reference.probe().openblasConfig() + ")" + (reference.probe().environment().isEmpty() ? ""
        : ", with " + reference.probe().environment() + " for the reference only"));
    boolean inference = parts.contains("latency") || parts.contains("throughput");
    Result result;
    try (VaeModel model =
        inference ? VaeModel.loader(options.model).threads(options.inferThreads).load() : null) {
      result = AlternatingRounds.run(options.rounds, PyTorchComparison.schedule(parts), tfVae(model), reference,
          PyTorchComparison.FIGURES, step -> System.err.println("bench: " + step + " …"));
    }
    for (Figure f : PyTorchComparison.FIGURES) {
      Side side = result.first().get(f.key());
      if (side != null) {
        out.put(f.key(), side.median());
      }
    }
    out.put("against_pytorch", PyTorchComparison.summary(result, reference.description(), options.rounds));
    return out;
  }

  private int latencyCalls() {
    return Math.max(1000, options.calls / 10);
  }

  /** tf-vae's side: training in a child JVM, inference through {@code model}; no SGEMM. */
  private Contender tfVae(VaeModel model) {
    return Contender.of("tf-vae", (part, round) -> switch (part) {
      case "train" -> figures(options.trainingInFreshJvm(List.of("train")), "train_samples_per_s", "train_gflops");
      case "conv" -> figures(options.trainingInFreshJvm(List.of("conv")), "train_conv_samples_per_s");
      case "latency" -> figures(Benchmark.latency(model, latencyCalls()), "encode_latency_us_p50",
          "encode_latency_us_p99");
      case "throughput" -> figures(Benchmark.reconstruct(model, 200), "reconstruct_b256_samples_per_s");
      default -> List.of();
    });
  }

  private static List<Measurement> figures(Map<String, Object> measured, String... keys) throws IOException {
    List<Measurement> out = new ArrayList<>();
    for (String key : keys) {
      if (!(measured.get(key) instanceof Number n)) {
        throw new IOException("tf-vae's benchmark reported no '" + key + "' in " + measured);
      }
      out.add(new Measurement(key, "", n.doubleValue()));
    }
    return out;
  }

  /** Where Fashion-MNIST's IDX files are, looked for where {@code --dataset fashion-mnist} looks. */
  private static Path fashionMnist() {
    List<Path> candidates = DatasetLoader.standard(null).candidates("fashion-mnist");
    for (Path dir : candidates) {
      if (Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))
          || Files.isRegularFile(dir.resolve("train-images-idx3-ubyte"))) {
        return dir;
      }
    }
    throw new IllegalArgumentException("--against pytorch needs Fashion-MNIST, found in none of " + candidates
        + " (apt-get install dataset-fashion-mnist)");
  }

  /** The comparison for people: the set-up, a table of medians and ratios, the targets, every round. */
  @SuppressWarnings("unchecked")
  static String text(Map<String, Object> measured) {
    // Read it as its JSON reads (plain maps, lists and numbers), so the table shows what --json would.
    Map<String, Object> out = Json.MAPPER.convertValue(measured, Map.class);
    StringBuilder s = new StringBuilder();
    Map<String, Object> against = (Map<String, Object>) out.get("against_pytorch");
    Map<String, Object> reference = (Map<String, Object>) against.get("reference");
    Map<String, Object> machine = (Map<String, Object>) out.get("machine");
    TextTable head = new TextTable();
    head.row("machine", String.format(Locale.ROOT, "%s cores, %s, %s, %s", machine.get("cores"),
        machine.get("cpu"), machine.get("java"), machine.get("os")));
    head.row("reference", String.format(Locale.ROOT, "PyTorch %s, %s, BLAS %s (%s), environment %s",
        reference.get("torch"), reference.get("python"), reference.get("blas"), reference.get("openblas_config"),
        ((Map<?, ?>) reference.get("environment")).isEmpty() ? "unchanged" : reference.get("environment")));
    head.row("rounds", against.get("rounds") + ", alternating: each part by tf-vae, then by PyTorch at threads "
        + reference.get("threads_tried") + "; medians; PyTorch at its best thread setting per figure");
    Map<String, Map<String, Object>> rows = (Map<String, Map<String, Object>>) against.get("figures");
    if (rows.containsKey(PyTorchComparison.SGEMM)) {
      head.row("sgemm ceiling", reference.get("sgemm_ceiling"));
    }
    ((Map<String, Object>) out.get("configuration")).forEach(head::row);
    s.append(head.render()).append('\n');
    TextTable table = new TextTable("figure", "tf-vae", "PyTorch", "PyTorch at", "speed ratio");
    TextTable rounds = new TextTable();
    rows.forEach((key, row) -> {
      table.row(row.get("label"), cell(row.get("tf_vae"), 1), cell(row.get("pytorch"), 1),
          row.getOrDefault("pytorch_best_setting", ""), cell(row.get("speed_ratio"), 2));
      List<String> series = new ArrayList<>();
      if (row.get("tf_vae_rounds") instanceof List<?> l) {
        series.add("tf-vae " + joined(l));
      }
      if (row.get("pytorch_rounds") instanceof Map<?, ?> bySetting) {
        bySetting.forEach((setting, l) -> series.add("PyTorch" + (setting.toString().isEmpty() ? "" : " "
            + setting) + " " + joined((List<?>) l)));
      }
      rounds.row(key, String.join("; ", series));
    });
    if (against.get("train_share_of_sgemm_ceiling") instanceof Number share) {
      table.row("training (reference MLP), share of the SGEMM ceiling", cell(share, 3), "", "", "");
    }
    s.append(table.render()).append('\n');
    TextTable targets = new TextTable("target", "value", "met");
    for (Map<String, Object> t : (List<Map<String, Object>>) against.get("targets")) {
      targets.row(t.get("target"), cell(t.get("value"), 2), Boolean.TRUE.equals(t.get("met")) ? "yes" : "no");
    }
    s.append(targets.render()).append("\nper round:\n");
    rounds.render().lines().forEach(line -> s.append("  ").append(line).append('\n'));
    return s.toString();
  }

  private static Object cell(Object value, int decimals) {
    if (!(value instanceof Number n)) {
      return "";
    }
    double v = n.doubleValue();
    int places = Math.abs(v) >= 1000 ? 0 : decimals;
    return TextTable.numeric(String.format(Locale.ROOT, "%,." + places + "f", v));
  }

  private static String joined(List<?> values) {
    return String.join(", ", values.stream().map(v -> v instanceof Number n ? TextTable.number(n) : String.valueOf(v))
        .toList());
  }
}
