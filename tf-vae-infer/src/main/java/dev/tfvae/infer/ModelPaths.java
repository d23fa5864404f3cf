package dev.tfvae.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resolves what users pass as {@code --model}: a version folder ({@code savedmodels/NAME/3}, holding
 * {@code saved_model.pb}) or a base folder ({@code savedmodels/NAME}, meaning its highest integer
 * version, as TF Serving reads it).
 */
public final class ModelPaths {
  private ModelPaths() {}

  /**
   * The version folder {@code path} designates.
   *
   * @throws NoSuchFileException if {@code path} is neither a version folder nor a base folder with one
   */
  public static Path resolveVersion(Path path) throws IOException {
    if (Files.isRegularFile(path.resolve("saved_model.pb"))) {
      return path;
    }
    if (!Files.isDirectory(path)) {
      throw new NoSuchFileException(path.toString(), null, "model folder not found");
    }
    Optional<Path> newest = newestVersion(path);
    if (newest.isEmpty()) {
      throw new NoSuchFileException(
          path.toString(),
          null,
          "neither a SavedModel version folder (no saved_model.pb) nor a base folder with integer "
              + "version folders");
    }
    if (!Files.isRegularFile(newest.get().resolve("saved_model.pb"))) {
      throw new NoSuchFileException(
          newest.get().resolve("saved_model.pb").toString(), null, "newest version has no saved_model.pb");
    }
    return newest.get();
  }

  /** The integer-named subfolder of {@code base} with the highest number. */
  public static Optional<Path> newestVersion(Path base) throws IOException {
    try (Stream<Path> children = Files.list(base)) {
      return children
          .filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().matches("[0-9]{1,9}"))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())));
    }
  }
}
