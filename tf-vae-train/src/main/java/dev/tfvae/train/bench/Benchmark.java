package dev.tfvae.train.bench;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.tfvae.core.device.ComputeDevice;
import dev.tfvae.core.graph.ModelLayout;
import dev.tfvae.core.graph.Parameter;
import dev.tfvae.core.model.Architecture;
import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.TrainingData;
import dev.tfvae.train.training.EpochMetrics;
import dev.tfvae.train.training.TrainingConfig;
import dev.tfvae.train.training.TrainingKernels;
import dev.tfvae.train.training.TrainingListener;
import dev.tfvae.train.training.TrainingResult;
import dev.tfvae.train.training.VaeTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The figures of BENCHMARKS.md, measured through the public APIs: {@link VaeTrainer} for training,
 * {@link VaeModel} for inference. Each method returns its figures under the {@code bench --json} keys.
 */
public final class Benchmark {
  private Benchmark() {}

  /**
   * Trains the reference MLP for {@code epochs} epochs (the first is a warm-up) and reports the mean
   * throughput of the others, and GFLOP/s from the analytic cost (3 × 2 × multiply-adds per example).
   */
  public static Map<String, Object> training(Dataset data, int epochs, int threads) throws IOException {
    TrainingResult result = train(TrainingConfig.builder(), data, epochs, threads);
    double samplesPerSecond = measuredSamplesPerSecond(result);
    long macs = 0;
    for (Parameter p : new ModelLayout(result.model()).parameters()) {
      if (p.shape().length == 2) {
        macs += p.size();
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("train_samples_per_s", samplesPerSecond);
    out.put("train_gflops", samplesPerSecond * 6.0 * macs / 1e9);
    out.put("train_flop_per_example", 6.0 * macs);
    out.put("train_epochs_measured", result.history().size() - 1);
    out.put("train_epoch_samples_per_s", epochFigures(result));
    out.put("train_dataset", data.name());
    out.put("train_final_loss", result.last().loss());
    out.put("train_kernels", TrainingKernels.describe());
    return out;
  }

  /**
   * Trains the default convolutional VAE (the defaults with {@code --arch conv}) like {@link #training}
   * and reports its throughput under {@code train_conv_*} keys.
   */
  public static Map<String, Object> convTraining(Dataset data, int epochs, int threads)
      throws IOException {
    return convTraining(data, epochs, threads, 0);
  }

  /**
   * {@link #convTraining(Dataset, int, int)} on the first {@code examples} training examples only
   * ({@code 0} = all), so that a comparison in several rounds with a slower reference fits in minutes;
   * {@code train_conv_examples} says how many were used.
   */
  public static Map<String, Object> convTraining(Dataset data, int epochs, int threads, int examples)
      throws IOException {
    Dataset used = examples <= 0 || examples >= data.train().count() ? data
        : new Dataset(data.name(), data.exampleShape(), data.train().head(examples), data.validation(),
            data.files(), data.preprocessing(), data.setup());
    TrainingResult result =
        train(TrainingConfig.builder().arch(Architecture.CONV), used, epochs, threads);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("train_conv_samples_per_s", measuredSamplesPerSecond(result));
    out.put("train_conv_examples", used.train().count());
    out.put("train_conv_epoch_samples_per_s", epochFigures(result));
    out.put("train_conv_model", result.model().toString());
    out.put("train_conv_final_loss", result.last().loss());
    out.put("train_conv_kernels", TrainingKernels.describe());
    return out;
  }

  /**
   * What the training figures measure, from the configurations that {@link #training} and
   * {@link #convTraining} train.
   */
  public static String trainingConfiguration(String dataset, int epochs, int threads) {
    TrainingConfig mlp = TrainingConfig.builder().epochs(epochs).threads(threads).build();
    TrainingConfig conv = TrainingConfig.builder().arch(Architecture.CONV).build();
    return String.format(
        Locale.ROOT,
        "reference %s %s, latent %d, batch %d, Adam %s, %s, %d measured epoch(s) after 1 warm-up,"
            + " threads %s; conv: the same with filters %s",
        mlp.model().arch().cliName(), mlp.model().hidden(), mlp.model().latentDim(),
        mlp.settings().batchSize(), mlp.settings().learningRate(), dataset, epochs - 1,
        threads == 0 ? "default" : threads, conv.model().hidden());
  }

  /** Trains with checkpoints in a temporary folder, which is removed afterwards. */
  static TrainingResult train(
      TrainingConfig.Builder builder, TrainingData data, int epochs, int threads) throws IOException {
    Path checkpoints = Files.createTempDirectory("tf-vae-bench-");
    try {
      TrainingConfig config = builder.epochs(epochs).threads(threads).checkpointDir(checkpoints).build();
      return new VaeTrainer(config).train(data, TrainingListener.NONE);
    } finally {
      MoreFiles.deleteRecursively(checkpoints, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /** Examples per second over every epoch but the first (a warm-up), weighting epochs by time. */
  private static double measuredSamplesPerSecond(TrainingResult result) {
    return overMeasuredEpochs(result.history().stream().map(EpochMetrics::samplesPerSecond).toList());
  }

  /**
   * The throughput of whole epochs of equal size but the first (a warm-up), given each epoch's
   * examples per second: the harmonic mean, so that every epoch weighs by its time. Used for tf-vae's
   * epochs and for the PyTorch reference's alike.
   */
  static double overMeasuredEpochs(List<Double> samplesPerSecond) {
    if (samplesPerSecond.size() < 2) {
      throw new IllegalArgumentException(
          "need a warm-up epoch and at least one measured epoch, got " + samplesPerSecond);
    }
    List<Double> measured = samplesPerSecond.subList(1, samplesPerSecond.size());
    double secondsPerExample = 0;
    for (double perSecond : measured) {
      secondsPerExample += 1 / perSecond;
    }
    return measured.size() / secondsPerExample;
  }

  private static List<Double> epochFigures(TrainingResult result) {
    return result.history().subList(1, result.history().size()).stream()
        .map(EpochMetrics::samplesPerSecond).toList();
  }

  /** Median and 99th percentile of single-example {@code encode} through {@link VaeModel}. */
  public static Map<String, Object> latency(VaeModel model, int calls) {
    float[] x = image(model.inputSize(), 1);
    for (int i = 0; i < Math.min(calls, 5000); i++) {
      model.encode(x);
    }
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      model.encode(x);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("encode_latency_us_p50", nanos[calls / 2] / 1e3);
    out.put("encode_latency_us_p99", nanos[(int) Math.ceil(calls * 0.99) - 1] / 1e3);
    out.put("latency_calls", calls);
    return out;
  }

  /**
   * Batch-256 {@code reconstruct} throughput, and the speed-up of 8 threads sharing the model over one
   * thread for single-example {@code encode}; each figure is the median of 5 rounds. Every result of
   * every round is compared with a single-thread reference: {@code threads8_identical_results} says
   * whether all were bit-equal, {@code threads8_results_compared} how many 8-thread results were.
   */
  public static Map<String, Object> throughput(VaeModel model, int batches, int calls) throws Exception {
    Map<String, Object> out = reconstruct(model, batches);
    out.putAll(scaling(model, calls));
    return out;
  }

  /**
   * Batch-256 {@code reconstruct} throughput after a two-second warm-up: the median of 5 rounds of
   * {@code batches / 5} batches, under {@code reconstruct_b256_samples_per_s}.
   */
  public static Map<String, Object> reconstruct(VaeModel model, int batches) {
    float[][] batch = new float[256][];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = image(model.inputSize(), i);
    }
    // Warm up for two seconds: the JIT compiles the input checks and copies of a 256-row call only after
    // tens of calls, and the first seconds run below the steady state.
    long warmUntil = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      model.reconstruct(batch);
    }
    int rounds = 5;
    double[] perSecond = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      int n = Math.max(1, batches / rounds);
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        model.reconstruct(batch);
      }
      perSecond[round] = n * 256.0 / ((System.nanoTime() - t0) / 1e9);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("reconstruct_b256_samples_per_s", median(perSecond));
    return out;
  }

  /** The 8-thread figures of {@link #throughput}. */
  private static Map<String, Object> scaling(VaeModel model, int calls) throws Exception {
    int rounds = 5;
    // One and eight threads alternate over several rounds, and the figures are the rounds' medians:
    // a ratio of two figures measured seconds apart on a shared machine inherits the swings of both.
    float[][] inputs = new float[8][];
    float[][] expected = new float[8][];
    for (int t = 0; t < inputs.length; t++) {
      inputs[t] = image(model.inputSize(), 100 + t);
      expected[t] = model.encode(inputs[t]).mean();
    }
    double[] one = new double[rounds];
    double[] eight = new double[rounds];
    double[] ratios = new double[rounds];
    long compared = 0;
    long differing = 0;
    for (int round = 0; round < rounds; round++) {
      Round single = calls(model, inputs, expected, 1, Math.max(1000, calls / rounds));
      Round shared = calls(model, inputs, expected, 8, Math.max(1000, calls / rounds));
      one[round] = single.callsPerSecond();
      eight[round] = shared.callsPerSecond();
      ratios[round] = eight[round] / one[round];
      compared += shared.compared();
      differing += shared.differing() + single.differing();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("threads1_calls_per_s", median(one));
    out.put("threads8_calls_per_s", median(eight));
    out.put("threads8_speedup", median(ratios));
    out.put("threads8_speedup_rounds", Arrays.stream(ratios).boxed().toList());
    out.put("threads8_results_compared", compared);
    out.put("threads8_identical_results", differing == 0);
    return out;
  }

  /** The median; of an even number of values, the mean of the middle two. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /**
   * What one round of single-example calls measured.
   *
   * @param callsPerSecond calls per second of all threads together
   * @param compared results compared with the single-thread reference
   * @param differing results that were not bit-equal to it
   */
  private record Round(double callsPerSecond, long compared, long differing) {}

  /**
   * {@code threads} threads sharing the model, thread t encoding {@code inputs[t]} and comparing every
   * result with {@code expected[t]}, computed by one thread before any ran. The threads are started
   * before the clock starts, so thread start-up is not timed.
   */
  private static Round calls(
      VaeModel model, float[][] inputs, float[][] expected, int threads, int callsPerThread)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        float[] x = inputs[t];
        float[] reference = expected[t];
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          long differing = 0;
          for (int i = 0; i < callsPerThread; i++) {
            LatentCode code = model.encode(x);
            if (!Arrays.equals(code.mean(), reference)) {
              differing++;
            }
          }
          return differing;
        }));
      }
      ready.await();
      long t0 = System.nanoTime();
      start.countDown();
      long differing = 0;
      for (Future<Long> f : futures) {
        differing += f.get();
      }
      double perSecond = threads * (double) callsPerThread / ((System.nanoTime() - t0) / 1e9);
      return new Round(perSecond, (long) threads * callsPerThread, differing);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Resident set size growth over {@code calls} single-example calls, after a warm-up of a tenth as many;
   * each reading follows full collections, so it shows retained (native or Java) memory, not garbage.
   */
  public static Map<String, Object> memory(VaeModel model, int calls) throws IOException {
    float[] x = image(model.inputSize(), 7);
    for (int i = 0; i < Math.max(50_000, calls / 10); i++) {
      model.encode(x);
    }
    long before = settledRssKb();
    for (int i = 0; i < calls; i++) {
      model.encode(x);
    }
    long after = settledRssKb();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rss_growth_pct", 100.0 * (after - before) / before);
    out.put("rss_before_kb", before);
    out.put("rss_after_kb", after);
    out.put("rss_calls", calls);
    return out;
  }

  /** Median of 5 warm loads (the natives are already loaded). */
  public static Map<String, Object> load(Path modelDir) throws IOException {
    try (VaeModel first = VaeModel.load(modelDir)) {
      first.encode(new float[first.inputSize()]);
    }
    long[] ms = new long[5];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      try (VaeModel m = VaeModel.load(modelDir)) {
        ms[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(ms);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("load_ms", ms[2] / 1e6);
    return out;
  }

  /** The machine: cores, CPU model, Java, OS, and the device TensorFlow computes on. */
  public static Map<String, Object> machine() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cores", Runtime.getRuntime().availableProcessors());
    String cpu = "unknown";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst().orElse(cpu);
    } catch (IOException e) {
      // Not Linux: leave it unknown.
    }
    out.put("cpu", cpu);
    out.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    out.put("device", ComputeDevice.detect().describe());
    return out;
  }

  private static long settledRssKb() throws IOException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rssKb();
  }

  private static long rssKb() throws IOException {
    return statusKb("VmRSS");
  }

  /** A figure of {@code /proc/self/status} in KB ({@code VmRSS}, {@code VmHWM}, …). */
  static long statusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no " + field + " in /proc/self/status");
  }

  static float[] image(int size, long seed) {
    Random r = new Random(seed);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = r.nextFloat();
    }
    return x;
  }
}
