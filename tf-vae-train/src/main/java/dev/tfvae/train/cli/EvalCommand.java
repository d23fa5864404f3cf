package dev.tfvae.train.cli;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.infer.ModelPaths;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.training.EvalMetrics;
import dev.tfvae.train.training.ModelEvaluation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Test-set metrics of an exported model: neg_elbo, neg_elbo_mu, recon, kl, "
        + "mse_per_pixel, active_units and, with --iwae K, iwae_nll.")
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "a version folder (savedmodels/NAME/3) or a base folder (its newest version)")
  Path model;

  @Mixin DatasetOptions data;

  @Mixin ImportanceOptions importance;

  @Option(names = "--limit", paramLabel = "N",
      description = "compute iwae_nll on the first N test examples only (default: all)")
  Integer limit;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    importance.requested();
    if (limit != null && limit <= 0) {
      throw new IllegalArgumentException("--limit must be positive, got " + limit);
    }
    Path version = ModelPaths.resolveVersion(model);
    ModelManifest manifest = ModelManifest.read(version);
    Dataset dataset = data.load(manifest.dataset());
    int iwaeLimit = limit == null ? dataset.validation().count() : limit;
    EvalMetrics m =
        ModelEvaluation.evaluate(
            version, manifest, dataset.validation(), importance.seed, importance.samples, iwaeLimit);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("model", version.toString());
      out.put("dataset", dataset.name());
      out.putAll(m.asMap());
      Json.print(out);
    } else {
      System.out.println("model   " + version);
      System.out.println("dataset " + dataset.name() + " (test split, " + m.examples() + " examples)");
      m.asMap().forEach((k, v) -> System.out.printf(Locale.ROOT, "%-14s %.6g%n", k, v));
    }
    return 0;
  }
}
