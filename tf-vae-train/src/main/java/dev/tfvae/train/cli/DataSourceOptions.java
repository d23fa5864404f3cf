package dev.tfvae.train.cli;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.DatasetLoader;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a {@code --dataset} is read: {@code --label-column} and {@code --data-dir}, shared by
 * {@link DatasetOptions} and {@link ModelInputs}. For the data a model was trained on, the label column
 * defaults to the one its manifest records.
 */
final class DataSourceOptions {
  @Option(
      names = "--label-column",
      paramLabel = "NAME|INDEX",
      description =
          "csv:FILE only: the column (header name or 0-based index) holding labels (default: none; for"
              + " the data a --model was trained on, the model's)")
  String labelColumn;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "folder holding the IDX files of a named dataset (searched first)")
  Path dataDir;

  /** Loads {@code spec} with the given options. */
  Dataset load(String spec) throws IOException {
    return load(spec, labelColumn);
  }

  /**
   * Loads {@code spec} for a model trained on {@code trainedOn}: when it is that data and no
   * {@code --label-column} is given, with the label column the model was trained with.
   */
  Dataset load(String spec, ModelManifest.DatasetInfo trainedOn) throws IOException {
    boolean ownData = spec.equals(trainedOn.name());
    return load(spec, labelColumn == null && ownData ? trainedOn.labelColumn() : labelColumn);
  }

  /** A loader for other data (no label column). */
  DatasetLoader loader() {
    return DatasetLoader.standard(dataDir);
  }

  private Dataset load(String spec, String column) throws IOException {
    System.err.println("loading dataset " + spec + " ...");
    return loader().withLabelColumn(column).load(spec);
  }
}
