package dev.tfvae.train.cli;

import dev.tfvae.core.model.Architecture;
import dev.tfvae.train.analysis.Comparison;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.training.TrainingConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Train a plain autoencoder and a VAE with the same networks and latent size, fit PCA with as many"
          + " components, and report side by side: held-out reconstruction error (mse_per_pixel), the VAE's"
          + " neg_elbo, and two continuity measures where lower is more continuous:",
      "prior_gap: mean squared distance from decoded N(0, I) samples to their nearest training example,"
          + " over the same for reconstructions of held-out examples (1 = samples as data-like as"
          + " reconstructions).",
      "path_jumpiness: largest over mean step between consecutive decoded points on straight latent paths"
          + " between held-out examples (1 = perfectly even)."
    })
final class CompareCommand implements Callable<Integer> {
  @Mixin DatasetOptions data;

  @Option(names = "--epochs", defaultValue = "10", description = "epochs for each network (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--latent", defaultValue = "20", description = "latent size = PCA components (default ${DEFAULT-VALUE})")
  int latent;

  @Option(names = "--arch", defaultValue = "mlp", paramLabel = "mlp|conv", description = "network shape (default ${DEFAULT-VALUE})")
  String arch;

  @Option(names = "--hidden", split = ",", paramLabel = "N[,N...]",
      description = "hidden sizes (mlp, default 400) or filters (conv, default 32,64)")
  List<Integer> hidden;

  @Option(names = "--seed", defaultValue = "42", description = "seed of both runs (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads, 0 = all cores (default)")
  int threads;

  @Option(names = "--out", defaultValue = "savedmodels", paramLabel = "DIR",
      description = "the two models are exported to DIR/<dataset>-ae and DIR/<dataset>-vae (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--pictures", paramLabel = "DIR",
      description = "also draw latent-map-{ae,vae,pca}.png, prior-samples.png and interpolations.png in DIR")
  Path pictures;

  @Option(names = "--json", description = "print one JSON object with sections ae, vae and pca on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    TrainingConfig config =
        TrainingConfig.builder()
            .arch(Architecture.parse(arch))
            .hidden(hidden)
            .latentDim(latent)
            .epochs(epochs)
            .seed(seed)
            .threads(threads)
            .build();
    Dataset dataset = data.load();
    String name = TrainCommand.defaultName(data.dataset);
    Comparison.Result result =
        Comparison.run(dataset, config, out, name, pictures, new ProgressReporter(epochs));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("dataset", dataset.name());
    report.put("latent", latent);
    report.put("epochs", epochs);
    report.put("ae", result.ae().asMap());
    report.put("vae", result.vae().asMap());
    report.put("pca", result.pca().asMap());
    if (json) {
      Json.print(report);
    } else {
      System.out.printf(Locale.ROOT, "%-6s %14s %10s %15s %10s%n", "", "mse_per_pixel", "prior_gap",
          "path_jumpiness", "neg_elbo");
      print("ae", result.ae());
      print("vae", result.vae());
      print("pca", result.pca());
    }
    return 0;
  }

  private static void print(String name, Comparison.Section s) {
    System.out.printf(Locale.ROOT, "%-6s %14.5f %10.3f %15.3f %10s%n", name, s.msePerPixel(),
        s.priorGap(), s.pathJumpiness(), Double.isNaN(s.negElbo()) ? "-" : String.format(Locale.ROOT, "%.2f", s.negElbo()));
  }
}
