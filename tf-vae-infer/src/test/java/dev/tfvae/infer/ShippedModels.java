package dev.tfvae.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Locates the repository's {@code savedmodels/} folder from a module's test working directory. */
final class ShippedModels {
  private ShippedModels() {}

  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("savedmodels")) && Files.isRegularFile(p.resolve("tf-vae"))) {
        return p.resolve("savedmodels");
      }
    }
    throw new IllegalStateException("no savedmodels/ folder above " + here);
  }

  static Path fashionMnist() {
    return root().resolve("fashion-mnist-vae");
  }

  /** Every version folder under {@code savedmodels/NAME/}. */
  static List<Path> allVersions() throws IOException {
    List<Path> versions = new ArrayList<>();
    try (Stream<Path> names = Files.list(root())) {
      for (Path name : names.filter(Files::isDirectory).toList()) {
        try (Stream<Path> children = Files.list(name)) {
          children
              .filter(p -> p.getFileName().toString().matches("[0-9]+"))
              .forEach(versions::add);
        }
      }
    }
    return versions;
  }
}
