package dev.tfvae.train;

import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.ShapesDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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

  /** Copies the folder tree {@code from} to {@code to}. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
