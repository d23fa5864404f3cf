package dev.tfvae.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the learning rate changes over the steps of a run. */
public enum LearningRateSchedule {
  /** The base rate at every step. */
  CONSTANT,
  /** Cosine decay from the base rate at step 0 to 0 after the last step: lr·½(1 + cos(π·t/T)). */
  COSINE;

  /** The rate of step {@code step} (0-based) of {@code totalSteps}. */
  public double rate(double base, long step, long totalSteps) {
    return switch (this) {
      case CONSTANT -> base;
      case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * step / (double) totalSteps));
    };
  }

  /** Whether the rate of a step depends on the length of the run (so on the number of epochs). */
  public boolean dependsOnRunLength() {
    return this != CONSTANT;
  }

  /** The command-line and manifest spelling. */
  @JsonValue
  public String cliName() {
    return CliNames.of(this);
  }

  /** Parses the command-line spelling, case-insensitively. */
  @JsonCreator
  public static LearningRateSchedule parse(String text) {
    return CliNames.parse(LearningRateSchedule.class, text, "learning-rate schedule");
  }
}
