package dev.tfvae.infer;

import java.nio.file.Path;

/** A call on a {@link VaeModel} after {@link VaeModel#close()}. */
public final class ModelClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  ModelClosedException(Path model) {
    super("model " + model + " is closed");
  }
}
