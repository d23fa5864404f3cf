package dev.tfvae.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The decoder's output distribution p(x | z), which defines the reconstruction term of the loss. */
public enum Likelihood {
  /**
   * Independent Bernoulli per dimension; the decoder outputs logits and the reconstruction term is the
   * binary cross-entropy summed over dimensions. Suited to data scaled to [0, 1] such as pixels.
   */
  BERNOULLI,
  /**
   * Independent Gaussian per dimension with the decoder's output as mean and a learned variance per
   * dimension (shared by all examples): {@code Σ ½((x − μ)²/σ² + log σ² + log 2π)}. Suited to real-valued
   * (standardised) data such as tables.
   */
  GAUSSIAN;

  @JsonValue
  public String cliName() {
    return CliNames.of(this);
  }

  /** Parses the command-line spelling, case-insensitively. */
  @JsonCreator
  public static Likelihood parse(String text) {
    return CliNames.parse(Likelihood.class, text, "likelihood");
  }
}
