package dev.tfvae.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfvae.core.model.Architecture;
import dev.tfvae.core.model.ModelSettings;
import dev.tfvae.train.pictures.ImageGrid;
import dev.tfvae.train.sweep.Sweep;
import dev.tfvae.train.sweep.SweepResults;
import dev.tfvae.train.sweep.SweepRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Train a VAE for every combination of --latent, --hidden and --beta, one process per run, and draw"
          + " the rate-distortion picture (held-out KL against reconstruction term) with the held-out"
          + " bound of each run in a table.",
      "Resumable: finished runs are appended to DIR/results.jsonl as they finish and skipped by a rerun;"
          + " an interrupted run continues from its last checkpoint. Exports go to DIR/models/<run>, each"
          + " process's stderr to DIR/logs/<run>.log, the picture to DIR/rate-distortion.png."
    })
final class SweepCommand implements Callable<Integer> {
  @Option(names = "--dataset", required = true, paramLabel = "D", description = "training data")
  String dataset;

  @Option(names = "--label-column", paramLabel = "NAME|INDEX", description = "csv:FILE only, as for train")
  String labelColumn;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "as for train")
  Path dataDir;

  @Option(names = "--latent", required = true, split = ",", paramLabel = "L[,L...]",
      description = "latent sizes, e.g. 2,5,10,20,50")
  List<Integer> latents;

  @Option(names = "--hidden", paramLabel = "N[,N...]",
      description = "hidden layers of one network, e.g. 400 or 512,256; repeat for several (default 400)")
  List<String> hiddens;

  @Option(names = "--beta", split = ",", paramLabel = "B[,B...]",
      description = "KL weights of the training loss, e.g. 0.5,1,4 (default 1)")
  List<Double> betas;

  @Option(names = "--arch", paramLabel = "mlp|conv", description = "(default ${DEFAULT-VALUE})")
  String arch = "mlp";

  @Option(names = "--epochs", description = "per run (default ${DEFAULT-VALUE})")
  int epochs = TrainingOptions.DEFAULTS.epochs();

  @Option(names = "--batch", description = "(default ${DEFAULT-VALUE})")
  int batch = TrainingOptions.DEFAULTS.batchSize();

  @Option(names = "--lr", description = "(default ${DEFAULT-VALUE})")
  double lr = TrainingOptions.DEFAULTS.learningRate();

  @Option(names = "--seed", description = "of every run (default ${DEFAULT-VALUE})")
  long seed = TrainingOptions.DEFAULTS.seed();

  @Option(names = "--threads", description = "as for train (default ${DEFAULT-VALUE})")
  int threads = TrainingOptions.DEFAULTS.threads();

  @Option(names = "--iwae", paramLabel = "K",
      description = "also compute each run's iwae_nll with K samples (eval --iwae K; default 0: off)")
  int iwae;

  @Option(names = "--iwae-limit", paramLabel = "N",
      description = "held-out examples for --iwae (default ${DEFAULT-VALUE})")
  int iwaeLimit = 1000;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "the sweep's folder")
  Path out;

  @Option(names = "--json", description = "print one JSON object (runs, picture) on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<List<Integer>> hidden = new ArrayList<>();
    for (String h : hiddens == null ? List.of("400") : hiddens) {
      hidden.add(parseHidden(h));
    }
    List<SweepRun> grid = SweepRun.grid(latents, hidden, betas == null ? List.of(1.0) : betas);
    for (SweepRun run : grid) {
      ModelSettings.builder().arch(Architecture.parse(arch)).latentDim(run.latent())
          .hidden(run.hidden()).beta(run.beta()).build();
    }
    if (iwae < 0 || iwae > 10_000 || iwaeLimit < 1) {
      throw new IllegalArgumentException("--iwae must be in 0..10000 and --iwae-limit positive: " + iwae
          + ", " + iwaeLimit);
    }
    List<String> trainArgs = new ArrayList<>(List.of(
        "--dataset", dataset, "--arch", arch, "--epochs", Integer.toString(epochs),
        "--batch", Integer.toString(batch), "--lr", Double.toString(lr), "--seed", Long.toString(seed),
        "--threads", Integer.toString(threads)));
    if (labelColumn != null) {
      trainArgs.addAll(List.of("--label-column", labelColumn));
    }
    if (dataDir != null) {
      trainArgs.addAll(List.of("--data-dir", dataDir.toString()));
    }
    String settings = String.join(" ", trainArgs)
        + (iwae > 0 ? " --iwae " + iwae + " --iwae-limit " + iwaeLimit : "");
    Sweep.Outcome outcome = Sweep.run(out, grid,
        new Sweep.Plan(settings, trainArgs, iwae, iwaeLimit, TfVaeCli.class.getName()), System.err::println);

    List<JsonNode> rows = new SweepResults(out).of(grid);
    Path picture = out.resolve("rate-distortion.png");
    if (!rows.isEmpty()) {
      ImageGrid.write(Sweep.rateDistortion("rate and distortion, " + dataset + " (held-out)", rows), picture);
      System.err.println("wrote " + picture);
    }
    if (json) {
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("dataset", dataset);
      report.put("settings", settings);
      report.put("results", new SweepResults(out).file().toString());
      report.put("picture", rows.isEmpty() ? null : picture.toString());
      report.put("runs", rows);
      report.put("trained", outcome.trained());
      report.put("skipped", outcome.skipped());
      report.put("failed", outcome.failed().keySet());
      Json.print(report);
    } else {
      System.out.print(table(rows, iwae > 0));
      System.out.printf(Locale.ROOT, "%n%d runs: %d trained now, %d finished before, %d failed; held-out"
          + " figures in nats per example (neg_elbo is the test bound with one sampled z)%n",
          grid.size(), outcome.trained().size(), outcome.skipped().size(), outcome.failed().size());
    }
    outcome.failed().forEach((run, log) -> System.err.println("run " + run + " failed: see " + log));
    return outcome.failed().isEmpty() ? 0 : 1;
  }

  /** The results as a text table, in the grid's order. */
  static String table(List<JsonNode> rows, boolean iwae) {
    List<String> header = new ArrayList<>(List.of(
        "run", "latent", "hidden", "beta", "recon", "kl", "neg_elbo", "mse_per_pixel"));
    if (iwae) {
      header.add("iwae_nll");
    }
    TextTable t = new TextTable(header.toArray(String[]::new));
    for (JsonNode r : rows) {
      List<Object> cells = new ArrayList<>(List.of(
          r.path("run").asText(), r.path("latent").asInt(), r.path("hidden").toString(),
          TextTable.fixed(r.path("beta").asDouble(), 1), TextTable.fixed(r.path("recon").asDouble(), 2),
          TextTable.fixed(r.path("kl").asDouble(), 2), TextTable.fixed(r.path("neg_elbo").asDouble(), 2),
          TextTable.fixed(r.path("mse_per_pixel").asDouble(), 5)));
      if (iwae) {
        cells.add(TextTable.fixed(r.path("iwae_nll").asDouble(Double.NaN), 2));
      }
      t.row(cells.toArray());
    }
    return t.render();
  }

  private static List<Integer> parseHidden(String text) {
    List<Integer> out = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        out.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--hidden " + text + ": '" + part + "' is not a layer size");
      }
    }
    return out;
  }
}
