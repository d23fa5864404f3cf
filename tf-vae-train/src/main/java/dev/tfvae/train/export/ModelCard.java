package dev.tfvae.train.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.infer.ModelValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Renders {@code MODEL_CARD.md}: what the model is, how it was made, how well it does, how to use it. */
public final class ModelCard {
  private ModelCard() {}

  /**
   * The card of a model that this version of tf-vae exports: its signatures are those of the contract
   * and every extension for its kind.
   */
  public static String render(String name, ModelManifest m) {
    Map<String, SignatureContract.Keys> signatures =
        new LinkedHashMap<>(SignatureContract.signatures(m.config()));
    signatures.putAll(SignatureContract.extensions(m.config()));
    return render(name, m, signatures);
  }

  /**
   * The card of {@code m} with {@code signatures} (every signature the SavedModel has, by key). The
   * model, training settings and data set-up are listed from the manifest's own JSON, key by key, so the
   * card shows every recorded setting under its manifest name.
   */
  public static String render(String name, ModelManifest m, Map<String, SignatureContract.Keys> signatures) {
    JsonNode json = tree(m);
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
    if (m.config().conditional()) {
      s.append(String.format(Locale.ROOT,
          "Conditional: encoder and decoder both take the one-hot label (input `%s`, %d classes%s) in"
              + " every signature; the prior is N(0, I).%n%n", SignatureContract.LABEL,
          m.config().classes(), m.dataset().labelNames().isEmpty() ? ""
              : ": " + String.join(", ", m.dataset().labelNames())));
    }
    if (m.training().settings() != null && m.training().settings().denoising()) {
      s.append(String.format(Locale.ROOT,
          "Denoising: trained on corrupted inputs (Gaussian noise σ = %s, masking rate %s) to reconstruct"
              + " the clean ones.%n%n", m.training().settings().denoiseSigma(),
          m.training().settings().maskRate()));
    }
    s.append("## How it was made\n\n");
    s.append("```\n").append(m.commandLine()).append("\n```\n\n");
    s.append("- model: ").append(facts(json.get("config"), Set.of())).append('\n');
    s.append("- training: ").append(training(json)).append('\n');
    ModelManifest.TrainingInfo t = m.training();
    s.append(String.format(Locale.ROOT, "- exported epoch %d%s; %.0f training samples/s%n", t.epochs(),
        t.epochsTrained() == null ? "" : " of " + t.epochsTrained() + " trained", t.samplesPerSecond()));
    s.append(String.format(Locale.ROOT, "- data: %s; %d training and %d validation examples of shape %s; %s%n",
        facts(json.get("dataset"), Set.of("files", "train_examples", "validation_examples")),
        m.dataset().trainExamples(), m.dataset().validationExamples(), m.config().inputShape(),
        m.preprocessing().description()));
    for (ModelManifest.FileDigest f : m.dataset().files()) {
      s.append("  - `").append(f.name()).append("` sha256 ").append(f.sha256()).append('\n');
    }
    s.append("- created ").append(m.createdAt()).append(" with TensorFlow Java ")
        .append(m.versions().tensorflowJava()).append(", Java ").append(m.versions().java())
        .append("\n\n");
    s.append("## Validation figures (exported epoch, β = 1, mean per example)\n\n| metric | value |\n|---|---|\n");
    for (Map.Entry<String, Double> e : m.validationMetrics().entrySet()) {
      s.append(String.format(Locale.ROOT, "| %s | %s |%n", e.getKey(), figure(e.getValue())));
    }
    s.append("\n## Signatures (tag `").append(SignatureContract.TAG).append("`)\n\n");
    ordered(signatures).forEach((key, keys) ->
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

  /** {@code keys} in the order the contract lists them, then any others sorted. */
  private static Set<String> inContractOrder(Set<String> keys, Set<String> contract) {
    Set<String> out = new java.util.LinkedHashSet<>();
    contract.stream().filter(keys::contains).forEach(out::add);
    new java.util.TreeSet<>(keys).forEach(out::add);
    return out;
  }

  /** The contract's signatures first, in its order, then any others by key. */
  private static Map<String, SignatureContract.Keys> ordered(Map<String, SignatureContract.Keys> signatures) {
    Map<String, SignatureContract.Keys> out = new LinkedHashMap<>();
    for (String key : List.of(SignatureContract.SERVING_DEFAULT, SignatureContract.ENCODE,
        SignatureContract.DECODE, SignatureContract.GENERATE, SignatureContract.SCORE)) {
      if (signatures.containsKey(key)) {
        out.put(key, signatures.get(key));
      }
    }
    new TreeMap<>(signatures).forEach(out::putIfAbsent);
    return out;
  }

  /** A figure: whole numbers (counts) as integers, others to six significant digits. */
  private static String figure(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.6g", v);
  }

  /**
   * Every training setting the manifest records, as {@code key value} pairs under their manifest names
   * (for the model card and the HTML report).
   */
  public static String trainingSettings(ModelManifest m) {
    return training(tree(m));
  }

  private static String training(JsonNode manifest) {
    JsonNode settings = manifest.path("training").path("settings");
    return settings.isObject()
        ? facts(settings, Set.of())
        : facts(manifest.get("training"), Set.of("samples_per_second", "exported_epoch"))
            + " (the tf-vae that trained it recorded no other settings)";
  }

  /** The manifest as its JSON tree. */
  private static JsonNode tree(ModelManifest m) {
    try {
      return new ObjectMapper().readTree(m.toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the manifest's own JSON does not parse", e);
    }
  }

  /**
   * {@code key value} for every field of {@code object} but {@code skip}, in the manifest's order;
   * {@code null} and empty values are left out.
   */
  private static String facts(JsonNode object, Set<String> skip) {
    List<String> out = new ArrayList<>();
    object.fields().forEachRemaining(field -> {
      JsonNode v = field.getValue();
      if (skip.contains(field.getKey()) || v.isNull() || (v.isContainerNode() && v.isEmpty())) {
        return;
      }
      out.add(field.getKey() + " " + text(v));
    });
    return String.join(", ", out);
  }

  private static String text(JsonNode v) {
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(item -> items.add(text(item)));
      return "[" + String.join(", ", items) + "]";
    }
    return v.isTextual() ? v.asText() : v.toString();
  }

  private static String describeNetworks(dev.tfvae.core.model.VaeConfig c) {
    return switch (c.arch()) {
      case MLP -> "an MLP encoder/decoder with hidden layers " + c.hidden();
      case CONV -> "a convolutional encoder/decoder with stride-2 filters " + c.hidden();
      case LINEAR -> "a linear encoder/decoder (no hidden layers) with one shared output variance";
    };
  }

  /**
   * The card of an existing version folder, from its manifest and the signatures its
   * {@code saved_model.pb} declares (read without loading the model), so a model exported before an
   * extension signature existed is described as it is.
   */
  public static String renderExisting(Path version) throws IOException {
    ModelValidator.Report report = ModelValidator.validate(version);
    Map<String, SignatureContract.Keys> contract =
        new LinkedHashMap<>(SignatureContract.signatures(report.manifest().config()));
    contract.putAll(SignatureContract.extensions(report.manifest().config()));
    Map<String, SignatureContract.Keys> signatures = new LinkedHashMap<>();
    report.signatures().forEach((key, spec) -> {
      SignatureContract.Keys promised = contract.get(key);
      signatures.put(key, new SignatureContract.Keys(
          inContractOrder(spec.inputs().keySet(), promised == null ? Set.of() : promised.inputs()),
          inContractOrder(spec.outputs().keySet(), promised == null ? Set.of() : promised.outputs())));
    });
    String name = version.toAbsolutePath().normalize().getParent().getFileName().toString();
    return render(name, report.manifest(), signatures);
  }

  /**
   * Rewrites {@code MODEL_CARD.md} of each version folder given from its manifest and signatures
   * ({@link #renderExisting}); nothing else in the folder changes. The shipped cards are made by it:
   * {@code java -cp "$(ls tf-vae-train/target/tf-vae-train.jar)" dev.tfvae.train.export.ModelCard
   * savedmodels/*}{@code /*}.
   */
  public static void main(String[] args) throws IOException {
    for (String arg : args) {
      Path version = Path.of(arg);
      Files.writeString(version.resolve(SignatureContract.MODEL_CARD), renderExisting(version));
      System.err.println("wrote " + version.resolve(SignatureContract.MODEL_CARD));
    }
  }
}
