package dev.tfvae.train.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX folders of generated images for tests, one image at a time, so a file can be far larger
 * than the test's heap. Image i is a bright square of random size and place on a dark, noisy background
 * (a pure function of the seed and i), its label the square's size class.
 */
public final class IdxFiles {
  private IdxFiles() {}

  /**
   * Writes {@code train-*} with {@code trainCount} images and, when {@code testCount > 0}, {@code t10k-*}
   * with {@code testCount}, all {@code side}×{@code side}, uncompressed (or gzip when {@code gzip}).
   */
  public static Path write(Path dir, int trainCount, int testCount, int side, long seed, boolean gzip)
      throws IOException {
    Files.createDirectories(dir);
    images(dir, "train", trainCount, side, seed, gzip);
    if (testCount > 0) {
      images(dir, "t10k", testCount, side, seed + 1, gzip);
    }
    return dir;
  }

  private static void images(Path dir, String prefix, int count, int side, long seed, boolean gzip)
      throws IOException {
    String suffix = gzip ? ".gz" : "";
    try (DataOutputStream images = open(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), gzip);
        DataOutputStream labels = open(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), gzip)) {
      images.writeInt(0x0803);
      images.writeInt(count);
      images.writeInt(side);
      images.writeInt(side);
      labels.writeInt(0x0801);
      labels.writeInt(count);
      byte[] image = new byte[side * side];
      for (int i = 0; i < count; i++) {
        labels.writeByte(draw(image, side, new SplittableRandom(seed * 1_000_003L + i)));
        images.write(image);
      }
    }
  }

  /** Draws one image into {@code image}; returns its label. */
  private static int draw(byte[] image, int side, SplittableRandom random) {
    for (int p = 0; p < image.length; p++) {
      image[p] = (byte) random.nextInt(40);
    }
    int size = 2 + random.nextInt(Math.max(1, side / 2));
    int x = random.nextInt(side - size + 1);
    int y = random.nextInt(side - size + 1);
    for (int r = y; r < y + size; r++) {
      for (int c = x; c < x + size; c++) {
        image[r * side + c] = (byte) (200 + random.nextInt(56));
      }
    }
    return Math.min(9, size * 10 / (side / 2 + 2));
  }

  private static DataOutputStream open(Path file, boolean gzip) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    return new DataOutputStream(new BufferedOutputStream(gzip ? new GZIPOutputStream(out) : out, 1 << 16));
  }
}
