package dev.tfvae.spark;

import java.util.Locale;

/** What {@link VaeTransformer} does with a row the model cannot take (Spark ML's {@code handleInvalid}). */
enum HandleInvalid {
  /** Fail the job, naming the row. */
  ERROR,
  /** Leave the row out of the result. */
  SKIP,
  /** Keep the row with null outputs and the problem in the error column. */
  KEEP;

  static final String[] NAMES = {"error", "skip", "keep"};

  static HandleInvalid of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
