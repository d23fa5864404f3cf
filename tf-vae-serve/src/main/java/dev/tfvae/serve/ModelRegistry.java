package dev.tfvae.serve;

import dev.tfvae.infer.ModelPaths;
import dev.tfvae.infer.VaeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versions of one model base folder ({@code savedmodels/NAME/1, 2, …}) as TF Serving sees them: the
 * newest version is served by default and a newly exported one is picked up on the next request after at
 * most {@link #RESCAN_MILLIS} (exports appear atomically, so a half-written version is never seen). An
 * explicitly requested older version is loaded on demand. At most {@link #MAX_LOADED} versions stay
 * loaded; the oldest others are closed (a close waits for the calls running on it).
 */
final class ModelRegistry implements AutoCloseable {
  static final long RESCAN_MILLIS = 1000;
  static final int MAX_LOADED = 3;

  /** One version's state: loaded, or failed to load with a reason. */
  record VersionStatus(int version, boolean available, String error) {}

  private final Path baseDir;
  private final boolean trustAllOps;
  private final Map<Integer, VaeModel> loaded = new ConcurrentHashMap<>();
  private final Map<Integer, String> failed = new ConcurrentHashMap<>();
  private volatile int newest = -1;
  private volatile long scannedAt;
  private boolean closed;

  ModelRegistry(Path baseDir, boolean trustAllOps) throws IOException {
    if (!Files.isDirectory(baseDir)) {
      throw new java.nio.file.NoSuchFileException(baseDir.toString(), null, "model base folder not found");
    }
    this.baseDir = baseDir;
    this.trustAllOps = trustAllOps;
    rescan(true);
    if (newest < 0) {
      throw new IllegalArgumentException(
          baseDir + " holds no loadable version folder (1, 2, …)" + (failed.isEmpty() ? "" : ": " + failed));
    }
  }

  /** The model name: the base folder's name. */
  String name() {
    return baseDir.toAbsolutePath().normalize().getFileName().toString();
  }

  /** The newest loadable version. */
  synchronized Served latest() {
    rescan(false);
    if (newest < 0) {
      throw new ApiException(503, "no version of model " + name() + " is loadable");
    }
    return new Served(newest, loaded.get(newest));
  }

  /** Version {@code v}, loading it if it exists. */
  synchronized Served version(int v) {
    VaeModel model = loaded.get(v);
    if (model == null) {
      Path dir = baseDir.resolve(Integer.toString(v));
      if (!Files.isDirectory(dir)) {
        throw ApiException.notFound("model " + name() + " has no version " + v);
      }
      model = load(v, dir);
      if (model == null) {
        throw new ApiException(503, "version " + v + " of model " + name() + " cannot be loaded: " + failed.get(v));
      }
      evict();
    }
    return new Served(v, model);
  }

  /** A loaded model and its version number. */
  record Served(int version, VaeModel model) {}

  /** Every version folder and whether it is available. */
  synchronized List<VersionStatus> status() {
    rescan(false);
    List<VersionStatus> out = new ArrayList<>();
    for (int v : versionsOnDisk()) {
      out.add(new VersionStatus(v, loaded.containsKey(v), failed.get(v)));
    }
    return out;
  }

  private void rescan(boolean force) {
    long now = System.currentTimeMillis();
    if (!force && now - scannedAt < RESCAN_MILLIS) {
      return;
    }
    scannedAt = now;
    List<Integer> versions = versionsOnDisk();
    for (int i = versions.size() - 1; i >= 0; i--) {
      int v = versions.get(i);
      if (v <= newest) {
        break;
      }
      if (failed.containsKey(v)) {
        continue;
      }
      if (loaded.containsKey(v) || load(v, baseDir.resolve(Integer.toString(v))) != null) {
        newest = v;
        evict();
        break;
      }
    }
  }

  private List<Integer> versionsOnDisk() {
    try {
      return ModelPaths.versions(baseDir);
    } catch (IOException e) {
      return List.of();
    }
  }

  private VaeModel load(int v, Path dir) {
    try {
      VaeModel.Loader loader = VaeModel.loader(ModelPaths.resolveVersion(dir));
      VaeModel model = (trustAllOps ? loader.trustAllOps() : loader).load();
      loaded.put(v, model);
      failed.remove(v);
      return model;
    } catch (IOException | RuntimeException e) {
      failed.put(v, e.getMessage());
      return null;
    }
  }

  /** Keeps the newest version and the most recent others, up to {@link #MAX_LOADED}. */
  private void evict() {
    TreeMap<Integer, VaeModel> byVersion = new TreeMap<>(loaded);
    while (byVersion.size() > MAX_LOADED) {
      int oldest = byVersion.firstKey();
      if (oldest == newest) {
        break;
      }
      VaeModel model = byVersion.remove(oldest);
      loaded.remove(oldest);
      model.close();
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      loaded.values().forEach(VaeModel::close);
      loaded.clear();
    }
  }
}
