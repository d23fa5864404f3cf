package dev.tfvae.train.data;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.Likelihood;
import java.util.List;
import java.util.Map;

/**
 * What training needs of a dataset: its examples, read by position, and the provenance a manifest
 * records. A {@link Dataset} holds its examples in memory; a {@link StreamedDataset} reads them from
 * disk as training goes.
 */
public interface TrainingData {
  /** The name it was loaded by ({@code fashion-mnist}, {@code idx:DIR}, {@code csv:FILE}, …). */
  String name();

  /** Shape of one example, e.g. {@code [28, 28]}. */
  List<Integer> exampleShape();

  /** Training examples, scaled as the model consumes them (not yet standardised). */
  ExampleSource train();

  /** Held-out examples. */
  ExampleSource validation();

  /** Files read, with SHA-256 digests (empty for generated data). */
  List<ModelManifest.FileDigest> files();

  /** How raw values were scaled. */
  ModelManifest.Preprocessing preprocessing();

  /** The label column, label names and table columns. */
  Dataset.Setup setup();

  /** What a manifest records about this data. */
  default ModelManifest.DatasetInfo info() {
    Dataset.Setup setup = setup();
    return new ModelManifest.DatasetInfo(
        name(), files(), train().count(), validation().count(), setup.labelColumn(),
        setup.labelNames(), setup.columns());
  }

  /** Label value → name, for legends and captions; empty when the labels have no names. */
  default Map<Integer, String> labelNames() {
    return LabelNames.byValue(setup().labelNames());
  }

  /**
   * The likelihood that suits the data when none is chosen: Gaussian for standardised tables, Bernoulli
   * for values in [0, 1] such as pixels.
   */
  default Likelihood defaultLikelihood() {
    return preprocessing().standardization() != null ? Likelihood.GAUSSIAN : Likelihood.BERNOULLI;
  }
}
