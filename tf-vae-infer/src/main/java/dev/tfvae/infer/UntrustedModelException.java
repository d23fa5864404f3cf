package dev.tfvae.infer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A SavedModel contains ops outside tf-vae's allowlist (file access, arbitrary code, …) and was not loaded.
 * Load it with {@link VaeModel.Loader#trustAllOps()} only if you trust where it came from.
 */
public final class UntrustedModelException extends IOException {
  private static final long serialVersionUID = 1L;
  private final Set<String> ops;

  UntrustedModelException(Path model, Set<String> ops) {
    super(
        model + ": refusing to load a SavedModel with ops outside the tf-vae allowlist: " + ops
            + " (a SavedModel is a program; use VaeModel.loader(path).trustAllOps() only for models "
            + "you trust)");
    this.ops = Set.copyOf(ops);
  }

  /** The op types that were refused. */
  public Set<String> ops() {
    return ops;
  }
}
