package dev.tfvae.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a VAE's training steps minimise. Either way the reported figures (validation, {@code eval}) are
 * the true negative ELBO and the importance-weighted bound of the Loss definitions; only the training
 * objective changes.
 */
public enum Objective {
  /**
   * The negative ELBO with one sampled z per example and the analytic KL term: {@code recon + β·kl}
   * (with warm-up and free bits).
   */
  ELBO,
  /**
   * The negative importance-weighted bound of Burda et al. (2016) with K samples per example:
   * {@code −log (1/K Σ_k p(x|z_k) p(z_k)^β / q(z_k|x)^β)}, a log-sum-exp over the K samples. K = 1 is
   * the ELBO with a sampled rather than an analytic KL term; larger K is a tighter bound.
   */
  IWAE;

  /** The command-line and manifest spelling ({@code elbo}, {@code iwae}). */
  @JsonValue
  public String cliName() {
    return CliNames.of(this);
  }

  /** Parses the command-line spelling, case-insensitively. */
  @JsonCreator
  public static Objective parse(String text) {
    return CliNames.parse(Objective.class, text, "objective");
  }
}
