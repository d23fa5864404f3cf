package dev.tfvae.train.cli;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.tfvae.train.bench.Scaling;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.DatasetLoader;
import dev.tfvae.train.data.TrainingData;
import dev.tfvae.train.pictures.Charts;
import dev.tfvae.train.pictures.ImageGrid;
import dev.tfvae.train.training.TrainingKernels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench --only scaling}: the measurements of {@link Scaling}, each training in a fresh child JVM
 * (the training sweeps in one, every memory probe in its own, since a peak resident set only grows),
 * the encode latencies in this JVM, which trains nothing. Writes the charts with {@code --charts DIR}.
 */
final class BenchScaling {
  /** A memory budget worth 24 GiB, for the largest dataset that trains in memory. */
  static final long BUDGET_BYTES = 24L << 30;

  private final BenchCommand options;

  BenchScaling(BenchCommand options) {
    this.options = options;
  }

  Map<String, Object> run() throws Exception {
    Dataset data = DatasetLoader.standard(null).load(options.dataset);
    Path work = Files.createTempDirectory("tf-vae-scaling-");
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      Path models = work.resolve("models");
      Map<String, Object> training = child(List.of("training", models.toString()));
      out.putAll(training);
      out.putAll(Scaling.latency(models, Math.max(1000, options.calls / 50)));
      List<Map<String, Object>> probes = new ArrayList<>();
      for (int n : Scaling.EXAMPLES) {
        Path idx = Scaling.writeIdx(data, n, work.resolve("idx-" + n));
        for (String mode : List.of("memory", "streamed")) {
          System.err.println("bench: scaling, memory probe: " + n + " examples, " + mode + " …");
          probes.add(child(List.of("memory", idx.toString(), mode)));
        }
        MoreFiles.deleteRecursively(idx, RecursiveDeleteOption.ALLOW_INSECURE);
      }
      out.put("memory_by_examples", probes);
      out.put("largest_in_memory", largest(probes));
    } finally {
      MoreFiles.deleteRecursively(work, RecursiveDeleteOption.ALLOW_INSECURE);
    }
    return out;
  }

  /** The probe a child JVM runs: {@code training MODELS} or {@code memory IDXDIR memory|streamed}. */
  static Map<String, Object> probe(List<String> probe, String dataset, int threads) throws IOException {
    if (probe.get(0).equals("training") && probe.size() == 2) {
      Dataset data = DatasetLoader.standard(null).load(dataset);
      Scaling.exportLatencyModels(data, Path.of(probe.get(1)), threads);
      return Scaling.training(data, threads);
    }
    if (probe.get(0).equals("memory") && probe.size() == 3) {
      DatasetLoader loader = DatasetLoader.standard(null);
      String spec = "idx:" + probe.get(1);
      boolean streamed = probe.get(2).equals("streamed");
      TrainingData data = streamed ? loader.stream(spec) : loader.load(spec);
      return Scaling.memoryProbe(data, threads);
    }
    throw new IllegalArgumentException("--scaling-probe: unknown probe " + probe);
  }

  /**
   * Bytes per example of in-memory training (the slope of peak RSS over the probes' sizes) and the
   * number of 28×28 examples that fit {@link #BUDGET_BYTES} by that line; the same slope for streaming.
   */
  static Map<String, Object> largest(List<Map<String, Object>> probes) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (boolean streamed : new boolean[] {false, true}) {
      List<double[]> points = new ArrayList<>();
      for (Map<String, Object> p : probes) {
        if (Boolean.valueOf(streamed).equals(p.get("streamed"))) {
          points.add(new double[] {((Number) p.get("examples")).doubleValue(),
              ((Number) p.get("rss_peak_kb")).doubleValue() * 1024});
        }
      }
      double[] line = Scaling.fit(points.stream().mapToDouble(p -> p[0]).toArray(),
          points.stream().mapToDouble(p -> p[1]).toArray());
      String prefix = streamed ? "streamed_" : "in_memory_";
      out.put(prefix + "bytes_per_example", line[0]);
      out.put(prefix + "fixed_mb", line[1] / (1 << 20));
      if (!streamed) {
        out.put("examples_in_24_gib", (long) ((BUDGET_BYTES - line[1]) / line[0]));
      }
    }
    return out;
  }

  /** Runs one probe in a child JVM (this JVM's classpath) and returns its JSON figures. */
  private Map<String, Object> child(List<String> probe) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        TfVaeCli.class.getName(), "bench", "--json", "--dataset", options.dataset, "--threads",
        Integer.toString(options.threads), "--scaling-probe", String.join(",", probe)));
    // The probes train: on the kernels `./tf-vae train` uses (the latency figures are measured in this JVM).
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    TrainingKernels.forTraining(builder.environment());
    Process process = builder.start();
    byte[] stdout = process.getInputStream().readAllBytes();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException("the scaling probe " + probe + " (a child JVM) failed with exit code " + exit);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> figures = Json.MAPPER.readValue(stdout, LinkedHashMap.class);
    return figures;
  }

  /** Draws the scaling charts of {@code out} (the JSON of a run) into {@code dir}; returns the files. */
  @SuppressWarnings("unchecked")
  static List<Path> charts(Map<String, Object> out, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    Map<String, double[][]> epochs = new LinkedHashMap<>();
    epochs.put("in memory, after a warm-up epoch", series(out.get("epoch_by_examples"), "examples", "epoch_s"));
    List<Map<String, Object>> probes = (List<Map<String, Object>>) out.get("memory_by_examples");
    epochs.put("in memory, first epoch (fresh JVM)", series(only(probes, false), "examples", "epoch_s"));
    epochs.put("streamed from disk, first epoch (fresh JVM)", series(only(probes, true), "examples", "epoch_s"));
    written.add(write(dir.resolve("scaling-epoch-by-examples.png"), Charts.lines(
        "Training time per epoch against dataset size (reference MLP)", "training examples",
        "seconds per epoch", epochs, true, true)));
    written.add(write(dir.resolve("scaling-epoch-by-hidden.png"), Charts.lines(
        "Training time per epoch against hidden width (" + Scaling.WIDTH_EXAMPLES + " examples)",
        "hidden width (one layer, latent 20)", "seconds per epoch",
        Map.of("in memory", series(out.get("epoch_by_hidden"), "hidden", "epoch_s")), true, true)));
    Map<String, double[][]> byHidden = new LinkedHashMap<>();
    byHidden.put("median", series(out.get("encode_by_hidden"), "hidden", "encode_latency_us_p50"));
    byHidden.put("99th percentile", series(out.get("encode_by_hidden"), "hidden", "encode_latency_us_p99"));
    written.add(write(dir.resolve("scaling-encode-by-hidden.png"), Charts.lines(
        "Single-example encode latency against hidden width (latent 20)", "hidden width", "µs per call",
        byHidden, true, true)));
    Map<String, double[][]> byLatent = new LinkedHashMap<>();
    byLatent.put("median", series(out.get("encode_by_latent"), "latent", "encode_latency_us_p50"));
    byLatent.put("99th percentile", series(out.get("encode_by_latent"), "latent", "encode_latency_us_p99"));
    written.add(write(dir.resolve("scaling-encode-by-latent.png"), Charts.lines(
        "Single-example encode latency against latent size (hidden 400)", "latent dimensions",
        "µs per call", byLatent, true, true)));
    Map<String, double[][]> memory = new LinkedHashMap<>();
    memory.put("peak RSS, in memory", mib(series(only(probes, false), "examples", "rss_peak_kb")));
    memory.put("peak RSS, streamed", mib(series(only(probes, true), "examples", "rss_peak_kb")));
    memory.put("peak Java heap, in memory", mib(series(only(probes, false), "examples", "heap_peak_kb")));
    memory.put("peak Java heap, streamed", mib(series(only(probes, true), "examples", "heap_peak_kb")));
    written.add(write(dir.resolve("scaling-memory-by-examples.png"), Charts.lines(
        "Peak memory of one training epoch against dataset size", "training examples (28×28)", "MiB",
        memory, false, false)));
    return written;
  }

  private static List<Map<String, Object>> only(List<Map<String, Object>> probes, boolean streamed) {
    return probes.stream().filter(p -> Boolean.valueOf(streamed).equals(p.get("streamed"))).toList();
  }

  @SuppressWarnings("unchecked")
  private static double[][] series(Object points, String x, String y) {
    List<Map<String, Object>> list = (List<Map<String, Object>>) points;
    double[][] xy = new double[2][list.size()];
    for (int i = 0; i < list.size(); i++) {
      xy[0][i] = ((Number) list.get(i).get(x)).doubleValue();
      xy[1][i] = ((Number) list.get(i).get(y)).doubleValue();
    }
    return xy;
  }

  private static double[][] mib(double[][] kb) {
    double[] y = kb[1].clone();
    for (int i = 0; i < y.length; i++) {
      y[i] /= 1024;
    }
    return new double[][] {kb[0], y};
  }

  private static Path write(Path file, BufferedImage image) throws IOException {
    ImageGrid.write(image, file);
    return file;
  }
}
