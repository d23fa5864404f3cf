package dev.tfvae.train.cli;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.ShapesDataset;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --dataset} (default {@code shapes}) and how it is read, for the commands that train or eval. */
final class DatasetOptions {
  @Option(
      names = "--dataset",
      defaultValue = ShapesDataset.NAME,
      paramLabel = "D",
      description =
          "shapes (default, built in), fashion-mnist, mnist, idx:DIR, csv:FILE or images:DIR")
  String dataset;

  @Mixin DataSourceOptions source;

  Dataset load() throws IOException {
    return source.load(dataset);
  }

  /** The data for a model trained on {@code trainedOn}, read with its recorded set-up. */
  Dataset load(ModelManifest.DatasetInfo trainedOn) throws IOException {
    return source.load(dataset, trainedOn);
  }
}
