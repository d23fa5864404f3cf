package dev.tfvae.spark.models;

import dev.tfvae.infer.VaeModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The models loaded in this JVM: one {@link VaeModel} per resolved version, loaded on first use and
 * shared by every task the JVM runs.
 *
 * <p>This is the one piece of mutable static state in tf-vae-spark, and it has to be: a Spark task gets
 * nothing that outlives it except its JVM. A {@code VaeModel} owns a native TensorFlow session, so it
 * cannot be serialized into a task; loading it per task would cost a copy of the files and a session
 * (tens of milliseconds and the model's memory) for every partition, and run as many sessions as tasks.
 * So the executor's tasks share one loaded model per {@linkplain ResolvedModel#versionUri() version}
 * (and lane count). The key is the version the driver resolved, never "the newest", so jobs that
 * resolved different versions get different models and one job never mixes versions.
 *
 * <p>Guarantees: a version is copied from its file system and loaded once per JVM while it stays
 * cached; beyond {@value #MAX_LOADED} loaded versions the least recently leased one that no task is
 * using is closed (a model in use is never closed under a task); every model is closed, and its local
 * copy deleted, at JVM shutdown. Thread-safe: all state is guarded by the class's lock.
 */
public final class ExecutorModels {
  /** The most versions kept loaded in one JVM. */
  public static final int MAX_LOADED = 3;

  private record Key(String versionUri, int lanes) {}

  private static final class Entry {
    final VaeModel model;
    final Path copy;
    int users;

    Entry(VaeModel model, Path copy) {
      this.model = model;
      this.copy = copy;
    }
  }

  /** Access-ordered: the first entry is the least recently leased. */
  private static final Map<Key, Entry> LOADED = new LinkedHashMap<>(8, 0.75f, true);

  private static int loads;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "tf-vae-spark-models"));
  }

  private ExecutorModels() {}

  /**
   * The loaded model of {@code model}'s version with {@code lanes} lanes, loading it (from a local copy
   * of its files) if this JVM has not yet. Close the lease when the task is done with it.
   *
   * @throws IOException when the files cannot be copied, or tf-vae-infer refuses the model
   * @throws IllegalStateException when TensorFlow's native library is missing (the message names the
   *     artifact to add)
   */
  public static synchronized Lease lease(ResolvedModel model, int lanes, Configuration conf)
      throws IOException {
    Key key = new Key(model.versionUri(), lanes);
    Entry entry = LOADED.get(key);
    if (entry == null) {
      Path copy = LocalModelCopy.copy(model.versionUri(), conf);
      try {
        entry = new Entry(VaeModel.loader(copy).threads(lanes).partsPerBatch(1).load(), copy);
      } catch (IOException | RuntimeException | LinkageError e) {
        LocalModelCopy.delete(copy);
        throw e;
      }
      LOADED.put(key, entry);
      loads++;
    }
    entry.users++;
    evictIdle();
    return new Lease(entry);
  }

  /** How many times a model was loaded in this JVM (for tests and logs). */
  public static synchronized int loads() {
    return loads;
  }

  /** Closes every model and deletes the copies; later leases load again. Runs at JVM shutdown. */
  public static synchronized void closeAll() {
    List<Entry> all = new ArrayList<>(LOADED.values());
    LOADED.clear();
    all.forEach(ExecutorModels::close);
  }

  private static synchronized void release(Entry entry) {
    entry.users--;
    evictIdle();
  }

  private static void evictIdle() {
    Iterator<Entry> oldestFirst = LOADED.values().iterator();
    while (LOADED.size() > MAX_LOADED && oldestFirst.hasNext()) {
      Entry e = oldestFirst.next();
      if (e.users == 0) {
        oldestFirst.remove();
        close(e);
      }
    }
  }

  private static void close(Entry e) {
    e.model.close();
    LocalModelCopy.delete(e.copy);
  }

  /** A task's use of a loaded model; {@link #close()} ends it (idempotent). */
  public static final class Lease implements AutoCloseable {
    private final Entry entry;
    private boolean closed;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    public VaeModel model() {
      return entry.model;
    }

    @Override
    public void close() {
      synchronized (ExecutorModels.class) {
        if (!closed) {
          closed = true;
          release(entry);
        }
      }
    }
  }
}
