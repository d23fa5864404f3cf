package dev.tfvae.train.cli;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.train.compare.Comparison;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    resourceBundle = "dev.tfvae.train.cli.OptionTexts",
    description = {
      "Train a plain autoencoder and a VAE with the same networks and latent size, fit PCA with as many"
          + " components, and report side by side: held-out reconstruction error (mse_per_pixel), the VAE's"
          + " neg_elbo, and three continuity measures where lower is more continuous:",
      "prior_gap: mean squared distance from decoded N(0, I) samples to their nearest training example,"
          + " over the same for reconstructions of held-out examples (1 = samples as data-like as"
          + " reconstructions).",
      "path_jumpiness: largest over mean step between consecutive decoded points on straight latent paths"
          + " between held-out examples (1 = perfectly even).",
      "path_realism: relative distance from the decoded midpoints of those paths to their nearest training"
          + " example, over the same for the reconstructions of their endpoints (1 = midpoints as data-like"
          + " as the ends).",
      "With --arch linear also: the principal angles between each decoder's subspace and PCA's, and how far"
          + " its basis is from orthogonal (largest |cosine| between two columns, condition of WᵀW)."
    })
final class CompareCommand implements Callable<Integer> {
  @Mixin DatasetOptions data;

  @Mixin ModelOptions modelOptions;

  @Mixin TrainingOptions trainingOptions;

  @Mixin ProgressOptions progress;

  @Option(names = "--out", paramLabel = "DIR",
      description = "keep the two models: export them to DIR/<dataset>-ae and DIR/<dataset>-vae (default:"
          + " they are measured and then deleted)")
  Path out;

  @Option(names = "--pictures", paramLabel = "DIR",
      description = "also draw latent-map-{ae,vae,pca}.png, prior-samples.png and interpolations.png in DIR")
  Path pictures;

  @Option(names = "--json", description = "print one JSON object with sections ae, vae and pca on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    TrainingConfig config =
        new TrainingConfig(
            modelOptions.settings(ModelKind.VAE), trainingOptions.settings(), null, false, null);
    Dataset dataset = data.load();
    String name = TrainCommand.defaultName(data.dataset);
    Path models = out != null ? out : Files.createTempDirectory("tf-vae-compare-models-");
    Comparison.Result result;
    try {
      result = Comparison.run(dataset, config, models, name, pictures,
          progress.reporter(config.settings().epochs()));
    } finally {
      if (out == null) {
        MoreFiles.deleteRecursively(models, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    }
    if (out == null) {
      System.err.println("the two models were measured and not kept (pass --out DIR to keep them)");
    } else {
      System.err.println("exported " + result.ae().exportPath() + " and " + result.vae().exportPath());
    }
    if (pictures != null) {
      System.err.println("pictures in " + pictures);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("dataset", dataset.name());
    report.put("latent", config.model().latentDim());
    report.put("epochs", config.settings().epochs());
    report.put("ae", kept(result.ae()));
    report.put("vae", kept(result.vae()));
    report.put("pca", result.pca().asMap());
    if (json) {
      Json.print(report);
    } else {
      TextTable t = new TextTable(
          "", "mse_per_pixel", "prior_gap", "path_jumpiness", "path_realism", "neg_elbo");
      row(t, "ae", result.ae());
      row(t, "vae", result.vae());
      row(t, "pca", result.pca());
      System.out.print(t.render());
      if (result.pca().linear() != null) {
        TextTable l = new TextTable(
            "", "max_angle_deg", "mean_angle_deg", "basis_max_cosine", "basis_rms_cosine",
            "basis_condition");
        linearRow(l, "ae", result.ae().linear());
        linearRow(l, "vae", result.vae().linear());
        linearRow(l, "pca", result.pca().linear());
        System.out.printf("%nthe decoders' subspaces against PCA's %d components:%n",
            config.model().latentDim());
        System.out.print(l.render());
      }
      System.out.printf(Locale.ROOT, "%non the %,d held-out examples of %s, latent %d: mse_per_pixel in"
          + " squared model-input units per value, neg_elbo in nats per example; prior_gap, path_jumpiness"
          + " and path_realism are ratios, lower is more continuous%n",
          dataset.validation().count(), dataset.name(), config.model().latentDim());
    }
    return 0;
  }

  /** A section's figures, with its export path only when the model was kept. */
  private Map<String, Object> kept(Comparison.Section s) {
    Map<String, Object> map = new LinkedHashMap<>(s.asMap());
    if (out == null) {
      map.remove("export_path");
    }
    return map;
  }

  private static void row(TextTable t, String name, Comparison.Section s) {
    t.row(name, TextTable.fixed(s.msePerPixel(), 5), TextTable.fixed(s.priorGap(), 3),
        TextTable.fixed(s.pathJumpiness(), 3), TextTable.fixed(s.pathRealism(), 3),
        TextTable.fixed(s.negElbo(), 2));
  }

  private static void linearRow(TextTable t, String name, Comparison.LinearFit f) {
    double mean = java.util.Arrays.stream(f.anglesDegrees()).average().orElse(Double.NaN);
    t.row(name, TextTable.fixed(f.maxAngle(), 2), TextTable.fixed(mean, 2),
        TextTable.fixed(f.orthogonality().maxCosine(), 3), TextTable.fixed(f.orthogonality().offDiagonal(), 3),
        TextTable.fixed(f.orthogonality().condition(), 1));
  }
}
