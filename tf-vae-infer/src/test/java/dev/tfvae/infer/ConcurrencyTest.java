package dev.tfvae.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One model shared by many threads calling mixed signatures while another thread closes it: every call
 * before the close returns the exact result, every call after it fails with
 * {@link IllegalStateException}, and nothing else happens (no crash, no other exception). And loading
 * and closing many times leaks no file descriptors.
 */
class ConcurrencyTest {

  @Test
  void mixedCallsWhileAnotherThreadClosesTheModel() throws Exception {
    VaeModel model = VaeModel.load(ShippedModels.fashionMnist());
    float[] x = ShippedModels.image(1);
    float[][] batch = {ShippedModels.image(2), ShippedModels.image(3), ShippedModels.image(4)};
    float[][] big = new float[20][];
    for (int i = 0; i < big.length; i++) {
      big[i] = ShippedModels.image(10 + i);
    }
    float[] mean = model.encode(x).mean();
    float[][] reconstructed = model.reconstruct(batch);
    float[][] bigReconstructed = model.reconstruct(big);
    double score = model.score(x).negElbo();
    float[][] samples = model.generate(2, 5);
    float[] decoded = model.decode(mean);

    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch running = new CountDownLatch(threads);
    List<Future<int[]>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int kind = t % 4;
      results.add(pool.submit(() -> {
        int ok = 0;
        running.countDown();
        while (true) {
          try {
            switch (kind) {
              case 0 -> assertArrayEquals(mean, model.encode(x).mean());
              case 1 -> assertArrayEquals(reconstructed[2], model.reconstruct(batch)[2]);
              case 2 -> {
                assertEquals(score, model.score(x).negElbo());
                assertArrayEquals(bigReconstructed[19], model.reconstruct(big)[19]);
              }
              default -> {
                assertArrayEquals(samples[1], model.generate(2, 5)[1]);
                assertArrayEquals(decoded, model.decode(mean));
              }
            }
            ok++;
          } catch (IllegalStateException closed) {
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
            return new int[] {ok};
          }
        }
      }));
    }
    running.await();
    Thread.sleep(400);
    model.close();
    int total = 0;
    for (Future<int[]> f : results) {
      int ok = f.get()[0];
      assertTrue(ok > 0, "each thread completed calls before the close");
      total += ok;
    }
    pool.shutdown();
    assertTrue(total > threads, "calls completed: " + total);
    model.close(); // idempotent
  }

  @Test
  void loadingAndClosingRepeatedlyLeaksNoFileDescriptors() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    // Warm up: natives and thread pools are created once per process.
    try (VaeModel m = VaeModel.load(ShippedModels.fashionMnist())) {
      m.encode(ShippedModels.image(1));
    }
    long before = count(fds);
    for (int i = 0; i < 30; i++) {
      try (VaeModel m = VaeModel.load(ShippedModels.fashionMnist())) {
        m.encode(ShippedModels.image(i));
        m.reconstruct(new float[][] {ShippedModels.image(i), ShippedModels.image(i + 1)});
      }
    }
    long after = count(fds);
    assertTrue(after - before <= 3, "file descriptors " + before + " → " + after);
  }

  /**
   * Native memory held by tensors (JavaCPP's count of bytes it allocated and has not freed) does not
   * grow over 100,000 single-example and 1,000 batch calls.
   */
  @Test
  void nativeMemoryStaysFlatOverManyCalls() throws IOException {
    try (VaeModel m = VaeModel.load(ShippedModels.fashionMnist())) {
      float[] x = ShippedModels.image(5);
      float[][] batch = new float[300][];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = ShippedModels.image(i);
      }
      for (int i = 0; i < 5_000; i++) {
        m.encode(x);
      }
      m.reconstruct(batch);
      long before = org.bytedeco.javacpp.Pointer.totalBytes();
      for (int i = 0; i < 100_000; i++) {
        m.encode(x);
      }
      for (int i = 0; i < 1_000; i++) {
        m.reconstruct(batch);
      }
      long after = org.bytedeco.javacpp.Pointer.totalBytes();
      assertTrue(after - before < 1 << 20, "JavaCPP bytes " + before + " → " + after);
    }
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }
}
