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
 * t10k-images-idx3-ubyte[.gz]}) as rows of pixels divided by 255, the preprocessing of tf-vae's image
 * models: the rows of the benchmark. Headers are checked before anything is allocated.
 */
public final class IdxImages {
  /** Where Debian's {@code dataset-fashion-mnist} package puts Fashion-MNIST. */
  public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private static final int MAGIC_IMAGES = 0x00000803;
  private static final int MAX_IMAGES = 10_000_000;
  private static final int MAX_PIXELS = 4096 * 4096;

  private IdxImages() {}

  /** The training images followed by the test images of {@code dir}: 70,000 for Fashion-MNIST. */
  public static float[][] trainAndTest(Path dir) throws IOException {
    List<float[]> rows = new ArrayList<>();
    for (String split : List.of("train", "t10k")) {
      rows.addAll(List.of(read(file(dir, split + "-images-idx3-ubyte"))));
    }
    return rows.toArray(new float[0][]);
  }

  /** The images of one IDX file (gzipped when its name ends in {@code .gz}). */
  public static float[][] read(Path file) throws IOException {
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
      float[][] images = new float[count][rows * cols];
      byte[] pixels = new byte[rows * cols];
      for (float[] image : images) {
        in.readFully(pixels);
        for (int j = 0; j < pixels.length; j++) {
          image[j] = (pixels[j] & 0xff) / 255f;
        }
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
