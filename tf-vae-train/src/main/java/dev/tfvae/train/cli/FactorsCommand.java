package dev.tfvae.train.cli;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.infer.ModelPaths;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.FactorTable;
import dev.tfvae.train.data.ShapesDataset;
import dev.tfvae.train.factors.FactorAnalysis;
import dev.tfvae.train.factors.TableFactorAnalysis;
import dev.tfvae.train.pictures.ImageGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "factors",
    mixinStandardHelpOptions = true,
    description = {
      "What models learned about known factors, one table row per model and factor: for a model trained"
          + " on shapes, the generator's (shape kind, scale, orientation of ellipses as cos 2θ, x, y); for a"
          + " table model, the columns --factor-columns names in the table --dataset csv:FILE (the model's"
          + " columns plus the factor columns; other columns are left alone).",
      "mig: the factor's mutual information gap (1 = one latent dimension holds it alone); best_dim: the"
          + " dimension with the most information about it.",
      "gain: an attribute vector learned by regressing μ on all factors, applied to held-out examples at"
          + " ±0.5 and ±1 standard deviations, and the factor measured on the decoded image itself"
          + " (centroid, area, second moments; a table's factor by a linear read-out fitted on its real"
          + " rows, whose held-out R² is read_out_r2): measured change per requested change (1 = as asked).",
      "max_leak: the largest change of another factor per requested change, in standard deviations"
          + " (0 = the others are left alone).",
      "Also the MIG of each model and, for a VAE, the mean KL of each latent dimension; --pictures draws"
          + " per factor the traversal of its most informative dimension."
    })
final class FactorsCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "a model trained on shapes, or a table model with --dataset (a version folder or a"
          + " base folder); repeat to compare")
  List<Path> models;

  @Option(names = "--dataset", paramLabel = "csv:FILE",
      description = "for table models: a CSV with a header holding the models' columns and the factor"
          + " columns (nine rows in ten, by the fixed hold-out of training, fit the attribute vectors and"
          + " read-outs; the rest are measured)")
  String dataset;

  @Option(names = "--factor-columns", split = ",", paramLabel = "NAME[,NAME…]",
      description = "with --dataset: the columns that hold factors (numbers: continuous, edited and"
          + " measured; text: categorical, MIG only)")
  List<String> factorColumns;

  @Option(names = "--categorical", split = ",", paramLabel = "NAME[,NAME…]",
      description = "factor columns of numbers to take as category codes (the model's label column is"
          + " one without being named)")
  List<String> categorical = new ArrayList<>();

  @Option(names = "--examples", paramLabel = "N",
      description = "held-out images (or a factor table's held-out rows, at most as many as it has) to"
          + " measure, 100..2000 (default ${DEFAULT-VALUE})")
  int examples = 1000;

  @Option(names = "--pictures", paramLabel = "DIR",
      description = "write factors-<model>.png (one traversal row per factor) into DIR")
  Path pictures;

  @Option(names = "--json", description = "print one JSON object with a section per model on stdout")
  boolean json;

  /** The factor table, read once for every table model (they must share its columns). */
  private FactorTable factorTable;

  @Override
  public Integer call() throws Exception {
    if (examples < 100 || examples > FactorAnalysis.MAX_EXAMPLES) {
      throw new IllegalArgumentException(
          "--examples must be in 100.." + FactorAnalysis.MAX_EXAMPLES + ": " + examples);
    }
    if ((dataset == null) != (factorColumns == null)) {
      throw new IllegalArgumentException(dataset == null
          ? "--factor-columns needs --dataset csv:FILE, the table that holds them"
          : "--dataset " + dataset + " needs --factor-columns naming its factor columns");
    }
    if (dataset != null && !dataset.startsWith("csv:")) {
      throw new IllegalArgumentException("--dataset takes csv:FILE (a table with the model's columns and"
          + " the factor columns), not '" + dataset + "'; models trained on shapes need no --dataset");
    }
    if (dataset != null && pictures != null) {
      throw new IllegalArgumentException("--pictures draws images; a table model's traversals are rows"
          + " (./tf-vae traverse writes them)");
    }
    if (pictures != null) {
      Files.createDirectories(pictures);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> sections = new ArrayList<>();
    TextTable table = new TextTable(
        "model", "factor", "mig", "best_dim", "gain", "max_leak", "leak_into", "read_out_r2");
    TextTable summary = new TextTable("model", "kind", "beta", "mig", "active_dims", "kl_per_dim");
    for (Path given : models) {
      Path version = ModelPaths.resolveVersion(given);
      try (VaeModel m = VaeModel.load(version)) {
        String name = version.getParent().getFileName() + "/" + version.getFileName();
        FactorAnalysis.Report r = analyse(m, version, name);
        VaeConfig c = m.manifest().config();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("model", version.toString());
        section.put("kind", c.kind().cliName());
        section.put("beta", c.beta());
        section.putAll(r.asMap());
        sections.add(section);
        for (FactorAnalysis.Factor f : r.factors()) {
          String leakInto = f.leaks().entrySet().stream()
              .max(Map.Entry.comparingByValue((a, b) -> Double.compare(Math.abs(a), Math.abs(b))))
              .map(Map.Entry::getKey).orElse("-");
          table.row(name, f.factor(), TextTable.fixed(f.mig(), 3), "z" + f.bestDim(),
              TextTable.fixed(f.gain(), 2), TextTable.fixed(f.maxLeak(), 2), leakInto,
              Double.isNaN(f.readOutR2()) ? "-" : TextTable.fixed(f.readOutR2(), 3));
        }
        summary.row(name, c.kind().cliName(), TextTable.fixed(c.beta(), 1), TextTable.fixed(r.mig(), 3),
            r.klPerDim() == null ? "-" : Long.toString(activeDims(r.klPerDim())),
            r.klPerDim() == null ? "- (no posterior variance)" : klList(r.klPerDim()));
        if (pictures != null) {
          Path file = pictures.resolve("factors-" + name.replace('/', '-') + ".png");
          ImageGrid.write(FactorAnalysis.traversals(m, r, examples,
              name + ": the most informative dimension per factor"), file);
          System.err.println("wrote " + file);
        }
      }
    }
    out.put("examples", measured());
    if (factorTable != null) {
      out.put("dataset", dataset);
      out.put("factor_columns", factorColumns);
    }
    out.put("models", sections);
    if (json) {
      Json.print(out);
    } else {
      System.out.print(table.render());
      System.out.println();
      System.out.print(summary.render());
      System.out.printf(Locale.ROOT, "%non the first %,d held-out %s; gain = measured change"
          + " of the factor per requested change (1 = as asked), leaks in standard deviations per"
          + " standard deviation asked (0 = untouched); kl_per_dim in nats%n",
          measured(),
          factorTable == null ? "images of shapes" : "rows of " + factorTable.file());
    }
    return 0;
  }

  /** The examples measured: {@code --examples}, or fewer where a factor table holds fewer held out. */
  private int measured() {
    return factorTable == null ? examples : Math.min(examples, factorTable.held().count());
  }

  private FactorAnalysis.Report analyse(VaeModel m, Path version, String name) throws IOException {
    String trainedOn = m.manifest().dataset().name();
    if (dataset == null) {
      if (!ShapesDataset.NAME.equals(trainedOn)) {
        throw new IllegalArgumentException(version + " was trained on " + trainedOn
            + "; its known factors come from a table: give --dataset csv:FILE --factor-columns A,B (the"
            + " generator's factors are recorded for the shapes dataset only)");
      }
      System.err.println("analysing " + name + " ...");
      return FactorAnalysis.run(m, examples);
    }
    ModelManifest.Standardization columns = m.manifest().preprocessing().standardization();
    if (columns == null) {
      throw new IllegalArgumentException(version + " was trained on " + trainedOn
          + ", not on a table: --dataset csv:FILE is for table models");
    }
    Path file = Path.of(dataset.substring("csv:".length()));
    if (factorTable == null) {
      Set<String> categories = new HashSet<>(categorical);
      String label = InputFiles.labelColumnName(m.manifest().dataset());
      if (label != null && factorColumns.contains(label)) {
        categories.add(label);
      }
      factorTable = FactorTable.read(file, columns.columns(), factorColumns, categories);
    } else if (!factorTable.columns().equals(columns.columns())) {
      throw new IllegalArgumentException(version + " takes the columns " + columns.columns()
          + ", unlike the models before it (" + factorTable.columns() + "); compare models of one table");
    }
    System.err.println("analysing " + name + " on " + file + " ...");
    return TableFactorAnalysis.run(m, factorTable, examples);
  }

  private static long activeDims(double[] kl) {
    return java.util.Arrays.stream(kl)
        .filter(v -> v >= dev.tfvae.train.analysis.LatentActivity.INACTIVE_BELOW).count();
  }

  private static String klList(double[] kl) {
    StringBuilder b = new StringBuilder();
    for (double v : kl) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
    }
    return b.toString();
  }
}
