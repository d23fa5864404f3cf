package dev.tfvae.train.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tfvae.train.pictures.Charts;
import dev.tfvae.train.training.TrainingKernels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains a grid of runs, each in its own process ({@code tf-vae train}, and {@code tf-vae eval --iwae}
 * when asked), so that one run's TensorFlow state and memory never reach the next, and a failed run
 * leaves the others alone. Finished runs go to {@link SweepResults} as they finish; a rerun of the same
 * sweep skips them and resumes an interrupted run from its last checkpoint ({@code train --resume}).
 *
 * <p>Under the sweep's folder: {@code results.jsonl}, {@code models/<run>/<version>} (the exports),
 * {@code checkpoints/<run>/}, {@code logs/<run>.log} (each process's stderr) and, from
 * {@link #rateDistortion}, {@code rate-distortion.png}.
 */
public final class Sweep {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * What is the same for every run.
   *
   * @param settings a text that identifies the sweep's other settings (data, epochs, seed, …): a rerun
   *     with other settings into the same folder is refused
   * @param trainArgs the {@code train} options every run gets (dataset, epochs, …)
   * @param iwaeSamples K of {@code eval --iwae K} after each run, or 0 for none
   * @param iwaeLimit the held-out examples that bound is computed on
   * @param mainClass the command line's main class, run in each new JVM with this one's class path
   */
  public record Plan(
      String settings, List<String> trainArgs, int iwaeSamples, int iwaeLimit, String mainClass) {
    public Plan {
      trainArgs = List.copyOf(trainArgs);
    }
  }

  /**
   * What a sweep did.
   *
   * @param trained runs trained now
   * @param skipped runs already finished
   * @param failed runs whose process failed, with the log to read
   */
  public record Outcome(List<String> trained, List<String> skipped, Map<String, Path> failed) {}

  private Sweep() {}

  /** Runs every run of {@code grid} not yet in {@code folder}'s results. */
  public static Outcome run(Path folder, List<SweepRun> grid, Plan plan, Consumer<String> log)
      throws IOException, InterruptedException {
    Files.createDirectories(folder.resolve("logs"));
    SweepResults results = new SweepResults(folder);
    Map<String, JsonNode> done = results.read();
    for (SweepRun run : grid) {
      JsonNode old = done.get(run.name());
      if (old != null && !plan.settings().equals(old.path("settings").asText())) {
        throw new IllegalArgumentException(results.file() + " holds run " + run.name()
            + " with other settings (" + old.path("settings").asText() + "; now " + plan.settings()
            + "): choose another folder for this sweep");
      }
    }
    List<String> trained = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<String, Path> failed = new LinkedHashMap<>();
    int index = 0;
    for (SweepRun run : grid) {
      index++;
      String name = run.name();
      if (done.containsKey(name)) {
        skipped.add(name);
        log.accept(String.format(Locale.ROOT, "[%d/%d] %s: finished before, skipped", index,
            grid.size(), name));
        continue;
      }
      Path logFile = folder.resolve("logs").resolve(name + ".log");
      log.accept(String.format(Locale.ROOT, "[%d/%d] %s: training (log: %s)", index, grid.size(), name,
          logFile));
      long start = System.nanoTime();
      List<String> args = new ArrayList<>(List.of("train"));
      args.addAll(plan.trainArgs());
      args.addAll(List.of(
          "--latent", Integer.toString(run.latent()), "--hidden", run.hiddenText(),
          "--beta", SweepRun.number(run.beta()),
          "--out", folder.resolve("models").resolve(name).toString(),
          "--checkpoint-dir", folder.resolve("checkpoints").resolve(name).toString(),
          "--resume", "--quiet", "--json"));
      JsonNode train = child(plan.mainClass(), args, logFile, true);
      if (train == null) {
        failed.put(name, logFile);
        log.accept("  failed: see " + logFile);
        continue;
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("run", name);
      line.put("settings", plan.settings());
      line.put("latent", run.latent());
      line.put("hidden", run.hidden());
      line.put("beta", run.beta());
      JsonNode validation = exportedValidation(train);
      for (String key : List.of("recon", "kl", "neg_elbo", "neg_elbo_mu", "mse_per_pixel")) {
        line.put(key, validation.path(key).asDouble(Double.NaN));
      }
      String export = train.path("export_path").asText();
      if (plan.iwaeSamples() > 0) {
        JsonNode eval = child(plan.mainClass(), List.of("eval", "--model", export, "--iwae",
            Integer.toString(plan.iwaeSamples()), "--limit", Integer.toString(plan.iwaeLimit()),
            "--json"), logFile, false);
        if (eval == null) {
          failed.put(name, logFile);
          log.accept("  eval failed: see " + logFile);
          continue;
        }
        line.put("iwae_nll", eval.path("iwae_nll").asDouble(Double.NaN));
        line.put("iwae_k", plan.iwaeSamples());
        line.put("iwae_examples", plan.iwaeLimit());
      }
      line.put("export_path", export);
      line.put("seconds", (System.nanoTime() - start) / 1e9);
      results.append(line);
      trained.add(name);
      log.accept(String.format(Locale.ROOT, "  recon %.2f, kl %.2f, neg_elbo %.2f (%.0f s)",
          (double) line.get("recon"), (double) line.get("kl"), (double) line.get("neg_elbo"),
          (double) line.get("seconds")));
    }
    return new Outcome(trained, skipped, failed);
  }

  /**
   * The rate–distortion picture of {@code rows} (results lines): one line per hidden layers and β,
   * through the latent sizes, each point labelled with its latent size.
   */
  public static BufferedImage rateDistortion(String title, List<JsonNode> rows) {
    Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
    for (JsonNode r : rows) {
      groups.computeIfAbsent(seriesName(r), k -> new ArrayList<>()).add(r);
    }
    Map<String, double[][]> series = new LinkedHashMap<>();
    Map<String, List<String>> labels = new LinkedHashMap<>();
    for (Map.Entry<String, List<JsonNode>> e : groups.entrySet()) {
      List<JsonNode> g = new ArrayList<>(e.getValue());
      g.sort(java.util.Comparator.comparingInt(r -> r.path("latent").asInt()));
      double[][] points = new double[g.size()][];
      List<String> l = new ArrayList<>();
      for (int i = 0; i < g.size(); i++) {
        points[i] = new double[] {g.get(i).path("kl").asDouble(), g.get(i).path("recon").asDouble()};
        l.add("L=" + g.get(i).path("latent").asInt());
      }
      series.put(e.getKey(), points);
      labels.put(e.getKey(), l);
    }
    return Charts.rateDistortion(title, series, labels);
  }

  /** {@code hidden 400, β 1}. */
  static String seriesName(JsonNode r) {
    List<String> hidden = new ArrayList<>();
    r.path("hidden").forEach(h -> hidden.add(h.asText()));
    return "hidden " + String.join(",", hidden) + ", β " + SweepRun.number(r.path("beta").asDouble());
  }

  private static JsonNode exportedValidation(JsonNode train) {
    int exported = train.path("exported_epoch").asInt(-1);
    JsonNode last = null;
    for (JsonNode epoch : train.path("epochs")) {
      last = epoch;
      if (epoch.path("epoch").asInt() == exported) {
        return epoch.path("validation");
      }
    }
    return last == null ? JSON.createObjectNode() : last.path("validation");
  }

  /**
   * Runs {@code mainClass ARGS} (the command line) in a new JVM with this one's class path, stderr appended to
   * {@code logFile}, on the kernels {@code ./tf-vae} gives a command that trains ({@code trains}) or one
   * that infers; its stdout (one JSON object), or null when it failed.
   */
  private static JsonNode child(String mainClass, List<String> args, Path logFile, boolean trains)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    Path stdout = Files.createTempFile("tf-vae-sweep-", ".json");
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(stdout.toFile())
          .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      if (trains) {
        TrainingKernels.forTraining(builder.environment());
      } else {
        TrainingKernels.forInference(builder.environment());
      }
      Process p = builder.start();
      Thread stop = new Thread(p::destroy);
      Runtime.getRuntime().addShutdownHook(stop);
      int code;
      try {
        code = p.waitFor();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: the child is being stopped
        }
      }
      if (code != 0) {
        Files.writeString(logFile, "tf-vae sweep: the process exited with code " + code + "\n",
            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        return null;
      }
      return JSON.readTree(Files.readString(stdout, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(stdout);
    }
  }
}
