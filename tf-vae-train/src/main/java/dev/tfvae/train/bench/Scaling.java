package dev.tfvae.train.bench;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.data.StreamedDataset;
import dev.tfvae.train.data.TrainingData;
import dev.tfvae.train.export.TrainingExport;
import dev.tfvae.train.training.TrainingConfig;
import dev.tfvae.train.training.TrainingListener;
import dev.tfvae.train.training.TrainingResult;
import dev.tfvae.train.training.VaeTrainer;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How cost grows (BENCHMARKS.md, "How cost grows"): training time per epoch against the number of
 * examples and the hidden width, single-example encode latency against the hidden width and the latent
 * size, and peak memory against the number of examples, in memory and streamed. Larger datasets are
 * Fashion-MNIST's training images repeated. Each method returns plain figures for {@code bench --json}.
 */
public final class Scaling {
  /** Examples for the size sweeps. */
  public static final List<Integer> EXAMPLES = List.of(15_000, 30_000, 60_000, 120_000, 240_000);
  /** Hidden widths of the width sweeps (one hidden layer, latent 20). */
  public static final List<Integer> HIDDEN = List.of(100, 200, 400, 800, 1600);
  /** Latent sizes of the latency sweep (hidden 400). */
  public static final List<Integer> LATENT = List.of(2, 5, 10, 20, 50, 100);
  /** Examples of the hidden-width training sweep. */
  public static final int WIDTH_EXAMPLES = 30_000;

  private Scaling() {}

  /** {@code data}'s training images repeated (or cut) to {@code n} examples, its validation split kept. */
  public static Dataset resized(Dataset data, int n) {
    Split train = data.train();
    int d = train.exampleSize();
    float[] values = new float[Math.multiplyExact(n, d)];
    for (int at = 0; at < n; at += train.count()) {
      int rows = Math.min(train.count(), n - at);
      System.arraycopy(train.values(), 0, values, at * d, rows * d);
    }
    return new Dataset(data.name() + " ×" + n, data.exampleShape(), new Split(values, d, null),
        data.validation(), data.files(), data.preprocessing(), data.setup());
  }

  /**
   * Seconds per training epoch (steps only, after a warm-up epoch) of the reference MLP on
   * {@link #EXAMPLES} examples, and of MLPs of the {@link #HIDDEN} widths on {@link #WIDTH_EXAMPLES}.
   */
  public static Map<String, Object> training(Dataset data, int threads) throws IOException {
    List<Map<String, Object>> bySize = new ArrayList<>();
    for (int n : EXAMPLES) {
      System.err.println("bench: scaling, training on " + n + " examples …");
      bySize.add(epoch("examples", n, Benchmark.train(TrainingConfig.builder(), resized(data, n), 2, threads)));
    }
    List<Map<String, Object>> byWidth = new ArrayList<>();
    Dataset sample = resized(data, WIDTH_EXAMPLES);
    for (int h : HIDDEN) {
      System.err.println("bench: scaling, training hidden width " + h + " …");
      byWidth.add(epoch("hidden", h, Benchmark.train(TrainingConfig.builder().hidden(List.of(h)), sample, 2, threads)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("epoch_by_examples", bySize);
    out.put("epoch_by_hidden", byWidth);
    return out;
  }

  /** The measured (second) epoch of {@code result}, keyed by the swept value. */
  private static Map<String, Object> epoch(String key, int value, TrainingResult result) {
    double samplesPerSecond = result.last().samplesPerSecond();
    int examples = result.dataset().train().count();
    Map<String, Object> point = new LinkedHashMap<>();
    point.put(key, value);
    point.put("examples", examples);
    point.put("epoch_s", examples / samplesPerSecond);
    point.put("samples_per_s", samplesPerSecond);
    return point;
  }

  /**
   * Trains and exports one small model per hidden width and latent size into {@code dir} (one epoch on
   * 1,280 examples: latency does not depend on the weights' values), named {@code h<H>-l<L>}.
   */
  public static void exportLatencyModels(Dataset data, Path dir, int threads) throws IOException {
    Dataset small = resized(data, 1280);
    List<int[]> shapes = new ArrayList<>();
    for (int h : HIDDEN) {
      shapes.add(new int[] {h, 20});
    }
    for (int l : LATENT) {
      shapes.add(new int[] {400, l});
    }
    for (int[] shape : shapes) {
      Path base = dir.resolve("h" + shape[0] + "-l" + shape[1]);
      if (Files.isDirectory(base)) {
        continue;
      }
      Path checkpoints = Files.createTempDirectory("tf-vae-bench-");
      try {
        TrainingConfig config =
            TrainingConfig.builder().hidden(List.of(shape[0])).latentDim(shape[1]).epochs(1)
                .threads(threads).checkpointDir(checkpoints).build();
        TrainingExport.export(
            new VaeTrainer(config).train(small, TrainingListener.NONE), base, "bench --only scaling");
      } finally {
        MoreFiles.deleteRecursively(checkpoints, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    }
  }

  /**
   * Single-example encode latency (median and 99th percentile of {@code calls} calls) of the models
   * {@link #exportLatencyModels} wrote, against the hidden width and against the latent size.
   */
  public static Map<String, Object> latency(Path dir, int calls) throws IOException {
    List<Map<String, Object>> byHidden = new ArrayList<>();
    for (int h : HIDDEN) {
      byHidden.add(latencyPoint("hidden", h, dir.resolve("h" + h + "-l20"), calls));
    }
    List<Map<String, Object>> byLatent = new ArrayList<>();
    for (int l : LATENT) {
      byLatent.add(latencyPoint("latent", l, dir.resolve("h400-l" + l), calls));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("encode_by_hidden", byHidden);
    out.put("encode_by_latent", byLatent);
    return out;
  }

  private static Map<String, Object> latencyPoint(String key, int value, Path model, int calls)
      throws IOException {
    System.err.println("bench: scaling, encode latency of " + model.getFileName() + " …");
    Map<String, Object> point = new LinkedHashMap<>();
    point.put(key, value);
    try (VaeModel m = VaeModel.load(model)) {
      point.putAll(Benchmark.latency(m, calls));
    }
    point.remove("latency_calls");
    return point;
  }

  /**
   * Writes an IDX folder of {@code n} training images (Fashion-MNIST's, repeated) and its 10,000 test
   * images, uncompressed, for the memory probes.
   */
  public static Path writeIdx(Dataset data, int n, Path dir) throws IOException {
    Files.createDirectories(dir);
    writeImages(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"),
        data.train(), n);
    writeImages(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"),
        data.validation(), data.validation().count());
    return dir;
  }

  private static void writeImages(Path images, Path labels, Split from, int n) throws IOException {
    int d = from.exampleSize();
    int side = (int) Math.round(Math.sqrt(d));
    try (DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(images), 1 << 16));
        DataOutputStream lab =
            new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(labels), 1 << 16))) {
      out.writeInt(0x0803);
      out.writeInt(n);
      out.writeInt(side);
      out.writeInt(d / side);
      lab.writeInt(0x0801);
      lab.writeInt(n);
      byte[] row = new byte[d];
      for (int i = 0; i < n; i++) {
        int source = i % from.count();
        for (int j = 0; j < d; j++) {
          row[j] = (byte) Math.round(from.values()[source * d + j] * 255f);
        }
        out.write(row);
        lab.writeByte(from.labels() == null ? 0 : from.labels()[source]);
      }
    }
  }

  /**
   * One memory probe, run alone in a fresh JVM: one epoch of the reference MLP on {@code data} (held in
   * memory or streamed), then this process's peak resident set ({@code VmHWM}), the sum of the peaks of
   * the Java heap's pools, and the difference of the two: about what lies outside the heap at the peak
   * (TensorFlow and its tensors, the JVM's own memory; an estimate, since pools peak at different times).
   */
  public static Map<String, Object> memoryProbe(TrainingData data, int threads) throws IOException {
    long start = System.nanoTime();
    TrainingResult result = Benchmark.train(TrainingConfig.builder(), data, 1, threads);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("examples", data.train().count());
    out.put("streamed", data instanceof StreamedDataset);
    out.put("epoch_s", data.train().count() / result.last().samplesPerSecond());
    out.put("samples_per_s", result.last().samplesPerSecond());
    out.put("run_s", (System.nanoTime() - start) / 1e9);
    long heapUsed = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        heapUsed += pool.getPeakUsage().getUsed();
      }
    }
    long peak = Benchmark.statusKb("VmHWM");
    out.put("rss_peak_kb", peak);
    out.put("heap_peak_kb", heapUsed >> 10);
    out.put("outside_heap_kb", Math.max(0, peak - (heapUsed >> 10)));
    return out;
  }

  /**
   * A least-squares line through (x, y): {slope, intercept}. Used to turn the peak memory of the probes
   * into bytes per example.
   */
  public static double[] fit(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i] / n;
      my += y[i] / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    double slope = sxy / sxx;
    return new double[] {slope, my - slope * mx};
  }
}
