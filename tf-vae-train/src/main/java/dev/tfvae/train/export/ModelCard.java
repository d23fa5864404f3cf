package dev.tfvae.train.export;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import java.util.Locale;
import java.util.Map;

/** Renders {@code MODEL_CARD.md}: what the model is, how it was made, how well it does, how to use it. */
public final class ModelCard {
  private ModelCard() {}

  public static String render(String name, ModelManifest m) {
    StringBuilder s = new StringBuilder();
    s.append("# ").append(name).append("\n\n");
    s.append(String.format(Locale.ROOT,
        "A %s (%s likelihood) with %s, latent dimension %d (%,d parameters), "
            + "trained with tf-vae %s on `%s`.%n%n",
        m.config().kind() == dev.tfvae.core.model.ModelKind.VAE ? "variational autoencoder"
            : "plain autoencoder",
        m.config().likelihood().cliName(), describeNetworks(m.config()), m.config().latentDim(),
        new dev.tfvae.core.graph.ModelLayout(m.config()).parameterCount(),
        m.versions().tfVae(), m.dataset().name()));
    s.append("## How it was made\n\n");
    s.append("```\n").append(m.commandLine()).append("\n```\n\n");
    s.append(String.format(Locale.ROOT,
        "- seed %d, %d epochs, batch %d, Adam learning rate %s, %.0f training samples/s%n",
        m.training().seed(), m.training().epochs(), m.training().batchSize(),
        m.training().learningRate(), m.training().samplesPerSecond()));
    s.append(String.format(Locale.ROOT, "- data: %d training and %d validation examples of shape %s; %s%n",
        m.dataset().trainExamples(), m.dataset().validationExamples(), m.config().inputShape(),
        m.preprocessing().description()));
    for (ModelManifest.FileDigest f : m.dataset().files()) {
      s.append("  - `").append(f.name()).append("` sha256 ").append(f.sha256()).append('\n');
    }
    s.append("- created ").append(m.createdAt()).append(" with TensorFlow Java ")
        .append(m.versions().tensorflowJava()).append(", Java ").append(m.versions().java())
        .append("\n\n");
    s.append("## Validation figures (final epoch, β = 1, mean per example)\n\n| metric | value |\n|---|---|\n");
    for (Map.Entry<String, Double> e : m.validationMetrics().entrySet()) {
      s.append(String.format(Locale.ROOT, "| %s | %.6g |%n", e.getKey(), e.getValue()));
    }
    s.append("\n## Signatures (tag `").append(SignatureContract.TAG).append("`)\n\n");
    SignatureContract.signatures(m.config().kind()).forEach((key, keys) ->
        s.append("- `").append(key).append("`: ").append(keys.inputs()).append(" → ")
            .append(keys.outputs()).append('\n'));
    if (m.preprocessing().standardization() != null) {
      s.append("\nThe graph standardises its inputs with the training data's column means and standard ")
          .append("deviations (in the manifest) and maps `reconstruction`, `samples` back: inputs and ")
          .append("outputs are in the table's own units; scores are in standardised units.\n");
    }
    s.append("\n`score` evaluates the reconstruction term at z = μ, so a score depends on the input only.\n\n");
    s.append("## Use\n\nJVM: `VaeModel.load(Path.of(\"...\"))` from `dev.tfvae:tf-vae-infer`. ")
        .append("TF Serving: mount the folder that holds this version folder as a model base path.\n");
    return s.toString();
  }

  private static String describeNetworks(dev.tfvae.core.model.VaeConfig c) {
    return switch (c.arch()) {
      case MLP -> "an MLP encoder/decoder with hidden layers " + c.hidden();
      case CONV -> "a convolutional encoder/decoder with stride-2 filters " + c.hidden();
    };
  }

  /** Renders the card of an existing version folder from its manifest, to {@code MODEL_CARD.md}. */
  public static void main(String[] args) throws java.io.IOException {
    for (String arg : args) {
      java.nio.file.Path version = java.nio.file.Path.of(arg);
      ModelManifest m = ModelManifest.read(version);
      String name = version.toAbsolutePath().normalize().getParent().getFileName().toString();
      java.nio.file.Files.writeString(version.resolve(SignatureContract.MODEL_CARD), render(name, m));
    }
  }
}
