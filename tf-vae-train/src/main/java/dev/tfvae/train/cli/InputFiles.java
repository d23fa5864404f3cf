package dev.tfvae.train.cli;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.CsvDataset;
import dev.tfvae.train.data.ImageFolderDataset;
import dev.tfvae.train.data.LabelNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --input}: the user's own examples instead of a dataset's validation split, read and checked by
 * the dataset readers of {@code dev.tfvae.train.data} as training data is: PNG/JPEG files or folders of
 * them for image models (a folder's class sub-folders give labels), CSV files in the table's own columns
 * for table models (their label column, when present, gives labels).
 */
final class InputFiles {
  @Option(names = "--input", paramLabel = "FILE|DIR",
      description = "your own examples instead of the validation split (repeatable): PNG/JPEG files or"
          + " folders of them for an image model (class sub-folders give labels), CSV files with a header"
          + " naming the model's columns for a table model (its label column may be present)")
  List<Path> paths;

  boolean given() {
    return paths != null && !paths.isEmpty();
  }

  /** The user's examples with {@code --input}, else the validation split of {@code data}. */
  Examples examples(VaeModel m, ModelInputs data) throws IOException {
    if (!given()) {
      return data.labelled(m);
    }
    if (data.dataset != null) {
      throw new IllegalArgumentException(
          "--input and --dataset both say which examples to use; give one of them");
    }
    return read(m);
  }

  /** The examples of {@code --input}, checked against {@code m}'s input. */
  Examples read(VaeModel m) throws IOException {
    List<Path> tables = paths.stream().filter(InputFiles::isCsv).toList();
    boolean tableModel = m.inputShape().size() == 1;
    if (!tables.isEmpty() && tables.size() != paths.size()) {
      throw new IllegalArgumentException(
          "--input mixes CSV files with images; a model takes one kind (" + describe(m) + ")");
    }
    if (tableModel && tables.isEmpty()) {
      throw new IllegalArgumentException(
          "model " + m.path() + " takes " + describe(m) + "; --input needs CSV files with those columns,"
              + " not images (" + paths.get(0) + ")");
    }
    if (!tableModel && !tables.isEmpty()) {
      throw new IllegalArgumentException(
          "model " + m.path() + " takes " + describe(m) + "; --input " + tables.get(0)
              + " is a CSV table (give PNG/JPEG files or a folder of them)");
    }
    return tableModel ? rows(m) : images(m);
  }

  private Examples rows(VaeModel m) throws IOException {
    ModelManifest manifest = m.manifest();
    List<String> features = featureColumns(manifest, m.inputSize());
    String label = labelColumnName(manifest.dataset());
    List<float[]> parts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    boolean labelled = true;
    for (Path file : paths) {
      CsvDataset.Rows rows = CsvDataset.readRows(file, features, manifest.dataset().columns(), label);
      parts.add(rows.rows().values());
      rows.lines().forEach(line -> sources.add(file + ":" + line));
      if (rows.labels() == null) {
        labelled = false;
      } else {
        labels.addAll(rows.labels());
      }
    }
    float[] flat = com.google.common.primitives.Floats.concat(parts.toArray(float[][]::new));
    var split = new dev.tfvae.train.data.Split(flat, features.size(), null);
    String description = describeFiles(sources.size(), "rows");
    return labelled
        ? Examples.withTextLabels(description, split, labels, manifest.dataset().labelNames(), sources)
        : new Examples(description, split, java.util.Map.of(), sources);
  }

  private Examples images(VaeModel m) throws IOException {
    ImageFolderDataset.Images images = ImageFolderDataset.readImages(paths, m.inputShape());
    return new Examples(
        describeFiles(images.files().size(), "images"), images.images(),
        LabelNames.byValue(images.classes()), images.files().stream().map(Path::toString).toList());
  }

  private String describeFiles(int count, String what) {
    return String.format(Locale.ROOT, "%d %s of %s", count, what,
        paths.size() == 1 ? paths.get(0).toString() : paths.size() + " inputs");
  }

  /** The feature columns of a table model, in its order. */
  static List<String> featureColumns(ModelManifest manifest, int size) {
    ModelManifest.Standardization s = manifest.preprocessing().standardization();
    if (s != null && s.columns().size() == size) {
      return s.columns();
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      names.add("column" + i);
    }
    return names;
  }

  /** The name of a table's label column ({@code --label-column} may have been a 0-based index). */
  static String labelColumnName(ModelManifest.DatasetInfo data) {
    String column = data.labelColumn();
    if (column == null || data.columns().contains(column)) {
      return column;
    }
    try {
      int index = Integer.parseInt(column);
      return index >= 0 && index < data.columns().size() ? data.columns().get(index) : column;
    } catch (NumberFormatException e) {
      return column;
    }
  }

  /** What a model takes, in words: "28×28 grayscale images" or "table rows of 8 columns (a, b, …)". */
  static String describe(VaeModel m) {
    List<Integer> shape = m.inputShape();
    if (shape.size() == 1) {
      return "table rows of " + shape.get(0) + " columns ("
          + String.join(", ", featureColumns(m.manifest(), m.inputSize())) + ")";
    }
    return imageShape(shape) + " images";
  }

  /** "28×28 grayscale" or "32×32 colour". */
  static String imageShape(List<Integer> shape) {
    return shape.get(1) + "×" + shape.get(0) + (shape.size() == 3 ? " colour" : " grayscale");
  }

  private static boolean isCsv(Path p) {
    return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
  }
}
