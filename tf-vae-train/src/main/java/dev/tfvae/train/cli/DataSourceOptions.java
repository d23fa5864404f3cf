package dev.tfvae.train.cli;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.DatasetLoader;
import dev.tfvae.train.data.CsvDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a {@code --dataset} is read: {@code --label-column} and {@code --data-dir}, shared by
 * {@link DatasetOptions} and {@link ModelInputs}. For the data a model was trained on, the label column
 * defaults to the one its manifest records.
 */
final class DataSourceOptions {
  private static final String CSV = "csv:";

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
    return load(spec, labelColumn != null ? labelColumn : recordedLabelColumn(spec, trainedOn));
  }

  /**
   * The label column a model was trained with, for a table {@code spec}: the model's own table (the same
   * file, however its path is spelled) is read as it was for training, and another table whose header
   * has the model's label column has it read as labels too (said on stderr). {@code null} otherwise.
   */
  private static String recordedLabelColumn(String spec, ModelManifest.DatasetInfo trainedOn)
      throws IOException {
    String recorded = trainedOn.labelColumn();
    if (recorded == null || !spec.startsWith(CSV) || !trainedOn.name().startsWith(CSV)) {
      return null;
    }
    Path file = Path.of(spec.substring(CSV.length()));
    Path trainedFile = Path.of(trainedOn.name().substring(CSV.length()));
    if (spec.equals(trainedOn.name())
        || file.toAbsolutePath().normalize().equals(trainedFile.toAbsolutePath().normalize())) {
      return recorded;
    }
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<String> columns = CsvDataset.columns(file);
    String name = InputFiles.labelColumnName(trainedOn);
    String column =
        columns.equals(trainedOn.columns()) ? recorded
            : columns.contains(name) && !name.matches("column\\d+") ? name
            : null;
    if (column != null) {
      System.err.println("reading column " + name + " of " + file + " as labels, as the model was trained"
          + " (--label-column chooses another)");
    }
    return column;
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
