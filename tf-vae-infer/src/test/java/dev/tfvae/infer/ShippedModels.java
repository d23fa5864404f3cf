package dev.tfvae.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test support shared with the modules above (the test-jar): locates the repository's {@code
 * savedmodels/} folder from a module's test working directory, makes test images, copies folders.
 */
public final class ShippedModels {
  private ShippedModels() {}

  public static Path root() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("savedmodels")) && Files.isRegularFile(p.resolve("tf-vae"))) {
        return p.resolve("savedmodels");
      }
    }
    throw new IllegalStateException("no savedmodels/ folder above " + here);
  }

  public static Path fashionMnist() {
    return root().resolve("fashion-mnist-vae");
  }

  /** Every version folder under {@code savedmodels/NAME/}. */
  public static List<Path> allVersions() throws IOException {
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

  /** A 28×28 test image with values in [0, 1): products of two uniform draws, seeded. */
  public static float[] image(long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] x = new float[784];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() * r.nextFloat();
    }
    return x;
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
