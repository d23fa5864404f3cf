package dev.tfvae.train.cli;

import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.DatasetLoader;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --dataset} and {@code --data-dir}, shared by the commands that read data. */
final class DatasetOptions {
  @Option(
      names = "--dataset",
      defaultValue = "shapes",
      paramLabel = "D",
      description =
          "shapes (default, built in), fashion-mnist, mnist, idx:DIR, csv:FILE or images:DIR")
  String dataset;

  @Option(
      names = "--label-column",
      paramLabel = "NAME|INDEX",
      description = "csv:FILE only: the column (header name or 0-based index) holding labels")
  String labelColumn;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "folder holding the IDX files of a named dataset (searched first)")
  Path dataDir;

  Dataset load() throws IOException {
    System.err.println("loading dataset " + dataset + " ...");
    return DatasetLoader.standard(dataDir).withLabelColumn(labelColumn).load(dataset);
  }
}
