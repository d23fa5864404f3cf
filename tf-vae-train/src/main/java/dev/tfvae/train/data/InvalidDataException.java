package dev.tfvae.train.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file exists but its content is not what it claims to be (wrong magic number, truncated, a header
 * that lies about its size, …). The message names the file and the problem.
 */
public final class InvalidDataException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidDataException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public InvalidDataException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
