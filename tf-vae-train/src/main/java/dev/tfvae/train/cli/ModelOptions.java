package dev.tfvae.train.cli;

import dev.tfvae.core.model.Architecture;
import dev.tfvae.core.model.Likelihood;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.ModelSettings;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The model options that {@code train} and {@code compare} share: {@code --arch}, {@code --hidden},
 * {@code --latent}, {@code --likelihood}, {@code --beta}. Their defaults are the initial values of
 * {@link ModelSettings#builder()}, which {@code --help} prints; the architectures' default hidden sizes
 * come from {@link Architecture#defaultHidden()} through {@link OptionTexts}.
 */
final class ModelOptions {
  private static final ModelSettings DEFAULTS = ModelSettings.builder().build();

  @Option(names = "--arch", paramLabel = "mlp|conv|linear",
      description = "mlp, conv (strided convolutions; images only) or linear (no hidden layers, gaussian"
          + " likelihood with one shared variance) (default ${DEFAULT-VALUE})")
  String arch = DEFAULTS.arch().cliName();

  @Option(names = "--hidden", split = ",", paramLabel = "N[,N...]",
      description = "mlp: hidden layer sizes, e.g. 400 or 512,256 (default ${bundle:hidden.mlp}); conv:"
          + " filters of the stride-2 convolutions (default ${bundle:hidden.conv})")
  List<Integer> hidden;

  @Option(names = "--latent",
      description = "latent dimensions (compare: also PCA's components) (default ${DEFAULT-VALUE})")
  int latent = DEFAULTS.latentDim();

  @Option(names = "--likelihood", paramLabel = "bernoulli|gaussian",
      description = "decoder distribution (default: bernoulli for pixels, gaussian for csv tables)")
  String likelihood;

  @Option(names = "--beta", description = "KL weight in the training loss (default ${DEFAULT-VALUE})")
  double beta = DEFAULTS.beta();

  /** The chosen model of {@code kind}; throws {@link IllegalArgumentException} naming a bad value. */
  ModelSettings settings(ModelKind kind) {
    return ModelSettings.builder()
        .kind(kind)
        .arch(Architecture.parse(arch))
        .hidden(hidden)
        .latentDim(latent)
        .likelihood(likelihood == null ? null : Likelihood.parse(likelihood))
        .beta(beta)
        .build();
  }
}
