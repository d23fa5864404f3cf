package dev.tfvae.train.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tfvae.core.contract.LibraryVersions;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.bench.BenchTable;
import dev.tfvae.train.bench.Benchmark;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.DatasetLoader;
import dev.tfvae.train.training.TrainingKernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure the figures of BENCHMARKS.md on this machine: training throughput of the reference"
        + " MLP, single-example encode latency, batch-256 reconstruct throughput, 8-thread scaling, RSS"
        + " growth over many calls, warm load time. Prints the machine and configuration. With --against"
        + " pytorch, runs the PyTorch reference on the same figures in alternating rounds and prints the"
        + " ratios.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--only", split = ",", paramLabel = "PART",
      description = "train (reference MLP), conv (conv VAE training), latency, throughput, memory, load"
          + " (default: all of these); scaling (how cost grows with data size, hidden width and latent"
          + " size: several minutes, only on its own)")
  List<String> only;

  @Option(names = "--model", defaultValue = "savedmodels/fashion-mnist-vae", paramLabel = "DIR",
      description = "model for the inference figures (default ${DEFAULT-VALUE})")
  Path model;

  @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "training data (default ${DEFAULT-VALUE})")
  String dataset;

  @Option(names = "--epochs", defaultValue = "3", description = "training epochs, the first a warm-up (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--threads",
      description = "training only: intra-op threads of the training session, as train --threads (0 ="
          + " TensorFlow's default pools, one thread per core; default ${DEFAULT-VALUE})")
  int threads = TrainingOptions.DEFAULTS.threads();

  @Option(names = "--infer-threads", defaultValue = "0",
      description = "inference only: lanes of the loaded model (VaeModel.loader().threads: native calls"
          + " at once and parts per batch), 0 = one per core (default ${DEFAULT-VALUE})")
  int inferThreads;

  @Option(names = "--calls", defaultValue = "1000000",
      description = "single-example calls for the memory figure (default ${DEFAULT-VALUE}); latency and scaling use a tenth")
  int calls;

  @Option(names = "--conv-examples", defaultValue = "0", paramLabel = "N",
      description = "conv training only: train on the first N training examples per epoch (0 = all;"
          + " default ${DEFAULT-VALUE}), to keep rounds against a slower reference short")
  int convExamples;

  @Option(names = "--against", paramLabel = "REFERENCE",
      description = "compare with a reference in one run, in alternating rounds: pytorch"
          + " (reference/pytorch/vae_reference.py; parts train, conv, latency, throughput)")
  String against;

  @Option(names = "--rounds", defaultValue = "3",
      description = "with --against: rounds of each side, 3..20 (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "EXE",
      description = "with --against pytorch: the Python with PyTorch on OpenBLAS (default ${DEFAULT-VALUE})")
  Path python;

  @Option(names = "--reference-script", defaultValue = "reference/pytorch/vae_reference.py", paramLabel = "FILE",
      description = "with --against pytorch: the reference script (default ${DEFAULT-VALUE})")
  Path referenceScript;

  @Option(names = "--torch-threads", split = ",", paramLabel = "N",
      description = "with --against pytorch: torch thread settings to try, each figure taking the best"
          + " (default: 1 and the number of cores)")
  List<Integer> torchThreads;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Option(names = "--charts", paramLabel = "DIR",
      description = "with --only scaling: also draw the scaling charts as PNG files into DIR (with"
          + " --table-from FILE: draw them from a saved scaling run, measuring nothing)")
  Path charts;

  /** A measurement a scaling run delegates to a child JVM ({@link BenchScaling#probe}). */
  @Option(names = "--scaling-probe", split = ",", hidden = true)
  List<String> scalingProbe;

  @Option(names = "--table-from", paramLabel = "FILE",
      description = "measure nothing: print the README's Markdown results table from a saved --json output")
  Path tableFrom;

  @Override
  public Integer call() throws Exception {
    if (tableFrom != null) {
      if (!Files.isRegularFile(tableFrom)) {
        throw new IllegalArgumentException("--table-from " + tableFrom + ": no such file");
      }
      JsonNode saved;
      try {
        saved = Json.MAPPER.readTree(Files.readString(tableFrom));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(tableFrom + " is not the JSON of bench --json: "
            + e.getOriginalMessage());
      }
      if (saved == null || !saved.isObject()) {
        throw new IllegalArgumentException(tableFrom + " is not the JSON object of bench --json");
      }
      if (charts != null) {
        if (!saved.path("scaling").isObject()) {
          throw new IllegalArgumentException(tableFrom + " holds no scaling figures (bench --only scaling --json)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = Json.MAPPER.convertValue(saved.get("scaling"), Map.class);
        for (Path file : BenchScaling.charts(figures, charts)) {
          System.err.println("wrote " + file);
        }
        return 0;
      }
      System.out.print(BenchTable.markdown(saved));
      return 0;
    }
    if (scalingProbe != null) {
      Json.print(BenchScaling.probe(scalingProbe, dataset, threads));
      return 0;
    }
    List<String> all = List.of("train", "conv", "latency", "throughput", "memory", "load");
    List<String> parts = only == null ? all : only;
    for (String part : parts) {
      if (!all.contains(part) && !part.equals("scaling")) {
        throw new IllegalArgumentException("unknown --only part '" + part + "'; expected train, conv,"
            + " latency, throughput, memory, load or scaling");
      }
    }
    if (parts.contains("scaling")) {
      return scaling(parts);
    }
    if (charts != null) {
      throw new IllegalArgumentException("--charts goes with --only scaling");
    }
    if (convExamples != 0 && (convExamples < 1280 || convExamples > 10_000_000)) {
      throw new IllegalArgumentException("--conv-examples must be 0 (all) or in 1280..10000000, got " + convExamples);
    }
    if (against != null) {
      parts = checkAgainst(only == null ? List.of("train", "conv", "latency", "throughput") : only);
    }
    if (epochs < 2 || epochs > 100) {
      throw new IllegalArgumentException("--epochs must be in 2..100 (one warm-up, then measured), got " + epochs);
    }
    if (calls < 1000 || calls > 100_000_000) {
      throw new IllegalArgumentException("--calls must be in 1000..100000000, got " + calls);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> configuration = header(out);
    configuration.put("train", Benchmark.trainingConfiguration(dataset, epochs, threads));
    configuration.put("model", model.toString());
    configuration.put("calls", calls);
    configuration.put("infer_threads", inferThreads == 0 ? "default" : inferThreads);
    configuration.put("infer_kernels", TrainingKernels.describe());
    if (against != null) {
      configuration.put("conv_examples", convExamples == 0 ? "all" : convExamples);
      configuration.put("reconstruct", "tf-vae: 200 batches after a 2 s warm-up per round; PyTorch: 3 s after"
          + " 20 warm-up batches per round and thread setting");
      new BenchAgainstPyTorch(this).run(parts, out);
      if (json) {
        Json.print(out);
      } else {
        System.out.print(BenchAgainstPyTorch.text(out));
      }
      return 0;
    }
    if (parts.contains("load")) {
      System.err.println("bench: load time …");
      out.putAll(Benchmark.load(model));
    }
    boolean inference =
        parts.contains("latency") || parts.contains("throughput") || parts.contains("memory");
    try (VaeModel m = inference ? VaeModel.loader(model).threads(inferThreads).load() : null) {
      if (parts.contains("latency")) {
        System.err.println("bench: latency …");
        out.putAll(Benchmark.latency(m, Math.max(1000, calls / 10)));
      }
      if (parts.contains("throughput")) {
        System.err.println("bench: throughput and scaling …");
        out.putAll(Benchmark.throughput(m, 200, Math.max(1000, calls / 40)));
      }
      if (parts.contains("memory")) {
        System.err.println("bench: memory over " + calls + " calls …");
        out.putAll(Benchmark.memory(m, calls));
      }
    }
    List<String> training = parts.stream().filter(p -> p.equals("train") || p.equals("conv")).toList();
    // Training is measured on the kernels `./tf-vae train` uses: in a child JVM whose environment sets them,
    // unless this one's does (it is that child, or the user chose).
    if (!training.isEmpty()
        && (inference || parts.contains("load") || !TrainingKernels.chosenByUser())) {
      out.putAll(trainingInFreshJvm(training));
    } else if (!training.isEmpty()) {
      Dataset data = DatasetLoader.standard(null).load(dataset);
      if (training.contains("train")) {
        System.err.println("bench: training the reference MLP …");
        out.putAll(Benchmark.training(data, epochs, threads));
      }
      if (training.contains("conv")) {
        System.err.println("bench: training the conv VAE …");
        out.putAll(Benchmark.convTraining(data, epochs, threads, convExamples));
      }
    }
    if (json) {
      Json.print(out);
    } else {
      System.out.print(text(out));
    }
    return 0;
  }

  /** Puts the machine and a configuration with the versions into {@code out}; returns the configuration. */
  private static Map<String, Object> header(Map<String, Object> out) {
    out.put("machine", Benchmark.machine());
    Map<String, Object> configuration = new LinkedHashMap<>();
    configuration.put("tf_vae", LibraryVersions.current().tfVae());
    configuration.put("tensorflow_java", LibraryVersions.current().tensorflowJava());
    out.put("configuration", configuration);
    return configuration;
  }

  /** {@code --only scaling}: measures, prints, and draws the charts into {@code --charts}. */
  private int scaling(List<String> parts) throws Exception {
    if (parts.size() != 1 || against != null) {
      throw new IllegalArgumentException("--only scaling runs on its own (not with other parts or --against)");
    }
    if (calls < 1000 || calls > 100_000_000) {
      throw new IllegalArgumentException("--calls must be in 1000..100000000, got " + calls);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> configuration = header(out);
    configuration.put("infer_kernels", TrainingKernels.describe());
    configuration.put("scaling", "training: reference MLP (unless the hidden width is swept), batch 128,"
        + " " + dataset + " training images repeated to each size, threads "
        + (threads == 0 ? "default" : threads) + "; latency: " + Math.max(1000, calls / 50)
        + " single-example encode calls per model after a warm-up; memory: one epoch per fresh JVM");
    out.put("scaling", new BenchScaling(this).run());
    if (charts != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> figures = (Map<String, Object>) out.get("scaling");
      for (Path file : BenchScaling.charts(figures, charts)) {
        System.err.println("wrote " + file);
      }
    }
    if (json) {
      Json.print(out);
    } else {
      System.out.println(Json.MAPPER.writeValueAsString(out));
    }
    return 0;
  }

  /** The parts of a comparison, checked, with the options only a comparison has. */
  private List<String> checkAgainst(List<String> parts) {
    if (!against.equals("pytorch")) {
      throw new IllegalArgumentException("--against " + against + ": the only reference is pytorch");
    }
    for (String part : parts) {
      if (!List.of("train", "conv", "latency", "throughput").contains(part)) {
        throw new IllegalArgumentException("--against pytorch compares train, conv, latency and throughput;"
            + " '" + part + "' has no PyTorch figure");
      }
    }
    if (rounds < 3 || rounds > 20) {
      throw new IllegalArgumentException("--rounds must be in 3..20, got " + rounds);
    }
    if (!dataset.equals("fashion-mnist")) {
      throw new IllegalArgumentException("--against pytorch compares on fashion-mnist, got --dataset " + dataset);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    for (int t : torchThreads()) {
      if (t < 1 || t > Math.max(64, cores)) {
        throw new IllegalArgumentException("--torch-threads must be in 1.." + Math.max(64, cores) + ", got " + t);
      }
    }
    return parts;
  }

  /** The torch thread settings to try: {@code --torch-threads}, or 1 and the number of cores. */
  List<Integer> torchThreads() {
    if (torchThreads != null && !torchThreads.isEmpty()) {
      return torchThreads.stream().distinct().toList();
    }
    return java.util.stream.Stream.of(1, Runtime.getRuntime().availableProcessors()).distinct().toList();
  }

  /** Units of the figures, by the end of their key. */
  private static final List<Map.Entry<String, String>> UNITS =
      List.of(
          Map.entry("_samples_per_s", "samples/s"), Map.entry("_calls_per_s", "calls/s"),
          Map.entry("_gflops", "GFLOP/s"), Map.entry("_flop_per_example", "FLOP per example"),
          Map.entry("_us_p50", "µs"), Map.entry("_us_p99", "µs"), Map.entry("_ms", "ms"),
          Map.entry("_pct", "%"), Map.entry("_kb", "KB"), Map.entry("_speedup", "×"),
          Map.entry("_speedup_rounds", "×"), Map.entry("_calls", "calls"),
          Map.entry("_epochs_measured", "epochs"), Map.entry("_loss", "nats per example"),
          Map.entry("_results_compared", "results"));

  /**
   * The figures for people: the machine and configuration in words, then one aligned row per figure
   * with its unit (the keys are those of {@code --json}).
   */
  @SuppressWarnings("unchecked")
  static String text(Map<String, Object> out) {
    StringBuilder s = new StringBuilder();
    TextTable head = new TextTable();
    Object machine = out.get("machine");
    if (machine instanceof Map<?, ?> m) {
      head.row("machine", String.format(java.util.Locale.ROOT, "%s cores, %s, %s, %s", m.get("cores"),
          m.get("cpu"), m.get("java"), m.get("os")));
    }
    Object configuration = out.get("configuration");
    if (configuration instanceof Map<?, ?> c) {
      ((Map<String, Object>) c).forEach(head::row);
    }
    s.append(head.render()).append('\n');
    TextTable figures = new TextTable("figure", "value", "unit");
    TextTable series = new TextTable();
    out.forEach((key, value) -> {
      if (key.equals("machine") || key.equals("configuration") || key.equals("train_conv_model")) {
        return; // the conv model is the configuration's "conv" entry, in words
      }
      String unit = UNITS.stream().filter(u -> key.endsWith(u.getKey())).map(Map.Entry::getValue)
          .findFirst().orElse("");
      if (value instanceof List<?> list) {
        series.row(key, String.join(", ", list.stream()
            .map(v -> v instanceof Number n ? TextTable.number(n) : String.valueOf(v)).toList()) + " " + unit);
      } else {
        figures.row(key, value instanceof Boolean b ? (b ? "yes" : "no") : value, unit);
      }
    });
    s.append(figures.render());
    String rest = series.render();
    if (!rest.isEmpty()) {
      s.append("\nper round or epoch:\n");
      rest.lines().forEach(line -> s.append("  ").append(line).append('\n'));
    }
    return s.toString();
  }

  /**
   * Runs the training parts of the bench in a child JVM and returns their figures. TensorFlow sizes its
   * process-wide intra-op pool from the first session of a process, and the models loaded for the
   * inference figures (one intra-op thread) make training in the same process slower (README.md,
   * Performance), which no user who trains in their own process would see.
   */
  Map<String, Object> trainingInFreshJvm(List<String> training)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
        TfVaeCli.class.getName(), "bench", "--only", String.join(",", training), "--json",
        "--dataset", dataset, "--epochs", Integer.toString(epochs), "--threads", Integer.toString(threads),
        "--conv-examples", Integer.toString(convExamples));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    TrainingKernels.forTraining(builder.environment());
    Process child = builder.start();
    byte[] stdout = child.getInputStream().readAllBytes();
    int exit = child.waitFor();
    if (exit != 0) {
      String args = String.join(" ", command.subList(3, command.size()));
      throw new IOException(
          "the training benchmark (a child JVM: " + args + ") failed with exit code " + exit);
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    Json.MAPPER.readTree(stdout).fields().forEachRemaining(field -> {
      if (field.getKey().startsWith("train_")) {
        figures.put(field.getKey(), Json.MAPPER.convertValue(field.getValue(), Object.class));
      }
    });
    if (figures.isEmpty()) {
      throw new IOException("the training benchmark's child JVM printed no training figures");
    }
    figures.put("train_jvm", "a fresh child JVM (" + TrainingKernels.ONEDNN_OPTS + " as `./tf-vae train` sets it;"
        + " inference figures are measured in this one)");
    return figures;
  }
}
