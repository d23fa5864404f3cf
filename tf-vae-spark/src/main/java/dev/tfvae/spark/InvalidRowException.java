package dev.tfvae.spark;

/**
 * A row that the model cannot take (wrong length, a null, a non-finite or out-of-range value), thrown
 * by a task when {@code handleInvalid} is {@code "error"}. The message names the partition, the row's
 * position in it, identifying columns of the row where there are any, the input column and the problem.
 */
public final class InvalidRowException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidRowException(String message) {
    super(message);
  }
}
