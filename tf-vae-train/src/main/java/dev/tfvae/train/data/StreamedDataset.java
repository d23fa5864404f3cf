package dev.tfvae.train.data;

import com.google.common.collect.ImmutableList;
import dev.tfvae.core.contract.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset read from disk as training goes, for data larger than memory ({@code train --stream}):
 * the same examples, split and provenance that loading it into a {@link Dataset} gives, read a range
 * at a time. Opened by {@link DatasetLoader#stream}. IDX files are read in place; a CSV table is first
 * converted to float32 rows in a temporary file, which this dataset owns and {@link #close()} deletes.
 *
 * @param scratch the temporary file this dataset owns, or {@code null}
 */
public record StreamedDataset(
    String name,
    List<Integer> exampleShape,
    StreamedSplit train,
    StreamedSplit validation,
    List<ModelManifest.FileDigest> files,
    ModelManifest.Preprocessing preprocessing,
    Dataset.Setup setup,
    Path scratch)
    implements TrainingData, AutoCloseable {

  public StreamedDataset {
    exampleShape = ImmutableList.copyOf(exampleShape);
    files = ImmutableList.copyOf(files);
    if (train.count() == 0) {
      throw new IllegalArgumentException("dataset " + name + " has no training examples");
    }
  }

  /** Deletes the temporary file, if any; the data cannot be read afterwards. */
  @Override
  public void close() throws IOException {
    if (scratch != null) {
      Files.deleteIfExists(scratch);
    }
  }
}
