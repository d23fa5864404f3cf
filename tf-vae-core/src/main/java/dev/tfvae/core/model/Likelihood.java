package dev.tfvae.core.model;

/** The decoder's output distribution p(x | z), which defines the reconstruction term of the loss. */
public enum Likelihood {
  /**
   * Independent Bernoulli per dimension; the decoder outputs logits and the reconstruction term is the
   * binary cross-entropy summed over dimensions. Suited to data scaled to [0, 1] such as pixels.
   */
  BERNOULLI;

  @com.fasterxml.jackson.annotation.JsonValue
  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses the command-line spelling, case-insensitively. */
  @com.fasterxml.jackson.annotation.JsonCreator
  public static Likelihood parse(String text) {
    for (Likelihood value : values()) {
      if (value.cliName().equalsIgnoreCase(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "unknown likelihood '" + text + "'; expected one of " + java.util.Arrays.stream(values()).map(Likelihood::cliName).toList());
  }
}
