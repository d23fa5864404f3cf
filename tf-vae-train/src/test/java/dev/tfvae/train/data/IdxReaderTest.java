package dev.tfvae.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  /** An IDX file: magic 0x0000TTRR, big-endian dimensions, then {@code payload}. */
  static byte[] idx(int type, int[] dims, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
    b.putInt((type << 8) | dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(payload);
    return b.array();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static byte[] pixels(int n) {
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      p[i] = (byte) (i * 37);
    }
    return p;
  }

  @Test
  void readsRawAndGzipIdentically() throws IOException {
    byte[] file = idx(0x08, new int[] {3, 2, 4}, pixels(24));
    IdxReader.IdxArray raw = IdxReader.read(write("a-idx3-ubyte", file));
    IdxReader.IdxArray gz = IdxReader.read(write("a-idx3-ubyte.gz", gzip(file)));
    assertArrayEquals(new int[] {3, 2, 4}, raw.dimensions());
    assertEquals(3, raw.count());
    assertEquals(8, raw.itemSize());
    assertArrayEquals(pixels(24), raw.data());
    assertArrayEquals(raw.data(), gz.data());
  }

  @Test
  void wrongMagicIsRejected() throws IOException {
    byte[] file = idx(0x08, new int[] {1, 2}, pixels(2));
    file[0] = 0x12;
    IOException e = assertThrows(InvalidDataException.class, () -> IdxReader.read(write("m", file)));
    assertTrue(e.getMessage().contains("magic number 0x12"), e.getMessage());
    assertTrue(e.getMessage().startsWith(dir.resolve("m").toString()), e.getMessage());
  }

  @Test
  void unknownElementTypeIsRejected() throws IOException {
    Path f = write("t", idx(0x0A, new int[] {2}, new byte[2]));
    IOException e = assertThrows(InvalidDataException.class, () -> IdxReader.read(f));
    assertTrue(e.getMessage().contains("element type 0x0A"), e.getMessage());
  }

  @Test
  void truncatedRawFileIsRejectedBeforeReading() throws IOException {
    byte[] file = idx(0x08, new int[] {10, 28, 28}, pixels(7840));
    Path f = write("trunc", Arrays.copyOf(file, file.length - 100));
    IOException e = assertThrows(InvalidDataException.class, () -> IdxReader.read(f));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void headerDemandingTerabytesFailsWithoutAllocating() throws IOException {
    // 1,000,000 × 1,000,000 × 1,000,000 bytes: must fail from the header alone.
    Path raw = write("huge", idx(0x08, new int[] {1_000_000, 1_000_000, 1_000_000}, pixels(16)));
    IOException e = assertThrows(InvalidDataException.class, () -> IdxReader.read(raw));
    assertTrue(e.getMessage().contains("refusing to allocate"), e.getMessage());
    // A plausible-looking 200 MB header in a tiny gzip: bounded by what deflate can expand to.
    Path gz = write("lie.gz", gzip(idx(0x08, new int[] {255_000, 28, 28}, pixels(100))));
    IOException g = assertThrows(InvalidDataException.class, () -> IdxReader.read(gz));
    assertTrue(g.getMessage().contains("more than a gzip file"), g.getMessage());
  }

  @Test
  void gzipWhoseTrailerDisagreesWithHeaderIsRejected() throws IOException {
    // Header promises 10×784 bytes; the stream holds only 5×784 (and is large enough to be plausible).
    byte[] file = idx(0x08, new int[] {10, 28, 28}, pixels(5 * 784));
    Path gz = write("short.gz", gzip(file));
    IOException e = assertThrows(InvalidDataException.class, () -> IdxReader.read(gz));
    assertTrue(e.getMessage().contains("gzip trailer records"), e.getMessage());
  }

  @Test
  void corruptGzipIsRejected() throws IOException {
    byte[] gz = gzip(idx(0x08, new int[] {50, 28, 28}, pixels(50 * 784)));
    for (int i = 20; i < gz.length - 20; i += 7) {
      gz[i] ^= (byte) 0x5A;
    }
    Path f = write("corrupt.gz", gz);
    IOException e = assertThrows(InvalidDataException.class, () -> IdxReader.read(f));
    assertTrue(e.getMessage().contains("corrupt") || e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void trailingDataIsRejected() throws IOException {
    byte[] file = idx(0x08, new int[] {2, 2}, pixels(4));
    Path f = write("extra", Arrays.copyOf(file, file.length + 3));
    assertThrows(InvalidDataException.class, () -> IdxReader.read(f));
  }

  @Test
  void emptyFilesDirectoriesAndMissingFilesAreReported() throws IOException {
    assertThrows(InvalidDataException.class, () -> IdxReader.read(write("empty", new byte[0])));
    Path sub = Files.createDirectory(dir.resolve("folder"));
    assertThrows(InvalidDataException.class, () -> IdxReader.read(sub));
    assertThrows(NoSuchFileException.class, () -> IdxReader.read(dir.resolve("absent")));
  }

  @Test
  void zeroDimensionIsRejected() throws IOException {
    Path f = write("zero", idx(0x08, new int[] {0, 28}, new byte[0]));
    IOException e = assertThrows(InvalidDataException.class, () -> IdxReader.read(f));
    assertTrue(e.getMessage().contains("sizes must be positive"), e.getMessage());
  }

  @Test
  void datasetRejectsLabelCountMismatchAndScalesPixels() throws IOException {
    Path data = Files.createDirectory(dir.resolve("ds"));
    byte[] img = pixels(4 * 4);
    img[0] = (byte) 255;
    Files.write(data.resolve(IdxDataset.TRAIN_IMAGES), idx(0x08, new int[] {4, 2, 2}, img));
    Files.write(data.resolve(IdxDataset.TRAIN_LABELS + ".gz"),
        gzip(idx(0x08, new int[] {4}, new byte[] {0, 1, 2, 3})));
    Files.write(data.resolve(IdxDataset.TEST_IMAGES), idx(0x08, new int[] {2, 2, 2}, pixels(8)));
    Files.write(data.resolve(IdxDataset.TEST_LABELS), idx(0x08, new int[] {3}, new byte[3]));
    IOException e =
        assertThrows(InvalidDataException.class, () -> IdxDataset.load("idx:" + data, data));
    assertTrue(e.getMessage().contains("3 labels but t10k-images-idx3-ubyte has 2 images"),
        e.getMessage());

    Files.write(data.resolve(IdxDataset.TEST_LABELS), idx(0x08, new int[] {2}, new byte[] {5, 6}));
    Dataset ds = IdxDataset.load("idx:" + data, data);
    assertEquals(java.util.List.of(2, 2), ds.exampleShape());
    assertEquals(1.0f, ds.train().values()[0]);
    assertEquals((37 & 0xFF) / 255f, ds.train().values()[1]);
    assertArrayEquals(new int[] {5, 6}, ds.validation().labels());
    assertEquals(4, ds.files().size());
    assertEquals(64, ds.files().get(0).sha256().length());
  }

  @Test
  void aFolderWithOnlyTheTrainingPairHoldsOutAValidationSplit() throws IOException {
    Path data = Files.createDirectory(dir.resolve("train-only"));
    int n = 40;
    byte[] img = new byte[n * 4];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      img[i * 4] = (byte) i; // each image's first pixel names it
      labels[i] = (byte) (i % 3);
    }
    Files.write(data.resolve(IdxDataset.TRAIN_IMAGES), idx(0x08, new int[] {n, 2, 2}, img));
    Files.write(data.resolve(IdxDataset.TRAIN_LABELS), idx(0x08, new int[] {n}, labels));
    Dataset ds = IdxDataset.load("idx:" + data, data);
    assertEquals(36, ds.train().count());
    assertEquals(4, ds.validation().count());
    // Every image is in exactly one split, with its own label.
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (Split split : java.util.List.of(ds.train(), ds.validation())) {
      for (int i = 0; i < split.count(); i++) {
        int id = Math.round(split.example(i)[0] * 255);
        assertTrue(seen.add(id), "image " + id + " twice");
        assertEquals(id % 3, split.labels()[i]);
      }
    }
    assertEquals(n, seen.size());
    // Half of the t10k pair is a mistake, named.
    Files.write(data.resolve(IdxDataset.TEST_IMAGES), idx(0x08, new int[] {2, 2, 2}, pixels(8)));
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxDataset.load("idx:" + data, data));
    assertTrue(e.getFile().endsWith(IdxDataset.TEST_LABELS) && e.getReason().contains("pair"), e.getReason());
  }

  @Test
  void namedDatasetNotFoundListsWhereItLooked() {
    DatasetLoader loader =
        new DatasetLoader(dir.resolve("nope"), java.util.Map.of("TFVAE_DATA", dir.toString()),
            dir.resolve("home"));
    IOException e = assertThrows(NoSuchFileException.class, () -> loader.load("mnist"));
    String message = ((NoSuchFileException) e).getReason();
    assertTrue(message.contains(dir.resolve("nope").toString()), message);
    assertTrue(message.contains(dir.resolve("mnist").toString()), message);
    assertTrue(message.contains("/usr/share/datasets/mnist"), message);
    assertTrue(message.contains(dir.resolve("home/.tf-vae/datasets/mnist").toString()), message);
  }
}
