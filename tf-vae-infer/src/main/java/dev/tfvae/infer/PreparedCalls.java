package dev.tfvae.infer;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Idle prepared single-example calls, pooled by what they call: a thread takes one, runs it, and puts it
 * back; a new one is prepared only when every call of its kind is in use. Re-running a prepared call
 * skips the allocation and name lookups of a fresh one, which are most of a single example's cost.
 */
final class PreparedCalls implements AutoCloseable {
  private final Engine engine;
  private final Map<Engine.CallSpec, Queue<Engine.PreparedCall>> idle = new ConcurrentHashMap<>();

  PreparedCalls(Engine engine) {
    this.engine = engine;
  }

  /** Runs {@code x} through a pooled call of kind {@code spec}; returns each fetch. */
  float[][] run(Engine.CallSpec spec, float[] x) {
    Queue<Engine.PreparedCall> pool = idle.computeIfAbsent(spec, k -> new ConcurrentLinkedQueue<>());
    Engine.PreparedCall call = pool.poll();
    if (call == null) {
      call = engine.prepare(spec);
    }
    try {
      return call.run(x);
    } finally {
      pool.offer(call);
    }
  }

  /** Closes every pooled call; only when no call runs (the owner guarantees it). */
  @Override
  public void close() {
    idle.values().forEach(pool -> pool.forEach(Engine.PreparedCall::close));
    idle.clear();
  }
}
