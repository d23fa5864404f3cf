package dev.tfvae.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a batch as parts that execute at once, at most one per lane: a batch of at least {@value
 * #MIN_PART_ROWS} rows per part is split into equal parts; the caller runs the first, the runner's own daemon threads the
 * others. Each part feeds at most {@value #MAX_ROWS_PER_RUN} rows per native call, which bounds the native
 * memory of one call. Inputs are checked part by part, in each part's thread, as they are written; an error
 * names the row in the whole batch, and the errors of other parts are added to it as suppressed.
 */
final class BatchRunner implements AutoCloseable {
  /** A batch is split into parts of at least this many rows, one part per lane. */
  static final int MIN_PART_ROWS = 16;

  /** Rows per native call when a part is large. */
  static final int MAX_ROWS_PER_RUN = 1024;

  private final Engine engine;
  /** The most parts a batch is split into. */
  private final int parts;
  /** Runs the parts beyond the caller's own; null with a single lane. */
  private final ExecutorService helpers;

  /** @param maxParts the most parts a batch is split into (at most the model's lanes) */
  BatchRunner(Engine engine, int maxParts) {
    this.engine = engine;
    this.parts = maxParts;
    this.helpers =
        maxParts == 1
            ? null
            : Executors.newFixedThreadPool(
                maxParts - 1,
                daemonThreads("tf-vae-batch-"));
  }

  /**
   * Runs every row of {@code feeds} (all of one length) and returns {@code [fetch][row][values]}.
   */
  float[][][] run(List<Engine.FloatFeed> feeds, List<String> fetches, int[] widths) {
    int n = feeds.get(0).rows().length;
    float[][][] out = new float[fetches.size()][n][];
    int partCount = Math.max(1, Math.min(parts, n / MIN_PART_ROWS));
    int rowsPerPart = (n + partCount - 1) / partCount;
    List<Future<?>> others = new ArrayList<>();
    for (int start = rowsPerPart; start < n; start += rowsPerPart) {
      int from = start;
      int count = Math.min(rowsPerPart, n - start);
      others.add(helpers.submit(() -> runPart(feeds, from, count, fetches, widths, out)));
    }
    RuntimeException failure = null;
    try {
      runPart(feeds, 0, Math.min(rowsPerPart, n), fetches, widths, out);
    } catch (RuntimeException e) {
      failure = e;
    }
    // Every part is awaited, even after a failure: they read the caller's arrays and the session.
    for (Future<?> part : others) {
      try {
        awaitUninterruptibly(part);
      } catch (ExecutionException e) {
        RuntimeException cause =
            e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return out;
  }

  /** Runs rows [start, start+count) in native calls of at most {@link #MAX_ROWS_PER_RUN} rows. */
  private void runPart(List<Engine.FloatFeed> feeds, int start, int count, List<String> fetches,
      int[] widths, float[][][] out) {
    for (int from = start; from < start + count; from += MAX_ROWS_PER_RUN) {
      int rows = Math.min(MAX_ROWS_PER_RUN, start + count - from);
      float[][][] chunk = engine.run(feeds, from, rows, fetches, widths);
      for (int k = 0; k < fetches.size(); k++) {
        System.arraycopy(chunk[k], 0, out[k], from, rows);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + count.getAndIncrement());
      t.setDaemon(true);
      return t;
    };
  }

  /** Waits for {@code part} even when interrupted (it reads the caller's arrays), keeping the interrupt. */
  private static void awaitUninterruptibly(Future<?> part) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          part.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    if (helpers != null) {
      helpers.shutdown();
    }
  }
}
