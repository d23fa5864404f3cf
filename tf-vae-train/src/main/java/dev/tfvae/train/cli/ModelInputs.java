package dev.tfvae.train.cli;

import dev.tfvae.infer.ModelPaths;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.DatasetLoader;
import dev.tfvae.train.data.Split;
import java.io.IOException;
import java.nio.file.Path;
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

  /** The validation split of the data, checked against the model's input size. */
  Split examples(VaeModel m) throws IOException {
    Dataset data = dataset(m);
    if (data.exampleSize() != m.inputSize()) {
      throw new IllegalArgumentException(
          "dataset " + data.name() + " has examples of shape " + data.exampleShape()
              + " but model " + m.path() + " expects " + m.inputShape());
    }
    return data.validation();
  }

  /** The names of the data's label values (empty when they have none). */
  Map<Integer, String> labelNames(VaeModel m) throws IOException {
    return dataset(m).labelNames();
  }

  /** A loader for other data than the examples (e.g. anomaly sets). */
  DatasetLoader otherData() {
    return source.loader();
  }

  private Dataset dataset(VaeModel m) throws IOException {
    if (loaded == null) {
      loaded = source.load(datasetName(m), m.manifest().dataset());
    }
    return loaded;
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
