package dev.tfvae.infer;

import java.util.concurrent.Semaphore;

/**
 * How many native calls of one model run at once. A caller that finds no free lane retries a few times,
 * yielding the core to the lane holders, before it parks (docs/TFJAVA_NOTES.md, "Lanes", has the
 * measurements behind this). More callers than lanes wait instead of crowding TensorFlow's kernels.
 */
final class Lanes {
  /** How often a caller retries for a free lane (yielding in between) before it parks. */
  private static final int RETRIES = 64;

  private final Semaphore permits;
  private final int count;

  Lanes(int count) {
    this.count = count;
    this.permits = new Semaphore(count);
  }

  /** The number of lanes. */
  int count() {
    return count;
  }

  /** Takes a lane; the caller must {@link #release} it. */
  void acquire() {
    for (int i = 0; i < RETRIES; i++) {
      if (permits.tryAcquire()) {
        return;
      }
      Thread.yield();
    }
    permits.acquireUninterruptibly();
  }

  void release() {
    permits.release();
  }
}
