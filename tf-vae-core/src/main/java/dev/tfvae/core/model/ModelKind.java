package dev.tfvae.core.model;

/** Which kind of autoencoder a configuration describes. */
public enum ModelKind {
  /** Variational autoencoder: encoder outputs a mean and a log-variance, codes are sampled, KL to N(0, I). */
  VAE,
  /** Deterministic autoencoder: the encoder's mean is the code; no sampling, no KL term. */
  AE;

  /** The spelling used on the command line and in manifests ({@code vae}, {@code ae}). */
  @com.fasterxml.jackson.annotation.JsonValue
  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses the command-line spelling, case-insensitively. */
  @com.fasterxml.jackson.annotation.JsonCreator
  public static ModelKind parse(String text) {
    for (ModelKind value : values()) {
      if (value.cliName().equalsIgnoreCase(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "unknown modelkind '" + text + "'; expected one of " + java.util.Arrays.stream(values()).map(ModelKind::cliName).toList());
  }
}
