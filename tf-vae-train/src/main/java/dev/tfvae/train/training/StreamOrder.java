package dev.tfvae.train.training;

import java.util.SplittableRandom;

/**
 * The example order of a streamed epoch. The {@code n} training examples are cut into
 * {@code K = ⌈n / C⌉} chunks of {@code C} consecutive examples (the last may be shorter). Epoch e:
 *
 * <ol>
 *   <li>the chunks are put in the order of a Fisher–Yates shuffle of {@code 0 … K−1} seeded by
 *       (seed, e);
 *   <li>that order is cut into windows of {@code W} consecutive chunks (the last may hold fewer);
 *   <li>the examples of window w, its chunks' examples one chunk after the other, are put in the order of
 *       a Fisher–Yates shuffle seeded by (seed, e, w);
 *   <li>the epoch's examples are the windows' one after the other, and step s takes examples
 *       {@code [s·B, s·B + B)} of that sequence (batches may span two windows).
 * </ol>
 *
 * Every example is seen once per epoch. Where an in-memory epoch can put any example next to any other,
 * here an example shares its batches only with examples of its window's W chunks; the chunk order moves
 * every chunk to a new window each epoch. The order is a pure function of (n, C, W, seed, epoch), so a
 * run can resume at any step by reading only the window that step needs.
 */
final class StreamOrder {
  private static final long CHUNK_SALT = 0x5EED_C4_0C5L;
  private static final long WINDOW_SALT = 0x5EED_B0_FFL;

  private final int examples;
  private final int chunk;
  private final int window;
  private final long seed;

  StreamOrder(int examples, StreamSettings settings, long seed) {
    this.examples = examples;
    this.chunk = settings.chunkExamples();
    this.window = settings.windowChunks();
    this.seed = seed;
  }

  int chunks() {
    return (examples + chunk - 1) / chunk;
  }

  int windows() {
    return (chunks() + window - 1) / window;
  }

  /** The chunks of epoch {@code epoch} in the order they are read. */
  int[] chunkOrder(int epoch) {
    return shuffle(chunks(), new SplittableRandom(mix(seed ^ CHUNK_SALT, epoch)));
  }

  /** Examples in chunk {@code c}. */
  int chunkSize(int c) {
    return Math.min(chunk, examples - c * chunk);
  }

  /** First example of chunk {@code c}. */
  int chunkStart(int c) {
    return c * chunk;
  }

  /** The chunks of window {@code w} under {@code order}. */
  int[] windowChunks(int[] order, int w) {
    int from = w * window;
    int to = Math.min(order.length, from + window);
    int[] out = new int[to - from];
    System.arraycopy(order, from, out, 0, out.length);
    return out;
  }

  /** Examples in a window of these chunks. */
  int windowSize(int[] chunks) {
    int size = 0;
    for (int c : chunks) {
      size += chunkSize(c);
    }
    return size;
  }

  /** The order in which window {@code w} of epoch {@code epoch} yields its {@code size} examples. */
  int[] windowOrder(int epoch, int w, int size) {
    return shuffle(size, new SplittableRandom(mix(mix(seed ^ WINDOW_SALT, epoch), w)));
  }

  private static long mix(long a, long b) {
    return a * 0x9E3779B97F4A7C15L + b;
  }

  /** {@code 0 … n−1} in the order of a Fisher–Yates shuffle drawn from {@code random}. */
  static int[] shuffle(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
