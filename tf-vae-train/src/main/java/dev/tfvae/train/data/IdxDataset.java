package dev.tfvae.train.data;

import dev.tfvae.core.contract.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A dataset stored as four IDX files in one folder, named as MNIST and Fashion-MNIST name them:
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each optionally gzip-compressed ({@code .gz}). Images must be unsigned
 * bytes; they are scaled to [0, 1] by dividing by 255. The t10k split is the validation split; a folder
 * holding only the training pair holds out every tenth training example of a fixed shuffle instead, as
 * CSV tables and image folders do.
 */
public final class IdxDataset {
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  private IdxDataset() {}

  /** True if {@code dir} holds the training images (raw or gzip). */
  public static boolean present(Path dir) {
    return find(dir, TRAIN_IMAGES) != null;
  }

  /**
   * Loads the four files from {@code dir}; {@code name} is recorded as the dataset's name, and the labels
   * of {@code fashion-mnist} and {@code mnist} are named.
   */
  public static Dataset load(String name, Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "IDX dataset folder not found");
    }
    List<ModelManifest.FileDigest> digests = new ArrayList<>();
    IdxReader.IdxArray trainImages = readRequired(dir, TRAIN_IMAGES, digests);
    IdxReader.IdxArray trainLabels = readRequired(dir, TRAIN_LABELS, digests);
    List<Integer> shape = imageShape(trainImages);
    boolean testImagesPresent = find(dir, TEST_IMAGES) != null;
    if (testImagesPresent != (find(dir, TEST_LABELS) != null)) {
      String missing = testImagesPresent ? TEST_LABELS : TEST_IMAGES;
      throw new NoSuchFileException(dir.resolve(missing).toString(), null, "missing IDX file (looked for "
          + missing + " and " + missing + ".gz; the t10k images and labels come as a pair, or neither"
          + " is given and a validation split is held out of the training files)");
    }
    if (!testImagesPresent) {
      Split all = split(trainImages, trainLabels);
      Split[] parts = HoldOut.divide(all.values(), all.exampleSize(), all.labels());
      return new Dataset(name, shape, parts[0], parts[1], digests, Dataset.PIXELS,
          Dataset.Setup.labelled(LabelNames.ofIdx(name)));
    }
    IdxReader.IdxArray testImages = readRequired(dir, TEST_IMAGES, digests);
    IdxReader.IdxArray testLabels = readRequired(dir, TEST_LABELS, digests);
    if (!shape.equals(imageShape(testImages))) {
      throw new InvalidDataException(
          testImages.file(),
          "images have shape " + imageShape(testImages) + " but the training images have " + shape);
    }
    return new Dataset(
        name,
        shape,
        split(trainImages, trainLabels),
        split(testImages, testLabels),
        digests,
        Dataset.PIXELS,
        Dataset.Setup.labelled(LabelNames.ofIdx(name)));
  }

  private static IdxReader.IdxArray readRequired(
      Path dir, String base, List<ModelManifest.FileDigest> digests) throws IOException {
    Path file = find(dir, base);
    if (file == null) {
      throw new NoSuchFileException(
          dir.resolve(base).toString(), null, "missing IDX file (looked for " + base + " and "
              + base + ".gz)");
    }
    IdxReader.IdxArray array = IdxReader.read(file);
    digests.add(Dataset.digest(file));
    return array;
  }

  static Path find(Path dir, String base) {
    for (String candidate : new String[] {base, base + ".gz"}) {
      Path file = dir.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }

  private static List<Integer> imageShape(IdxReader.IdxArray images) throws InvalidDataException {
    return imageShape(images.file(), images.type(), images.dimensions());
  }

  /** The example shape of an image file's header: its dimensions after the count. */
  static List<Integer> imageShape(Path file, int type, int[] dimensions) throws InvalidDataException {
    if (type != IdxReader.UBYTE) {
      throw new InvalidDataException(
          file,
          String.format("image element type is 0x%02X; only unsigned bytes (0x08) are supported",
              type));
    }
    if (dimensions.length < 2) {
      throw new InvalidDataException(
          file,
          "images need at least 2 dimensions (count, values…), header has "
              + Arrays.toString(dimensions));
    }
    List<Integer> shape = new ArrayList<>();
    for (int i = 1; i < dimensions.length; i++) {
      shape.add(dimensions[i]);
    }
    return shape;
  }

  /** Checks that a label file's header suits {@code images} images, as {@link #load} does. */
  static void checkLabels(Path labels, int type, int[] dimensions, Path images, int imageCount)
      throws InvalidDataException {
    if (type != IdxReader.UBYTE || dimensions.length != 1) {
      throw new InvalidDataException(
          labels,
          String.format("labels must be a 1-dimensional unsigned-byte IDX file, got type 0x%02X with "
              + "dimensions %s", type, Arrays.toString(dimensions)));
    }
    if (dimensions[0] != imageCount) {
      throw new InvalidDataException(
          labels, dimensions[0] + " labels but " + images.getFileName() + " has " + imageCount + " images");
    }
  }

  private static Split split(IdxReader.IdxArray images, IdxReader.IdxArray labels)
      throws InvalidDataException {
    checkLabels(labels.file(), labels.type(), labels.dimensions(), images.file(), images.count());
    byte[] raw = images.data();
    float[] values = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      values[i] = (raw[i] & 0xFF) / 255f;
    }
    int[] classes = new int[labels.count()];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = labels.data()[i] & 0xFF;
    }
    return new Split(values, images.itemSize(), classes);
  }
}
