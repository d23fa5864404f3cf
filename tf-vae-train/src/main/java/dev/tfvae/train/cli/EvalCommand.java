package dev.tfvae.train.cli;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.infer.ModelPaths;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.training.EvalMetrics;
import dev.tfvae.train.training.ImportanceBound;
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
        + "mse_per_pixel, active_units and, with --iwae K, iwae_nll (of a conditional model: a bound on"
        + " −log p(x | label), and iwae_nll_marginal, a bound on −log p(x) with the label summed out,"
        + " at C times the cost).")
final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "a version folder (savedmodels/NAME/3) or a base folder (its newest version)")
  Path model;

  @Option(names = "--dataset", paramLabel = "D",
      description = "data whose validation (test) split is evaluated (default: the dataset the model was"
          + " trained on, read as it was for training)")
  String dataset;

  @Mixin DataSourceOptions source;

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
    Dataset data = source.load(dataset != null ? dataset : manifest.dataset().name(), manifest.dataset());
    DataMismatch.check(data, manifest, version);
    int iwaeLimit = limit == null ? data.validation().count() : limit;
    EvalMetrics m =
        ModelEvaluation.evaluate(
            version, manifest, data.validation(), importance.seed, importance.samples, iwaeLimit);
    double marginal = Double.NaN;
    if (importance.samples > 0 && manifest.config().classes() > 0) {
      try (VaeModel conditional = VaeModel.load(version)) {
        marginal = ImportanceBound.marginalMean(conditional, data.validation().head(iwaeLimit),
            importance.samples, importance.seed);
      }
    }
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("model", version.toString());
      out.put("dataset", data.name());
      out.putAll(m.asMap());
      if (!Double.isNaN(marginal)) {
        out.put("iwae_nll_marginal", marginal);
      }
      Json.print(out);
    } else {
      System.out.print(text(version, data.name(), manifest, m, marginal));
    }
    return 0;
  }

  /**
   * The figures for people: one aligned row each, with its unit and what it is ({@code marginal}: a
   * conditional model's bound on −log p(x), or NaN).
   */
  static String text(Path version, String dataset, ModelManifest manifest, EvalMetrics m, double marginal) {
    boolean table = manifest.preprocessing().standardization() != null;
    String values = table ? "value, standardised units" : "value";
    TextTable t = new TextTable("figure", "value", "unit", "what");
    t.row("neg_elbo", m.negElbo(), "nats", "negative ELBO, one sampled z per example");
    t.row("neg_elbo_mu", m.negElboMu(), "nats", "negative ELBO decoding z = μ");
    t.row("recon", m.recon(), "nats", "reconstruction term, sampled z");
    t.row("kl", m.kl(), "nats", "KL(q(z|x) ‖ N(0, I))");
    t.row("mse_per_pixel", m.msePerPixel(), "per " + values, "squared error of the reconstruction from μ");
    t.row("active_units", m.activeUnits(), "of " + manifest.config().latentDim() + " dimensions",
        "latent dimensions whose μ varies (variance > 0.01)");
    if (m.iwaeSamples() > 0) {
      t.row("iwae_nll", m.iwaeNll(), "nats", String.format(Locale.ROOT,
          "importance-weighted bound, K = %d, first %,d examples%s", m.iwaeSamples(), m.iwaeExamples(),
          manifest.config().classes() > 0 ? ", of −log p(x | label)" : ""));
    }
    if (!Double.isNaN(marginal)) {
      t.row("iwae_nll_marginal", marginal, "nats", String.format(Locale.ROOT,
          "bound on −log p(x), the label summed out with p(y) = 1/%d", manifest.config().classes()));
    }
    return String.format(Locale.ROOT, "model    %s%ndataset  %s, %s, %,d examples%n"
        + "(means per example, β = 1)%n%n", version, dataset,
        dataset.equals("fashion-mnist") || dataset.equals("mnist") || dataset.startsWith("idx:")
            ? "test split" : "held-out split",
        m.examples()) + t.render();
  }
}
