package dev.tfvae.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
  @TempDir Path dir;

  /** A grayscale image whose pixel (x, y) is 10·x + y + seed. */
  static BufferedImage gray(int width, int height, int seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, 10 * x + y + seed);
      }
    }
    return image;
  }

  private static Path png(Path file, BufferedImage image) throws IOException {
    Files.createDirectories(file.getParent());
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  @Test
  void grayscaleImagesAreRowMajorOver255() throws IOException {
    Path folder = dir.resolve("flat");
    png(folder.resolve("a.png"), gray(5, 3, 0));
    png(folder.resolve("b.PNG"), gray(5, 3, 7));
    Files.writeString(folder.resolve("notes.txt"), "ignored");
    Dataset d = ImageFolderDataset.load("images:" + folder, folder);
    assertEquals(List.of(3, 5), d.exampleShape(), "height 3, width 5");
    assertEquals(2, d.train().count() + d.validation().count());
    float[] first = d.train().example(0);
    assertEquals((10 * 4 + 2) / 255f, first[2 * 5 + 4], 1e-7f, "pixel x=4, y=2 of a.png");
    assertNull(d.train().labels());
  }

  @Test
  void colourImagesInClassFoldersAreChannelsLastWithLabels() throws IOException {
    for (int i = 0; i < 12; i++) {
      BufferedImage image = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
      image.setRGB(1, 1, (200 << 16) | (100 << 8) | 50);
      png(dir.resolve("rgb").resolve(i % 2 == 0 ? "cats" : "dogs").resolve(i + ".png"), image);
    }
    Dataset d = ImageFolderDataset.load("images:rgb", dir.resolve("rgb"));
    assertEquals(List.of(2, 4, 3), d.exampleShape());
    assertEquals(11, d.train().count());
    assertEquals(1, d.validation().count());
    float[] x = d.train().example(0);
    int base = (1 * 4 + 1) * 3;
    assertArrayEquals(
        new float[] {200 / 255f, 100 / 255f, 50 / 255f}, new float[] {x[base], x[base + 1], x[base + 2]});
    int cats = 0;
    for (int label : d.train().labels()) {
      assertTrue(label == 0 || label == 1);
      cats += label == 0 ? 1 : 0;
    }
    assertTrue(cats >= 5, "cats (label 0) in the training split: " + cats);
    assertEquals(List.of("cats", "dogs"), d.setup().labelNames(), "the class sub-folders, in label order");
  }

  @Test
  void inconsistentOrBrokenFoldersNameTheFile() throws IOException {
    Path sizes = dir.resolve("sizes");
    png(sizes.resolve("a.png"), gray(5, 3, 0));
    png(sizes.resolve("b.png"), gray(4, 3, 0));
    assertMessage(sizes, "b.png: is 4×3 but", "all images must have one size");

    Path kinds = dir.resolve("kinds");
    png(kinds.resolve("a.png"), gray(4, 3, 0));
    png(kinds.resolve("b.png"), new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB));
    assertMessage(kinds, "b.png: has colour (RGB) pixels", "grayscale");

    Path empty = dir.resolve("zero");
    png(empty.resolve("a.png"), gray(4, 3, 0));
    Files.write(empty.resolve("b.png"), new byte[0]);
    assertMessage(empty, "b.png: is empty (0 bytes)", "");

    Path garbage = dir.resolve("garbage");
    Files.createDirectories(garbage);
    Files.writeString(garbage.resolve("x.jpg"), "this is not a JPEG");
    assertMessage(garbage, "x.jpg: is not a PNG or JPEG image", "");

    Path bomb = dir.resolve("bomb");
    Files.createDirectories(bomb);
    Files.write(bomb.resolve("bomb.png"), pngHeader(100_000, 100_000));
    assertMessage(bomb, "bomb.png: claims 100000×100000 pixels", "at most");

    Path none = dir.resolve("none");
    Files.createDirectories(none);
    assertMessage(none, "holds no .png, .jpg or .jpeg files", "");

    Path mixed = dir.resolve("mixed");
    png(mixed.resolve("a.png"), gray(4, 3, 0));
    png(mixed.resolve("class").resolve("b.png"), gray(4, 3, 0));
    assertMessage(mixed, "both directly and in sub-folders", "");

    assertThrows(
        NoSuchFileException.class, () -> ImageFolderDataset.load("x", dir.resolve("missing")));
    Path file = Files.writeString(dir.resolve("file.png"), "x");
    assertMessage(file, "is not a folder", "");
  }

  private static void assertMessage(Path folder, String expected, String alsoExpected) {
    InvalidDataException e =
        assertThrows(InvalidDataException.class, () -> ImageFolderDataset.load("images:x", folder));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(alsoExpected), e.getMessage());
  }

  /** The signature and a valid IHDR chunk of a PNG claiming {@code width × height} 8-bit gray pixels. */
  static byte[] pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0)
        .put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
    out.writeBytes(ihdr.array());
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    return out.toByteArray();
  }
}
