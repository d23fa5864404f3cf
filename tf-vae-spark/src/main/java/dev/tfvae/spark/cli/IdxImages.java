package dev.tfvae.spark.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the images of an IDX folder (Fashion-MNIST's {@code train-images-idx3-ubyte[.gz]} and {@code
 * t10k-images-idx3-ubyte[.gz]}) as 8-bit pixels, and turns them into model rows (pixels divided by 255,
 * the preprocessing of tf-vae's image models): the rows of the benchmark. Headers are checked before
 * anything is allocated.
 */
public final class IdxImages {
  /** Where Debian's {@code dataset-fashion-mnist} package puts Fashion-MNIST. */
  public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private static final int MAGIC_IMAGES = 0x00000803;
  private static final int MAX_IMAGES = 10_000_000;
  private static final int MAX_PIXELS = 4096 * 4096;

  private IdxImages() {}

  /** The training images followed by the test images of {@code dir}: 70,000 for Fashion-MNIST. */
  public static byte[][] trainAndTest(Path dir) throws IOException {
    List<byte[]> rows = new ArrayList<>();
    for (String split : List.of("train", "t10k")) {
      rows.addAll(List.of(read(file(dir, split + "-images-idx3-ubyte"))));
    }
    return rows.toArray(new byte[0][]);
  }

  /** The test images of {@code dir} (10,000 for Fashion-MNIST). */
  public static byte[][] test(Path dir) throws IOException {
    return read(file(dir, "t10k-images-idx3-ubyte"));
  }

  /** Model rows: each 8-bit pixel divided by 255. */
  public static float[][] scaled(byte[][] images) {
    float[][] rows = new float[images.length][];
    for (int i = 0; i < images.length; i++) {
      rows[i] = new float[images[i].length];
      for (int j = 0; j < rows[i].length; j++) {
        rows[i][j] = (images[i][j] & 0xff) / 255f;
      }
    }
    return rows;
  }

  /** The images of one IDX file (gzipped when its name ends in {@code .gz}), one byte per pixel. */
  public static byte[][] read(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(
            file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
      int magic = in.readInt();
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (magic != MAGIC_IMAGES || count < 0 || count > MAX_IMAGES || rows <= 0 || cols <= 0
          || (long) rows * cols > MAX_PIXELS) {
        throw new IOException(file + ": not an IDX image file (magic " + Integer.toHexString(magic) + ", "
            + count + " images of " + rows + "×" + cols + ")");
      }
      byte[][] images = new byte[count][rows * cols];
      for (byte[] image : images) {
        in.readFully(image);
      }
      return images;
    } catch (EOFException e) {
      throw new IOException(file + ": ends before the images its header announces", e);
    }
  }

  private static Path file(Path dir, String name) throws NoSuchFileException {
    for (String candidate : List.of(name, name + ".gz")) {
      if (Files.isRegularFile(dir.resolve(candidate))) {
        return dir.resolve(candidate);
      }
    }
    throw new NoSuchFileException(dir.resolve(name).toString(), null,
        "no " + name + "[.gz] (Debian's dataset-fashion-mnist package installs Fashion-MNIST in " + FASHION_MNIST + ")");
  }
}
