package dev.tfvae.spark.cli;

import dev.tfvae.infer.InvalidModelException;
import dev.tfvae.infer.UntrustedModelException;
import dev.tfvae.spark.InvalidRowException;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;

/**
 * Maps a failure to the command line's exit code and a one-line message, looking through Spark's
 * wrappers (a task's exception reaches the driver as the cause of a {@code SparkException}) for the
 * exception that says what is wrong: 2 for bad usage or bad input (a bad row, a missing file or column,
 * a value out of range), 1 for runtime failures (a model tf-vae-infer refuses, missing TensorFlow natives,
 * I/O errors, anything else).
 */
final class ExitCodes {
  static final int OK = 0;
  static final int RUNTIME = 1;
  static final int BAD_INPUT = 2;

  private ExitCodes() {}

  /** The exit code and message of {@code failure}. */
  static Failure of(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    for (Throwable t : chain) {
      if (t instanceof InvalidModelException || t instanceof UntrustedModelException) {
        return new Failure(RUNTIME, t.getMessage());
      }
    }
    for (Throwable t : chain) {
      if (t instanceof InvalidRowException || t instanceof FileNotFoundException) {
        return new Failure(BAD_INPUT, t.getMessage());
      }
      if (t instanceof NoSuchFileException nsf) {
        return new Failure(BAD_INPUT, nsf.getReason() == null ? nsf.getFile() + ": not found"
            : nsf.getFile() + ": " + nsf.getReason());
      }
      if (t instanceof AnalysisException) {
        return new Failure(BAD_INPUT, t.getMessage());
      }
    }
    for (Throwable t : chain) {
      if (t instanceof IllegalStateException && t.getMessage() != null
          && t.getMessage().contains("tensorflow-core-native")) {
        return new Failure(RUNTIME, t.getMessage());
      }
    }
    Throwable root = chain.get(chain.size() - 1);
    if (root instanceof IllegalArgumentException) {
      return new Failure(BAD_INPUT, root.getMessage());
    }
    return new Failure(RUNTIME, failure.getMessage() == null ? failure.toString() : failure.getMessage());
  }

  /** An exit code and what to tell the user. */
  record Failure(int code, String message) {}
}
