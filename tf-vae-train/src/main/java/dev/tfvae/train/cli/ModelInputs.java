package dev.tfvae.train.cli;

import dev.tfvae.infer.ModelPaths;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.DatasetLoader;
import dev.tfvae.train.data.Split;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --model} and the data to run it on, shared by the commands that use an exported model. Without
 * {@code --dataset}, the dataset the model was trained on (from its manifest) is used, read as it was for
 * training (e.g. with its {@code --label-column}); examples are taken from its validation split (the
 * test split of IDX data), indices 0-based.
 */
final class ModelInputs {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "a model version folder, or a base folder meaning its newest version")
  Path model;

  @Option(names = "--dataset", paramLabel = "D",
      description = "examples to use (default: the dataset the model was trained on)")
  String dataset;

  @Mixin DataSourceOptions source;

  private Dataset loaded;

  VaeModel open() throws IOException {
    return VaeModel.load(ModelPaths.resolveVersion(model));
  }

  /** The dataset name used: {@code --dataset}, or the model's training dataset. */
  String datasetName(VaeModel m) {
    return dataset != null ? dataset : m.manifest().dataset().name();
  }

  /**
   * The validation split of the data, checked against the model's input: a mismatch says what differs
   * and how to fix it ({@link DataMismatch}).
   */
  Split examples(VaeModel m) throws IOException {
    Dataset data = dataset(m);
    DataMismatch.check(data, m.manifest(), m.path());
    return data.validation();
  }

  /** The whole dataset (both splits), checked against the model's input like {@link #examples}. */
  Dataset checkedData(VaeModel m) throws IOException {
    Dataset data = dataset(m);
    DataMismatch.check(data, m.manifest(), m.path());
    return data;
  }

  /** The validation split with the names of its labels. */
  Examples labelled(VaeModel m) throws IOException {
    Split split = examples(m);
    return new Examples(
        "dataset " + datasetName(m) + ", validation split", split, labelNames(m), null);
  }

  /** The names of the data's label values (empty when they have none). */
  Map<Integer, String> labelNames(VaeModel m) throws IOException {
    return dataset(m).labelNames();
  }

  /**
   * The names legends and captions show: the data's label names, or for a table's integer labels the
   * column with the value ("quadrant 2") rather than a bare "label 2".
   */
  Map<Integer, String> legendNames(VaeModel m) throws IOException {
    Map<Integer, String> names = labelNames(m);
    String column = dataset(m).setup().labelColumn();
    return names.isEmpty() && column != null ? legend(examples(m), columnName(dataset(m))) : names;
  }

  /** Value → "COLUMN value" for every label value of {@code split}. */
  static Map<Integer, String> legend(Split split, String column) {
    Map<Integer, String> out = new java.util.TreeMap<>();
    if (split.labels() != null) {
      for (int v : split.labels()) {
        out.put(v, column + " " + v);
      }
    }
    return out;
  }

  private static String columnName(Dataset data) {
    String column = data.setup().labelColumn();
    List<String> columns = data.setup().columns();
    try {
      int index = Integer.parseInt(column);
      return index >= 0 && index < columns.size() ? columns.get(index) : column;
    } catch (NumberFormatException e) {
      return column;
    }
  }

  /** A loader for other data than the examples (e.g. anomaly sets). */
  DatasetLoader otherData() {
    return source.loader();
  }

  private Dataset dataset(VaeModel m) throws IOException {
    if (loaded == null) {
      try {
        loaded = source.load(datasetName(m), m.manifest().dataset());
      } catch (NoSuchFileException e) {
        throw dataset == null ? notFoundHere(e, m) : e;
      }
    }
    return loaded;
  }

  /**
   * The model's own data was not found: a relative path in its manifest is relative to the folder
   * training ran in, which this process may not be in.
   */
  private static NoSuchFileException notFoundHere(NoSuchFileException e, VaeModel m) {
    String name = m.manifest().dataset().name();
    int colon = name.indexOf(':');
    if (colon < 0 || Path.of(name.substring(colon + 1)).isAbsolute()) {
      return e;
    }
    NoSuchFileException hint = new NoSuchFileException(e.getFile(), null,
        "model " + m.path() + " was trained on " + name + ", a path relative to the folder training ran"
            + " in; it is not found from " + Path.of("").toAbsolutePath() + ". Run from that folder, or"
            + " pass --dataset " + name.substring(0, colon + 1) + "PATH (or your own examples with --input)");
    hint.initCause(e);
    return hint;
  }

  /** Example {@code index} of {@code data}, with a clear error when out of range. */
  static float[] example(Examples data, int index, String option) {
    if (data.sources() == null) {
      return example(data.split(), index, option);
    }
    if (index < 0 || index >= data.count()) {
      throw new IllegalArgumentException(
          option + " " + index + " is out of range: --input gives " + data.count()
              + " examples (0-based)");
    }
    return data.split().example(index);
  }

  /** Example {@code index} of {@code split}, with a clear error when out of range. */
  static float[] example(Split split, int index, String option) {
    if (index < 0 || index >= split.count()) {
      throw new IllegalArgumentException(
          option + " " + index + " is out of range: the validation split has " + split.count()
              + " examples (0-based)");
    }
    return split.example(index);
  }
}
