package dev.tfvae.infer;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A model's lifecycle: calls run while it is open, any number at once; {@link #close} waits for the
 * running ones, releases the native resources once, and makes every later call throw
 * {@link ModelClosedException}.
 */
final class CallGuard {
  private final Path model;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  CallGuard(Path model) {
    this.model = model;
  }

  /** Runs {@code call} while the model stays open. */
  <T> T call(Supplier<T> call) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new ModelClosedException(model);
      }
      return call.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits for running calls, then runs {@code release} the first time only. */
  void close(Runnable release) {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        release.run();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
