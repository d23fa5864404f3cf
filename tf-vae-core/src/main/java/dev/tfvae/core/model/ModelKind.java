package dev.tfvae.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which kind of autoencoder a configuration describes. */
public enum ModelKind {
  /** Variational autoencoder: encoder outputs a mean and a log-variance, codes are sampled, KL to N(0, I). */
  VAE,
  /** Deterministic autoencoder: the encoder's mean is the code; no sampling, no KL term. */
  AE;

  /** The spelling used on the command line and in manifests ({@code vae}, {@code ae}). */
  @JsonValue
  public String cliName() {
    return CliNames.of(this);
  }

  /** Parses the command-line spelling, case-insensitively. */
  @JsonCreator
  public static ModelKind parse(String text) {
    return CliNames.parse(ModelKind.class, text, "model kind");
  }
}
