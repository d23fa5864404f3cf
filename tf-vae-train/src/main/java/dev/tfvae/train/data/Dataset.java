package dev.tfvae.train.data;

import com.google.common.collect.ImmutableList;
import dev.tfvae.core.contract.ModelManifest;
import java.util.List;

/**
 * A dataset ready for training: examples scaled to the model's input range, split into training and
 * validation parts, with the provenance that goes into the model's manifest.
 *
 * @param name the name it was loaded by ({@code shapes}, {@code fashion-mnist}, {@code idx:DIR}, …)
 * @param exampleShape shape of one example, e.g. {@code [28, 28]}
 * @param train training examples
 * @param validation held-out examples (the test split for IDX datasets)
 * @param files files read, with SHA-256 digests (empty for generated data)
 * @param preprocessing how raw values were scaled
 * @param setup the label column, label names and table columns
 */
public record Dataset(
    String name,
    List<Integer> exampleShape,
    Split train,
    Split validation,
    List<ModelManifest.FileDigest> files,
    ModelManifest.Preprocessing preprocessing,
    Setup setup)
    implements TrainingData {

  /**
   * How the data was read, beyond its values: what a model's manifest records so that commands using the
   * model can read its data the same way and name its labels.
   *
   * @param labelColumn the table's {@code --label-column}, or {@code null}
   * @param labelNames the name of each label value (index = value); empty when labels are plain numbers
   *     or absent
   * @param columns a table's columns as read (header or {@code column0…}), label column included; empty
   *     for other data
   */
  public record Setup(String labelColumn, List<String> labelNames, List<String> columns) {
    /** Data without label names or columns. */
    public static final Setup NONE = new Setup(null, List.of(), List.of());

    public Setup {
      labelNames = ImmutableList.copyOf(labelNames);
      columns = ImmutableList.copyOf(columns);
    }

    /** Labels named {@code names} (index = value), nothing else. */
    public static Setup labelled(List<String> names) {
      return new Setup(null, names, List.of());
    }
  }

  /** A dataset without label names or columns ({@link Setup#NONE}). */
  public Dataset(
      String name,
      List<Integer> exampleShape,
      Split train,
      Split validation,
      List<ModelManifest.FileDigest> files,
      ModelManifest.Preprocessing preprocessing) {
    this(name, exampleShape, train, validation, files, preprocessing, Setup.NONE);
  }

  public Dataset {
    exampleShape = ImmutableList.copyOf(exampleShape);
    files = ImmutableList.copyOf(files);
    setup = setup == null ? Setup.NONE : setup;
    int size = exampleShape.stream().reduce(1, Math::multiplyExact);
    if (train.exampleSize() != size || validation.exampleSize() != size) {
      throw new IllegalArgumentException(
          "dataset " + name + ": examples of shape " + exampleShape + " need " + size
              + " values, splits have " + train.exampleSize() + " and " + validation.exampleSize());
    }
    if (train.count() == 0) {
      throw new IllegalArgumentException("dataset " + name + " has no training examples");
    }
  }

  /** Values per example. */
  public int exampleSize() {
    return train.exampleSize();
  }

  /** The name, SHA-256 and size of a data file, for the manifest. */
  public static ModelManifest.FileDigest digest(java.nio.file.Path file) throws java.io.IOException {
    return new ModelManifest.FileDigest(
        file.getFileName().toString(),
        com.google.common.io.MoreFiles.asByteSource(file)
            .hash(com.google.common.hash.Hashing.sha256())
            .toString(),
        java.nio.file.Files.size(file));
  }

  /** The standard scaling of 8-bit pixels. */
  public static final ModelManifest.Preprocessing PIXELS =
      new ModelManifest.Preprocessing("8-bit pixel values divided by 255 (inputs in [0, 1])", 255);
}
