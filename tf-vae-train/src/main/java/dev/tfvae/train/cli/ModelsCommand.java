package dev.tfvae.train.cli;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.infer.ModelPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "List the models under a folder (default savedmodels) and their versions: kind, architecture, data,"
          + " latent size, validation figures and creation time, best first per model (lowest validation"
          + " neg_elbo).",
      "Reads only the manifests (no TensorFlow): fast on any number of models. A folder that cannot be"
          + " read is listed as such; the others are still listed."
    })
final class ModelsCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "savedmodels",
      description = "a folder of model base folders (NAME/VERSION/…), or one base folder"
          + " (default ${DEFAULT-VALUE})")
  Path dir;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  /** One version folder whose manifest was read. */
  record Version(int number, Path path, ModelManifest manifest) {
    double negElbo() {
      return manifest.validationMetrics().getOrDefault("neg_elbo", Double.NaN);
    }
  }

  /** A model base folder: its readable versions, best first. */
  record Model(String name, Path path, int newest, List<Version> versions) {}

  /** A folder that looks like a model or a version but cannot be read as one. */
  record Unreadable(Path path, String problem) {}

  record Listing(List<Model> models, List<Unreadable> unreadable) {}

  @Override
  public Integer call() throws Exception {
    Listing listing = list(dir);
    if (json) {
      Json.print(asJson(dir, listing));
    } else {
      System.out.print(text(dir, listing));
    }
    return 0;
  }

  /** Reads every manifest under {@code dir}; unreadable folders are collected, not thrown. */
  static Listing list(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no such folder (models are listed from a"
          + " folder of NAME/VERSION folders, by default savedmodels)");
    }
    if (!Files.isDirectory(dir)) {
      throw new NotDirectoryException(dir.toString());
    }
    List<Model> models = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    if (Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      Path base = dir.toAbsolutePath().normalize().getParent();
      int number = ModelPaths.versionNumber(dir.getFileName().toString()).orElse(0);
      model(base == null ? dir : base, List.of(dir), number, models, unreadable);
    } else if (!ModelPaths.versions(dir).isEmpty()) {
      model(dir, children(dir), 0, models, unreadable);
    } else {
      for (Path child : children(dir)) {
        if (!Files.isDirectory(child)) {
          continue;
        }
        if (ModelPaths.versions(child).isEmpty()) {
          unreadable.add(new Unreadable(child, Files.isRegularFile(child.resolve("saved_model.pb"))
              ? "a version folder directly under " + dir + "; put it in a model folder (NAME/1)"
              : "holds no version folders (1, 2, …)"));
        } else {
          model(child, children(child), 0, models, unreadable);
        }
      }
    }
    models.sort(Comparator.comparing(Model::name));
    return new Listing(models, unreadable);
  }

  /** Reads the versions among {@code folders} of the model at {@code base}. */
  private static void model(Path base, List<Path> folders, int only, List<Model> models,
      List<Unreadable> unreadable) {
    List<Version> versions = new ArrayList<>();
    int newest = 0;
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      var number = ModelPaths.versionNumber(folder.getFileName().toString());
      if (number.isEmpty() && only == 0) {
        unreadable.add(new Unreadable(folder, "not a version folder (a positive integer); TF Serving"
            + " ignores it"));
        continue;
      }
      int n = number.orElse(only);
      newest = Math.max(newest, n);
      if (!Files.isRegularFile(folder.resolve("saved_model.pb"))) {
        unreadable.add(new Unreadable(folder, "no saved_model.pb"));
        continue;
      }
      try {
        versions.add(new Version(n, folder, ModelManifest.read(folder)));
      } catch (IOException | RuntimeException e) {
        String problem = TfVaeCli.describe(e);
        String prefix = folder + java.io.File.separator;
        unreadable.add(new Unreadable(folder,
            problem.startsWith(prefix) ? problem.substring(prefix.length()) : problem));
      }
    }
    if (versions.isEmpty()) {
      return;
    }
    versions.sort(Comparator.comparingDouble((Version v) -> Double.isNaN(v.negElbo())
            ? Double.POSITIVE_INFINITY : v.negElbo())
        .thenComparing(Comparator.comparingInt(Version::number).reversed()));
    models.add(new Model(base.getFileName() == null ? base.toString() : base.getFileName().toString(),
        base, newest, versions));
  }

  private static List<Path> children(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  static Map<String, Object> asJson(Path dir, Listing listing) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dir", dir.toString());
    List<Map<String, Object>> models = new ArrayList<>();
    for (Model model : listing.models()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", model.name());
      m.put("path", model.path().toString());
      m.put("newest_version", model.newest());
      List<Map<String, Object>> versions = new ArrayList<>();
      for (Version v : model.versions()) {
        ModelManifest mf = v.manifest();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("version", v.number());
        e.put("path", v.path().toString());
        e.put("kind", mf.config().kind().cliName());
        e.put("arch", mf.config().arch().cliName());
        e.put("hidden", mf.config().hidden());
        e.put("likelihood", mf.config().likelihood().cliName());
        e.put("input_shape", mf.config().inputShape());
        e.put("latent_dim", mf.config().latentDim());
        e.put("dataset", mf.dataset().name());
        e.put("exported_epoch", mf.training().epochs());
        e.put("neg_elbo", mf.validationMetrics().get("neg_elbo"));
        if (mf.validationMetrics().containsKey("iwae_nll")) {
          e.put("iwae_nll", mf.validationMetrics().get("iwae_nll"));
        }
        e.put("validation", mf.validationMetrics());
        e.put("created_at", mf.createdAt());
        versions.add(e);
      }
      m.put("versions", versions);
      models.add(m);
    }
    out.put("models", models);
    List<Map<String, Object>> bad = new ArrayList<>();
    for (Unreadable u : listing.unreadable()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("path", u.path().toString());
      e.put("problem", u.problem());
      bad.add(e);
    }
    out.put("unreadable", bad);
    return out;
  }

  static String text(Path dir, Listing listing) {
    int versions = listing.models().stream().mapToInt(m -> m.versions().size()).sum();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%s: %d model%s, %d version%s (best first per model, by validation neg_elbo)%n", dir,
        listing.models().size(), listing.models().size() == 1 ? "" : "s", versions,
        versions == 1 ? "" : "s"));
    if (!listing.models().isEmpty()) {
      boolean iwae = listing.models().stream().flatMap(m -> m.versions().stream())
          .anyMatch(v -> v.manifest().validationMetrics().containsKey("iwae_nll"));
      List<String> header = new ArrayList<>(List.of("model", "version", "kind", "arch", "data", "input",
          "latent", "epochs", "neg_elbo"));
      if (iwae) {
        header.add("iwae_nll");
      }
      header.add("created");
      TextTable t = new TextTable(header.toArray(String[]::new));
      for (Model model : listing.models()) {
        boolean first = true;
        for (Version v : model.versions()) {
          ModelManifest mf = v.manifest();
          List<Object> row = new ArrayList<>(List.of(first ? model.name() : "",
              TextTable.numeric(v.number() + (v.number() == model.newest() ? "*" : " ")),
              mf.config().kind().cliName(), mf.config().arch().cliName() + " " + join(mf.config().hidden()),
              mf.dataset().name(), input(mf.config()), mf.config().latentDim(), mf.training().epochs(),
              TextTable.fixed(v.negElbo(), 2)));
          if (iwae) {
            row.add(TextTable.fixed(mf.validationMetrics().getOrDefault("iwae_nll", Double.NaN), 2));
          }
          row.add(mf.createdAt());
          t.row(row.toArray());
          first = false;
        }
      }
      out.append('\n').append(t.render());
      out.append("\nneg_elbo").append(iwae ? ", iwae_nll" : "")
          .append(": validation figures of the exported epoch, nats per example (tables: standardised"
              + " units); * the newest version, which serve and --model BASE use\n");
    }
    if (!listing.unreadable().isEmpty()) {
      out.append("\nnot readable as models:\n");
      for (Unreadable u : listing.unreadable()) {
        out.append("  ").append(u.path()).append(": ").append(u.problem()).append('\n');
      }
    }
    return out.toString();
  }

  private static String join(List<Integer> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }

  /** "28×28", "28×28×3" or "8 columns". */
  private static String input(VaeConfig c) {
    List<Integer> s = c.inputShape();
    return s.size() == 1 ? s.get(0) + " columns"
        : String.join("×", s.stream().map(String::valueOf).toList());
  }

  /** The model in words: "vae, mlp [400], latent 20, bernoulli likelihood, input 28×28". */
  static String describeModel(VaeConfig c) {
    return String.format(Locale.ROOT, "%s%s, %s %s, latent %d, %s likelihood%s, input %s",
        c.conditional() ? "conditional " : "", c.kind().cliName(), c.arch().cliName(), c.hidden(),
        c.latentDim(), c.likelihood().cliName(), c.beta() == 1.0 ? "" : ", β " + c.beta(), input(c))
        + (c.conditional() ? " (" + c.classes() + " classes)" : "");
  }

  /** The data in words: "fashion-mnist, 60,000 training + 10,000 validation examples, epoch 10 exported". */
  static String describeData(ModelManifest m) {
    ModelManifest.DatasetInfo d = m.dataset();
    String labels = d.labelColumn() != null ? ", label column " + d.labelColumn() : "";
    String names = d.labelNames().isEmpty() ? "" : ", labels " + String.join(", ", d.labelNames());
    return String.format(Locale.ROOT, "%s, %,d training + %,d validation examples%s%s; epoch %d exported%s",
        d.name(), d.trainExamples(), d.validationExamples(), labels, names, m.training().epochs(),
        m.training().epochsTrained() == null ? "" : " of " + m.training().epochsTrained());
  }
}
