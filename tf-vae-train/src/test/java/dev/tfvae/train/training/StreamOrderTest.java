package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The streamed epoch order, checked against its definition: each epoch visits every example exactly
 * once, a window holds exactly the examples of its chunks, and the order depends on the seed and epoch.
 */
class StreamOrderTest {
  /** The epoch's examples in order, built from the definition in StreamOrder's Javadoc. */
  private static int[] epoch(StreamOrder order, int epoch) {
    int[] chunks = order.chunkOrder(epoch);
    int[] out = new int[0];
    for (int w = 0; w < order.windows(); w++) {
      int[] windowChunks = order.windowChunks(chunks, w);
      int[] members = new int[order.windowSize(windowChunks)];
      int at = 0;
      for (int c : windowChunks) {
        for (int i = 0; i < order.chunkSize(c); i++) {
          members[at++] = order.chunkStart(c) + i;
        }
      }
      int[] draw = order.windowOrder(epoch, w, members.length);
      int start = out.length;
      out = Arrays.copyOf(out, start + members.length);
      for (int k = 0; k < draw.length; k++) {
        out[start + k] = members[draw[k]];
      }
    }
    return out;
  }

  @Test
  void everyEpochVisitsEveryExampleOnceAndWindowsKeepToTheirChunks() {
    int n = 10_007; // 40 chunks of 250, the last of 7; windows of 3 chunks, the last of 1
    StreamOrder order = new StreamOrder(n, new StreamSettings(250, 3), 42);
    assertEquals(41, order.chunks());
    assertEquals(14, order.windows());
    assertEquals(7, order.chunkSize(40));
    for (int e = 1; e <= 3; e++) {
      int[] examples = epoch(order, e);
      int[] sorted = examples.clone();
      Arrays.sort(sorted);
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      assertArrayEquals(all, sorted, "epoch " + e + " is a permutation");
      // The first window's examples all come from the first three chunks of the chunk order.
      int[] first = order.windowChunks(order.chunkOrder(e), 0);
      int firstSize = order.windowSize(first);
      for (int k = 0; k < firstSize; k++) {
        int chunk = examples[k] / 250;
        assertTrue(Arrays.stream(first).anyMatch(c -> c == chunk), "example " + examples[k]);
      }
    }
  }

  @Test
  void theOrderIsAFunctionOfSeedAndEpoch() {
    StreamSettings settings = new StreamSettings(100, 4);
    int[] a = epoch(new StreamOrder(5000, settings, 1), 1);
    assertArrayEquals(a, epoch(new StreamOrder(5000, settings, 1), 1));
    assertFalse(Arrays.equals(a, epoch(new StreamOrder(5000, settings, 1), 2)), "epochs differ");
    assertFalse(Arrays.equals(a, epoch(new StreamOrder(5000, settings, 2), 1)), "seeds differ");
    assertFalse(
        Arrays.equals(a, epoch(new StreamOrder(5000, new StreamSettings(100, 5), 1), 1)),
        "window sizes differ");
    // Neighbouring positions come from several chunks: the window is shuffled, not read in order.
    int distinctChunks = (int) Arrays.stream(a, 0, 100).map(i -> i / 100).distinct().count();
    assertEquals(4, distinctChunks);
  }
}
