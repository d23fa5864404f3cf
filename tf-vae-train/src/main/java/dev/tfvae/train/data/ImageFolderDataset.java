package dev.tfvae.train.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
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
 * <p>All images must have one size, checked from the headers of every file before any pixel is decoded;
 * a header claiming more than {@link #MAX_PIXELS} pixels is refused, so a decompression bomb never
 * allocates. Any pixel format ImageIO reads is accepted and formats may be mixed: 1-, 2-, 4-, 8- and
 * 16-bit grayscale, grayscale with alpha, palette images (grayscale when every palette entry is gray),
 * RGB and RGBA. The data is grayscale ({@code [H, W]}) when every image is, else colour ({@code [H, W,
 * 3]}, grayscale images repeated in the three channels); alpha is dropped. Values are scaled to [0, 1] by
 * the largest value of each image's own bit depth (255 for 8 bits, 65535 for 16, 1 for 1-bit); every tenth
 * image of a fixed shuffle is held out for validation.
 */
public final class ImageFolderDataset {
  /** The largest image accepted, in pixels (4096 × 4096). */
  public static final long MAX_PIXELS = 4096L * 4096L;
  /** The most values all images together may hold (so the float array stays below 2^31). */
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private ImageFolderDataset() {}

  private record Entry(Path file, int label) {}

  private record Header(int width, int height, boolean colour) {}

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
    boolean colour = false;
    for (Entry e : entries) {
      Header h = header(e.file());
      if (h.width() != first.width() || h.height() != first.height()) {
        throw new InvalidDataException(
            e.file(), "is " + h.width() + "×" + h.height() + " but " + entries.get(0).file()
                + " is " + first.width() + "×" + first.height() + "; all images must have one size");
      }
      colour |= h.colour();
    }
    int channels = colour ? 3 : 1;
    int size = first.width() * first.height() * channels;
    if ((long) size * entries.size() > MAX_VALUES) {
      throw new InvalidDataException(
          dir, entries.size() + " images of " + size + " values do not fit in one array");
    }
    float[] values = new float[size * entries.size()];
    int[] labels = new int[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      decode(entries.get(i).file(), first, channels, values, i * size);
      labels[i] = entries.get(i).label();
    }
    boolean labelled = entries.stream().anyMatch(e -> e.label() >= 0);
    Split[] parts = HoldOut.divide(values, size, labelled ? labels : null);
    List<Integer> shape =
        channels == 1
            ? List.of(first.height(), first.width())
            : List.of(first.height(), first.width(), channels);
    return new Dataset(
        name, shape, parts[0], parts[1], List.of(), Dataset.PIXELS,
        Dataset.Setup.labelled(listing.classes()));
  }

  /**
   * Images a user gives a model ({@code --input}), read as {@link #load} reads a folder's.
   *
   * @param files the image files, in the order given (a folder's in sorted order)
   * @param images every image, scaled to [0, 1]; labelled by class sub-folder when a single folder with
   *     class sub-folders was given
   * @param classes the class sub-folders in label order (empty without labels)
   */
  public record Images(List<Path> files, Split images, List<String> classes) {
    public Images {
      files = List.copyOf(files);
      classes = List.copyOf(classes);
    }
  }

  /**
   * Reads image files and folders for a model that takes images of {@code shape} ({@code [H, W]}
   * grayscale or {@code [H, W, 3]} colour). Every file's header is checked against the shape before any
   * pixel is decoded; a grayscale image given to a colour model is repeated in the three channels, as in a
   * folder of mixed images, while a colour image given to a grayscale model is refused unless each of its
   * pixels is gray.
   *
   * @param paths image files, and folders of them (directly or in class sub-folders)
   */
  public static Images readImages(List<Path> paths, List<Integer> shape) throws IOException {
    if (shape.size() < 2 || shape.size() > 3 || (shape.size() == 3 && shape.get(2) != 3)) {
      throw new IllegalArgumentException(
          "the model takes examples of shape " + shape + ", not images ([H, W] or [H, W, 3])");
    }
    int height = shape.get(0);
    int width = shape.get(1);
    int channels = shape.size() == 3 ? 3 : 1;
    List<Entry> entries = new ArrayList<>();
    List<String> classes = List.of();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new NoSuchFileException(path.toString(), null, "input not found: " + path);
      }
      if (Files.isDirectory(path)) {
        Listing listing = list(path);
        if (listing.entries().isEmpty()) {
          throw new InvalidDataException(
              path, "holds no .png, .jpg or .jpeg files (directly or in class sub-folders)");
        }
        entries.addAll(listing.entries());
        if (paths.size() == 1) {
          classes = listing.classes();
        }
      } else {
        entries.add(new Entry(path, -1));
      }
    }
    String expected = width + "×" + height + (channels == 1 ? " grayscale" : " colour");
    for (Entry e : entries) {
      Header h = header(e.file());
      if (h.width() != width || h.height() != height) {
        throw new InvalidDataException(
            e.file(), "is " + h.width() + "×" + h.height() + (h.colour() ? " colour" : " grayscale")
                + " but the model takes " + expected + " images; resize it to " + width + "×" + height);
      }
    }
    int size = width * height * channels;
    if ((long) size * entries.size() > MAX_VALUES) {
      throw new InvalidDataException(
          paths.get(0), entries.size() + " images of " + size + " values do not fit in one array");
    }
    float[] values = new float[size * entries.size()];
    int[] labels = new int[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      decode(entries.get(i).file(), new Header(width, height, channels == 3), channels, values, i * size);
      labels[i] = entries.get(i).label();
    }
    boolean labelled = !classes.isEmpty();
    return new Images(
        entries.stream().map(Entry::file).toList(),
        new Split(values, size, labelled ? labels : null),
        classes);
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
        return new Header(width, height, isColour(types.next().getColorModel()));
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

  /** Whether a colour model has colour: a palette with a non-gray entry, or more than one component. */
  private static boolean isColour(ColorModel model) {
    if (model instanceof IndexColorModel palette) {
      for (int i = 0; i < palette.getMapSize(); i++) {
        if (palette.getRed(i) != palette.getGreen(i) || palette.getGreen(i) != palette.getBlue(i)) {
          return true;
        }
      }
      return false;
    }
    return model.getColorSpace().getNumComponents() > 1;
  }

  /**
   * Decodes {@code file} into {@code out[offset…]}, row-major with {@code channels} values per pixel
   * (channels last), each in [0, 1].
   */
  private static void decode(Path file, Header expected, int channels, float[] out, int offset)
      throws IOException {
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
    ColorModel model = image.getColorModel();
    Raster raster = image.getRaster();
    boolean gray = !isColour(model);
    // Gray samples are read from the raster: getRGB would convert linear gray to sRGB.
    float grayMax = model instanceof IndexColorModel ? 255f : (1 << model.getComponentSize(0)) - 1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int base = offset + (y * w + x) * channels;
        if (gray) {
          int sample = raster.getSample(x, y, 0);
          float v = (model instanceof IndexColorModel palette ? palette.getRed(sample) : sample) / grayMax;
          for (int c = 0; c < channels; c++) {
            out[base + c] = v;
          }
        } else if (channels == 1) {
          int rgb = image.getRGB(x, y);
          int r = (rgb >> 16) & 0xFF;
          int g = (rgb >> 8) & 0xFF;
          int b = rgb & 0xFF;
          if (r != g || g != b) {
            throw new InvalidDataException(
                file, "has colour (pixel (" + x + ", " + y + ") is RGB " + r + ", " + g + ", " + b
                    + ") but the model takes grayscale images; convert it to grayscale");
          }
          out[base] = r / 255f;
        } else {
          int rgb = image.getRGB(x, y);
          out[base] = ((rgb >> 16) & 0xFF) / 255f;
          out[base + 1] = ((rgb >> 8) & 0xFF) / 255f;
          out[base + 2] = (rgb & 0xFF) / 255f;
        }
      }
    }
  }
}
