package dev.tfvae.core.graph;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.op.Ops;

/**
 * Gives ops slash-separated names ({@code encoder/dense0/kernel}) under one root.
 *
 * <p>TF Java makes every {@code withSubScope(name)} call unique ({@code encoder}, {@code encoder_1}, …),
 * so asking twice for the same folder would scatter its ops. This class creates each sub-scope once and
 * hands out the same one afterwards, so names are exactly the paths asked for.
 */
final class NamedScopes {
  private final Ops root;
  private final Map<String, Ops> folders = new HashMap<>();

  NamedScopes(Ops root) {
    this.root = root;
  }

  /** Ops whose next op is named {@code path} ("a/b/c": op c in folder a/b). */
  Ops named(String path) {
    int slash = path.lastIndexOf('/');
    Ops folder = slash < 0 ? root : folder(path.substring(0, slash));
    return folder.withName(path.substring(slash + 1));
  }

  /** The (single) scope of folder {@code path}. */
  Ops folder(String path) {
    Ops cached = folders.get(path);
    if (cached != null) {
      return cached;
    }
    int slash = path.lastIndexOf('/');
    Ops parent = slash < 0 ? root : folder(path.substring(0, slash));
    Ops scope = parent.withSubScope(path.substring(slash + 1));
    folders.put(path, scope);
    return scope;
  }
}
