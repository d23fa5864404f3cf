package dev.tfvae.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

  /** The highest version number a version folder may have. */
  public static final int MAX_VERSION = 999_999_999;

  private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("[1-9][0-9]{0,8}");

  /**
   * The version number a folder name stands for: a positive integer without leading zeros, at most
   * {@value #MAX_VERSION} (TF Serving serves such folders; {@code 0}, {@code 01} or {@code v2} are not
   * versions). The one definition of a version folder in tf-vae.
   */
  public static java.util.OptionalInt versionNumber(String folderName) {
    return VERSION.matcher(folderName).matches()
        ? java.util.OptionalInt.of(Integer.parseInt(folderName))
        : java.util.OptionalInt.empty();
  }

  /** The version numbers of the version folders directly under {@code base}, ascending. */
  public static java.util.List<Integer> versions(Path base) throws IOException {
    try (Stream<Path> children = Files.list(base)) {
      return children
          .filter(Files::isDirectory)
          .map(p -> versionNumber(p.getFileName().toString()))
          .filter(java.util.OptionalInt::isPresent)
          .map(java.util.OptionalInt::getAsInt)
          .sorted()
          .toList();
    }
  }

  /** The version folder of {@code base} with the highest number. */
  public static Optional<Path> newestVersion(Path base) throws IOException {
    java.util.List<Integer> versions = versions(base);
    return versions.isEmpty()
        ? Optional.empty()
        : Optional.of(base.resolve(Integer.toString(versions.get(versions.size() - 1))));
  }
}
