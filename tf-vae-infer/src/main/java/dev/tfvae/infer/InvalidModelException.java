package dev.tfvae.infer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A SavedModel does not satisfy the tf-vae contract; the message lists every problem found. */
public final class InvalidModelException extends IOException {
  private static final long serialVersionUID = 1L;

  InvalidModelException(Path model, List<ModelValidator.Problem> problems) {
    super(model + ": not a valid tf-vae model:\n  " + String.join("\n  ",
        problems.stream().map(Object::toString).toList()));
  }
}
