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

  /**
   * A user's images for a model (--input): every image, in the order given, checked against the model's
   * size and channels; gray images fill a colour model's three channels; colour is refused by a gray
   * model unless every pixel is gray.
   */
  @Test
  void imagesForAModelAreCheckedAgainstItsShape() throws IOException {
    Path a = png(dir.resolve("own/a.png"), gray(5, 3, 0));
    Path b = png(dir.resolve("own/b.png"), gray(5, 3, 7));
    ImageFolderDataset.Images images = ImageFolderDataset.readImages(List.of(b, a), List.of(3, 5));
    assertEquals(List.of(b, a), images.files(), "in the order given");
    assertEquals(2, images.images().count(), "no hold-out");
    assertEquals((10 * 4 + 2 + 7) / 255f, images.images().example(0)[2 * 5 + 4], 1e-7f);
    assertNull(images.images().labels());

    ImageFolderDataset.Images colour = ImageFolderDataset.readImages(List.of(a), List.of(3, 5, 3));
    float[] x = colour.images().example(0);
    assertEquals(3 * 15, x.length);
    assertArrayEquals(new float[] {42 / 255f, 42 / 255f, 42 / 255f},
        new float[] {x[(2 * 5 + 4) * 3], x[(2 * 5 + 4) * 3 + 1], x[(2 * 5 + 4) * 3 + 2]});

    for (int i = 0; i < 4; i++) {
      png(dir.resolve("classes").resolve(i % 2 == 0 ? "circle" : "square").resolve(i + ".png"), gray(5, 3, i));
    }
    ImageFolderDataset.Images classes = ImageFolderDataset.readImages(List.of(dir.resolve("classes")), List.of(3, 5));
    assertEquals(List.of("circle", "square"), classes.classes());
    assertArrayEquals(new int[] {0, 0, 1, 1}, classes.images().labels());

    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> ImageFolderDataset.readImages(List.of(a), List.of(28, 28)));
    assertTrue(e.getMessage().contains("a.png: is 5×3 grayscale but the model takes 28×28 grayscale images;"
        + " resize it to 28×28"), e.getMessage());
    BufferedImage red = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
    red.setRGB(4, 2, 0xFF0000);
    Path r = png(dir.resolve("own/red.png"), red);
    e = assertThrows(InvalidDataException.class, () -> ImageFolderDataset.readImages(List.of(r), List.of(3, 5)));
    assertTrue(e.getMessage().contains("red.png: has colour (pixel (4, 2) is RGB 255, 0, 0) but the model takes"
        + " grayscale images"), e.getMessage());
    assertThrows(NoSuchFileException.class,
        () -> ImageFolderDataset.readImages(List.of(dir.resolve("none.png")), List.of(3, 5)));
    assertThrows(IllegalArgumentException.class, () -> ImageFolderDataset.readImages(List.of(a), List.of(8)));
  }

  /** Pixel (x, y) of the test pattern, in [0, 1] on a scale of {@code levels} steps. */
  private static double pattern(int x, int y, int levels) {
    return ((x + 2 * y) % levels) / (double) (levels - 1);
  }

  /** A grayscale image of {@code bits} per pixel holding {@link #pattern}. */
  private static BufferedImage grayOfDepth(int bits, int w, int h) {
    int levels = 1 << bits;
    BufferedImage image;
    if (bits < 8) {
      byte[] ramp = new byte[levels];
      for (int i = 0; i < levels; i++) {
        ramp[i] = (byte) Math.round(255.0 * i / (levels - 1));
      }
      image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY,
          new java.awt.image.IndexColorModel(bits, levels, ramp, ramp, ramp));
    } else {
      image = new BufferedImage(w, h, bits == 8 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY);
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.getRaster().setSample(x, y, 0, (int) Math.round(pattern(x, y, levels) * (levels - 1)));
      }
    }
    return image;
  }

  @Test
  void grayscalePngsOfEveryBitDepthPaletteAndAlphaMixInOneDataset() throws IOException {
    Path folder = dir.resolve("mixed");
    int w = 6;
    int h = 4;
    png(folder.resolve("a1.png"), grayOfDepth(1, w, h));
    png(folder.resolve("a2.png"), grayOfDepth(2, w, h));
    png(folder.resolve("a4.png"), grayOfDepth(4, w, h));
    png(folder.resolve("a8.png"), grayOfDepth(8, w, h));
    png(folder.resolve("a16.png"), grayOfDepth(16, w, h));
    // Gray with alpha: two bands, the second dropped.
    java.awt.image.ColorModel grayAlpha = new java.awt.image.ComponentColorModel(
        java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), true, false,
        java.awt.Transparency.TRANSLUCENT, java.awt.image.DataBuffer.TYPE_BYTE);
    BufferedImage ga = new BufferedImage(grayAlpha, grayAlpha.createCompatibleWritableRaster(w, h), false, null);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        ga.getRaster().setSample(x, y, 0, (int) Math.round(pattern(x, y, 256) * 255));
        ga.getRaster().setSample(x, y, 1, 128);
      }
    }
    png(folder.resolve("a8alpha.png"), ga);
    Dataset d = ImageFolderDataset.load("images:" + folder, folder);
    assertEquals(List.of(h, w), d.exampleShape(), "all grayscale: one channel");
    int[] levels = {2, 4, 16, 256, 65536, 256};
    assertEquals(levels.length, d.train().count() + d.validation().count());
    // Sorted file order is a1, a16, a2, a4, a8, a8alpha; no validation split below 10 images.
    int[] byFile = {2, 65536, 4, 16, 256, 256};
    for (int i = 0; i < byFile.length; i++) {
      float[] x = d.train().example(i);
      for (int y = 0; y < h; y++) {
        for (int c = 0; c < w; c++) {
          assertEquals(pattern(c, y, byFile[i]), x[y * w + c], 1e-6, "image " + i + " pixel " + c + "," + y);
        }
      }
    }
  }

  @Test
  void aColourImageMakesTheDatasetColourWithGrayImagesInEveryChannel() throws IOException {
    Path folder = dir.resolve("kinds");
    png(folder.resolve("a.png"), gray(4, 3, 0));
    BufferedImage rgb = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(1, 2, (200 << 16) | (100 << 8) | 50);
    png(folder.resolve("b.png"), rgb);
    byte[] r = {0, (byte) 255};
    byte[] g = {0, 0};
    byte[] b = {0, (byte) 255};
    BufferedImage palette = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_BINARY,
        new java.awt.image.IndexColorModel(1, 2, r, g, b));
    palette.getRaster().setSample(3, 0, 0, 1);
    png(folder.resolve("c.png"), palette);
    Dataset d = ImageFolderDataset.load("images:" + folder, folder);
    assertEquals(List.of(3, 4, 3), d.exampleShape());
    float[] a = d.train().example(0);
    int base = (2 * 4 + 3) * 3; // pixel x=3, y=2 of a.png: 10·3 + 2
    assertArrayEquals(new float[] {32 / 255f, 32 / 255f, 32 / 255f}, new float[] {a[base], a[base + 1], a[base + 2]});
    float[] c = d.train().example(2);
    assertArrayEquals(new float[] {1, 0, 1}, new float[] {c[9], c[10], c[11]}, "the palette's magenta");
  }

  @Test
  void inconsistentOrBrokenFoldersNameTheFile() throws IOException {
    Path sizes = dir.resolve("sizes");
    png(sizes.resolve("a.png"), gray(5, 3, 0));
    png(sizes.resolve("b.png"), gray(4, 3, 0));
    assertMessage(sizes, "b.png: is 4×3 but", "all images must have one size");


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
