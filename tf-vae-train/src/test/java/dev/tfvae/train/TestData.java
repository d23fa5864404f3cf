package dev.tfvae.train;

import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.ShapesDataset;
import java.util.List;

/** Small datasets and configurations that train in about a second. */
public final class TestData {
  private TestData() {}

  /** 1,024 training and 256 validation shapes. */
  public static Dataset smallShapes() {
    return new Dataset(
        "shapes-small",
        List.of(28, 28),
        ShapesDataset.generate(1024, 11),
        ShapesDataset.generate(256, 12),
        List.of(),
        Dataset.PIXELS);
  }
}
