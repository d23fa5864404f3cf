package dev.tfvae.train.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images read from a folder ({@code --dataset images:DIR}) with Java's ImageIO: {@code .png},
 * {@code .jpg} and {@code .jpeg} files directly in DIR, or in its sub-folders — then each sub-folder is a
 * class and its index in sorted order the label. Other files are ignored.
 *
 * <p>All images must have one size and one channel count (grayscale → {@code [H, W]}, colour →
 * {@code [H, W, 3]}; an alpha channel is dropped). That is checked from the headers of every file before any
 * pixel is decoded, and a header claiming more than {@link #MAX_PIXELS} pixels is refused, so a
 * decompression bomb never allocates. Pixels are divided by 255; every tenth image of a fixed shuffle is
 * held out for validation.
 */
public final class ImageFolderDataset {
  /** The largest image accepted, in pixels (4096 × 4096). */
  public static final long MAX_PIXELS = 4096L * 4096L;
  /** The most values all images together may hold (so the float array stays below 2^31). */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private ImageFolderDataset() {}

  private record Entry(Path file, int label) {}

  private record Header(int width, int height, int channels) {}

  public static Dataset load(String name, Path dir) throws IOException {
    if (!Files.exists(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "image folder not found: " + dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new InvalidDataException(dir, "is not a folder; images:DIR needs a folder of PNG/JPEG files");
    }
    Listing listing = list(dir);
    List<Entry> entries = listing.entries();
    if (entries.isEmpty()) {
      throw new InvalidDataException(
          dir, "holds no .png, .jpg or .jpeg files (directly or in class sub-folders)");
    }
    Header first = header(entries.get(0).file());
    for (Entry e : entries) {
      Header h = header(e.file());
      if (h.width() != first.width() || h.height() != first.height()) {
        throw new InvalidDataException(
            e.file(), "is " + h.width() + "×" + h.height() + " but " + entries.get(0).file()
                + " is " + first.width() + "×" + first.height() + "; all images must have one size");
      }
      if (h.channels() != first.channels()) {
        throw new InvalidDataException(
            e.file(), "has " + describe(h.channels()) + " pixels but " + entries.get(0).file()
                + " has " + describe(first.channels()) + "; convert them to one kind");
      }
    }
    int size = first.width() * first.height() * first.channels();
    if ((long) size * entries.size() > MAX_VALUES) {
      throw new InvalidDataException(
          dir, entries.size() + " images of " + size + " values do not fit in one array");
    }
    float[] values = new float[size * entries.size()];
    int[] labels = new int[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      decode(entries.get(i).file(), first, values, i * size);
      labels[i] = entries.get(i).label();
    }
    boolean labelled = entries.stream().anyMatch(e -> e.label() >= 0);
    Split[] parts = HoldOut.divide(values, size, labelled ? labels : null);
    List<Integer> shape =
        first.channels() == 1
            ? List.of(first.height(), first.width())
            : List.of(first.height(), first.width(), first.channels());
    return new Dataset(
        name, shape, parts[0], parts[1], List.of(), Dataset.PIXELS,
        Dataset.Setup.labelled(listing.classes()));
  }

  /**
   * The images of a folder.
   *
   * @param entries the image files in sorted order with their labels
   * @param classes the class sub-folders that hold images, in label order (empty without sub-folders)
   */
  private record Listing(List<Entry> entries, List<String> classes) {}

  /** Image files in sorted order, labelled by sub-folder (−1 for files directly in {@code dir}). */
  private static Listing list(Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    List<Path> children = sorted(dir);
    for (Path child : children) {
      if (Files.isDirectory(child) && !hidden(child)) {
        boolean any = false;
        for (Path file : sorted(child)) {
          if (isImage(file)) {
            entries.add(new Entry(file, classes.size()));
            any = true;
          }
        }
        if (any) {
          classes.add(child.getFileName().toString());
        }
      } else if (isImage(child)) {
        entries.add(new Entry(child, -1));
      }
    }
    boolean mixed =
        entries.stream().anyMatch(e -> e.label() < 0) && entries.stream().anyMatch(e -> e.label() >= 0);
    if (mixed) {
      throw new InvalidDataException(
          dir, "holds images both directly and in sub-folders; use one layout (sub-folders are classes)");
    }
    return new Listing(entries, classes);
  }

  private static List<Path> sorted(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && !hidden(p)
        && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
  }

  private static String describe(int channels) {
    return channels == 1 ? "grayscale" : "colour (RGB)";
  }

  /** Reads size and channels from the file's header, without decoding pixels. */
  private static Header header(Path file) throws IOException {
    if (Files.size(file) == 0) {
      throw new InvalidDataException(file, "is empty (0 bytes)");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = readerFor(file, in);
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
          throw new InvalidDataException(
              file, "claims " + width + "×" + height + " pixels; at most " + MAX_PIXELS
                  + " pixels per image are accepted");
        }
        Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
          throw new InvalidDataException(file, "has a pixel format ImageIO cannot decode");
        }
        int bands = types.next().getColorModel().getColorSpace().getNumComponents();
        return new Header(width, height, bands == 1 ? 1 : 3);
      } finally {
        reader.dispose();
      }
    } catch (InvalidDataException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new InvalidDataException(file, "is not a readable PNG/JPEG image: " + e.getMessage(), e);
    }
  }

  private static ImageReader readerFor(Path file, ImageInputStream in) throws InvalidDataException {
    if (in == null) {
      throw new InvalidDataException(file, "cannot be opened as an image");
    }
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    if (!readers.hasNext()) {
      throw new InvalidDataException(file, "is not a PNG or JPEG image (no ImageIO reader accepts it)");
    }
    return readers.next();
  }

  /** Decodes {@code file} into {@code out[offset…]} as row-major values / 255 (channels last). */
  private static void decode(Path file, Header expected, float[] out, int offset) throws IOException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new InvalidDataException(file, "cannot be decoded: " + e.getMessage(), e);
    }
    if (image == null) {
      throw new InvalidDataException(file, "cannot be decoded as an image");
    }
    if (image.getWidth() != expected.width() || image.getHeight() != expected.height()) {
      throw new InvalidDataException(file, "decoded to a different size than its header said");
    }
    int w = expected.width();
    int h = expected.height();
    if (expected.channels() == 1) {
      Raster raster = image.getRaster();
      boolean sixteenBit = raster.getSampleModel().getSampleSize(0) > 8;
      float max = sixteenBit ? 65535f : 255f;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[offset + y * w + x] = raster.getSample(x, y, 0) / max;
        }
      }
    } else {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = image.getRGB(x, y);
          int base = offset + (y * w + x) * 3;
          out[base] = ((rgb >> 16) & 0xFF) / 255f;
          out[base + 1] = ((rgb >> 8) & 0xFF) / 255f;
          out[base + 2] = (rgb & 0xFF) / 255f;
        }
      }
    }
  }
}
