package dev.tfvae.train.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.tfvae.train.bench.AlternatingRounds.Measurement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PyTorch reference ({@code reference/pytorch/vae_reference.py}) as a contender of
 * {@link AlternatingRounds}: each part runs the script once per torch thread setting, in a child process,
 * and its JSON is read with Jackson.
 *
 * <p>{@link #start} refuses to compare unless the script's Python has PyTorch and PyTorch runs on
 * OpenBLAS: on Debian's reference BLAS it trains about 20× slower, and a ratio against that says nothing.
 * On an Intel Xeon, Debian's OpenBLAS 0.3.21 picks a slow kernel ("Prescott") unless
 * {@code OPENBLAS_CORETYPE=SkylakeX} is set, so it is set for the child processes alone, unless the
 * caller's environment already sets it.
 *
 * <p>Not thread-safe: one comparison at a time.
 */
public final class PyTorchReference implements AlternatingRounds.Contender {
  /** What to install on Debian for a fair reference. */
  public static final String INSTALL = "apt-get install -y python3-torch libopenblas0-pthread";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How the reference is run and what it measures.
   *
   * @param python the Python executable (Debian's {@code /usr/bin/python3})
   * @param script {@code vae_reference.py}
   * @param data the folder of Fashion-MNIST's IDX files
   * @param threads the torch thread settings to try; each figure takes the best
   * @param epochs training epochs per round, the first a warm-up (as tf-vae's)
   * @param convExamples training examples of the conv VAE per epoch, 0 = all
   * @param latencyCalls timed single-example encodes per round
   * @param reconstructSeconds seconds of batch-256 reconstruct per round
   */
  public record Settings(Path python, Path script, Path data, List<Integer> threads, int epochs,
      int convExamples, int latencyCalls, double reconstructSeconds) {
    public Settings {
      threads = ImmutableList.copyOf(threads);
    }
  }

  /**
   * What the reference runs on.
   *
   * @param torch PyTorch's version
   * @param python Python's version
   * @param blas the BLAS library PyTorch loaded (a real path)
   * @param openblasConfig OpenBLAS's own description, with the kernel it chose ({@code ""} if not OpenBLAS)
   * @param environment the variables set for the reference's processes only
   */
  public record Probe(String torch, String python, String blas, String openblasConfig,
      Map<String, String> environment) {}

  /** The size of the matrices of the SGEMM ceiling. */
  public static final int SGEMM_SIZE = 2048;

  private final Settings settings;
  private final Map<String, String> environment;
  private final Probe probe;

  private PyTorchReference(Settings settings, Map<String, String> environment, Probe probe) {
    this.settings = settings;
    this.environment = environment;
    this.probe = probe;
  }

  /**
   * Checks that the reference can run fairly on a machine whose CPU model is {@code cpu}, and returns it.
   *
   * @throws IllegalArgumentException if the executable or the script does not exist
   * @throws IOException if Python cannot run the script, PyTorch is missing, or it is not on OpenBLAS
   *     (the message says what to install)
   */
  public static PyTorchReference start(Settings settings, String cpu) throws IOException {
    Path python = settings.python();
    if (python.getNameCount() > 1 && !Files.isExecutable(python)) {
      throw new IllegalArgumentException("--python " + python + ": no such executable; the PyTorch"
          + " reference runs with Debian's /usr/bin/python3 and its python3-torch (" + INSTALL + ")");
    }
    if (!Files.isRegularFile(settings.script())) {
      throw new IllegalArgumentException("--reference-script " + settings.script() + ": no such file (it is"
          + " reference/pytorch/vae_reference.py in the repository; run bench from the repository root)");
    }
    Map<String, String> environment = environment(cpu, System.getenv());
    JsonNode probe = new PyTorchReference(settings, environment, null).run("probe", 1, List.of());
    Probe p = new Probe(probe.path("torch").asText("?"), probe.path("python").asText("?"),
        probe.path("blas").asText("?"), probe.path("openblas_config").asText(""), environment);
    if (!p.blas().toLowerCase(Locale.ROOT).contains("openblas")) {
      throw new IOException("PyTorch " + p.torch() + " here runs on " + p.blas() + ", not OpenBLAS:"
          + " on the reference BLAS it trains about 20× slower, so a comparison would say nothing."
          + " Install OpenBLAS (as root: " + INSTALL + ") and run bench again");
    }
    return new PyTorchReference(settings, environment, p);
  }

  /**
   * The variables set for the reference's processes alone: {@code OPENBLAS_CORETYPE=SkylakeX} on an Intel
   * Xeon (Debian's OpenBLAS 0.3.21 takes it for a "Prescott" and multiplies 6× slower), unless
   * {@code inherited} already sets it; nothing elsewhere.
   */
  static Map<String, String> environment(String cpu, Map<String, String> inherited) {
    if (cpu.contains("Xeon") && !inherited.containsKey("OPENBLAS_CORETYPE")) {
      return ImmutableMap.of("OPENBLAS_CORETYPE", "SkylakeX");
    }
    return ImmutableMap.of();
  }

  /** What the reference runs on, as checked by {@link #start}. */
  public Probe probe() {
    return probe;
  }

  @Override
  public String name() {
    return "PyTorch";
  }

  /**
   * The figures of {@code part}, once per thread setting: {@code train} (reference MLP) and {@code conv}
   * training throughput over the epochs after the first, {@code latency} (single-example encode median
   * and p99), {@code throughput} (batch-256 reconstruct), and {@code sgemm}: the SGEMM ceiling, the
   * best rate of a 2048² float32 {@code torch.mm} on OpenBLAS over 3 seconds, at the largest thread
   * setting only (a ceiling is the machine's, not a setting's).
   */
  @Override
  public List<Measurement> measure(String part, int round) throws IOException {
    List<Measurement> out = new ArrayList<>();
    if (part.equals("sgemm")) {
      int threads = settings.threads().stream().mapToInt(Integer::intValue).max().orElse(1);
      JsonNode r = run("sgemm", threads, List.of("--size", Integer.toString(SGEMM_SIZE), "--seconds", "3"));
      out.add(new Measurement("sgemm_gflops", "", number(r, "sgemm_gflops")));
      return out;
    }
    for (int threads : settings.threads()) {
      String setting = "threads=" + threads;
      switch (part) {
        case "train" -> out.add(new Measurement("train_samples_per_s", setting, training("mlp", threads, 0)));
        case "conv" -> out.add(new Measurement("train_conv_samples_per_s", setting,
            training("conv", threads, settings.convExamples())));
        case "latency" -> {
          JsonNode r = run("latency", threads, List.of("--calls", Integer.toString(settings.latencyCalls())));
          out.add(new Measurement("encode_latency_us_p50", setting, number(r, "encode_latency_us_p50")));
          out.add(new Measurement("encode_latency_us_p99", setting, number(r, "encode_latency_us_p99")));
        }
        case "throughput" -> {
          JsonNode r = run("reconstruct", threads,
              List.of("--batch", "256", "--seconds", Double.toString(settings.reconstructSeconds())));
          out.add(new Measurement("reconstruct_b256_samples_per_s", setting, number(r, "reconstruct_samples_per_s")));
        }
        default -> throw new IllegalArgumentException("the PyTorch reference has no part '" + part + "'");
      }
    }
    return out;
  }

  private double training(String arch, int threads, int examples) throws IOException {
    List<String> args = new ArrayList<>(List.of("--arch", arch, "--epochs", Integer.toString(settings.epochs())));
    if (examples > 0) {
      args.addAll(List.of("--limit", Integer.toString(examples)));
    }
    JsonNode r = run("train", threads, args);
    List<Double> perEpoch = new ArrayList<>();
    r.path("epochs").forEach(e -> perEpoch.add(e.path("samples_per_s").asDouble(Double.NaN)));
    if (perEpoch.size() != settings.epochs() || perEpoch.stream().anyMatch(v -> !(v > 0))) {
      throw new IOException("the PyTorch reference's training printed epochs " + r.path("epochs")
          + ", expected " + settings.epochs() + " with samples_per_s each");
    }
    return Benchmark.overMeasuredEpochs(perEpoch);
  }

  private static double number(JsonNode r, String key) throws IOException {
    JsonNode v = r.get(key);
    if (v == null || !v.isNumber()) {
      throw new IOException("the PyTorch reference printed no number '" + key + "' in " + r);
    }
    return v.asDouble();
  }

  /** Runs one mode of the script and returns its JSON object; a failure carries the end of its stderr. */
  private JsonNode run(String mode, int threads, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(settings.python().toString(), settings.script().toString(),
        mode, "--threads", Integer.toString(threads), "--data", settings.data().toString()));
    command.addAll(args);
    Path stderr = Files.createTempFile("tf-vae-bench-pytorch-", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
      builder.environment().putAll(environment);
      Process child;
      try {
        child = builder.start();
      } catch (IOException e) {
        throw new IOException("cannot run the PyTorch reference with " + settings.python() + " ("
            + e.getMessage() + "); it needs Debian's python3 with python3-torch: " + INSTALL, e);
      }
      byte[] stdout = child.getInputStream().readAllBytes();
      if (child.waitFor() != 0) {
        throw new IOException("the PyTorch reference failed (" + String.join(" ", command) + ", exit code "
            + child.exitValue() + "): " + tail(Files.readString(stderr)) + "; it needs Debian's python3"
            + " with PyTorch on OpenBLAS: " + INSTALL);
      }
      JsonNode json;
      try {
        json = JSON.readTree(new String(stdout, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IOException("the PyTorch reference (" + mode + ") printed no JSON object: " + tail(
            new String(stdout, StandardCharsets.UTF_8)), e);
      }
      if (json == null || !json.isObject()) {
        throw new IOException("the PyTorch reference (" + mode + ") printed no JSON object");
      }
      return json;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the PyTorch reference ran", e);
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  /** The last few lines of a process's output, on one line. */
  private static String tail(String text) {
    List<String> lines = text.strip().lines().toList();
    String last = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    return last.isEmpty() ? "(no output)" : last;
  }

  /** Settings and probe, for the JSON's configuration. */
  public Map<String, Object> description() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("script", settings.script().toString());
    out.put("python", settings.python() + " (Python " + probe.python() + ")");
    out.put("torch", probe.torch());
    out.put("blas", probe.blas());
    out.put("openblas_config", probe.openblasConfig());
    out.put("environment", probe.environment());
    out.put("threads_tried", settings.threads());
    out.put("sgemm_ceiling", "best rate of torch.mm on two " + SGEMM_SIZE + "x" + SGEMM_SIZE + " float32 matrices"
        + " (OpenBLAS, " + settings.threads().stream().mapToInt(Integer::intValue).max().orElse(1)
        + " threads) over 3 s, 2·n³ FLOP per product, once per round");
    return out;
  }
}
