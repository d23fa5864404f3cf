package dev.tfvae.spark.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.ShippedModels;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution on the driver follows ModelPaths' definition of a version folder. */
class ModelResolverTest {
  static final Configuration CONF = new Configuration();

  @Test
  void aBaseFolderMeansItsHighestVersionFolderAndNothingElse(@TempDir Path base) throws Exception {
    Path model = ShippedModels.fashionMnist().resolve("2");
    for (String name : List.of("1", "3", "0", "01", "v9", ".tmp-7", "1000000000")) {
      ShippedModels.copyTree(model, base.resolve(name));
    }
    Files.writeString(base.resolve("5"), "a file, not a folder");
    ResolvedModel r = ModelResolver.resolve(base.toString(), CONF);
    assertEquals(3, r.version());
    assertEquals("file:" + base.resolve("3"), r.versionUri());
    assertEquals(List.of(28, 28), r.inputShape());
    assertEquals(784, r.inputSize());
    assertEquals(20, r.latentDim());
    assertTrue(r.variational());
    assertTrue(r.unitInterval());
    assertEquals(3, ModelResolver.resolve("file://" + base, CONF).version(), "a file: URI too");
    assertEquals(1, ModelResolver.resolve(base.resolve("1").toString(), CONF).version(), "a version folder");
    assertEquals(0, ModelResolver.resolve(base.resolve("v9").toString(), CONF).version(),
        "a version folder of another name is taken as it is");
  }

  @Test
  void missingModelsAreNamed(@TempDir Path dir) throws Exception {
    assertMessage(dir.resolve("none"), "model folder not found");
    Files.createDirectories(dir.resolve("empty/v1"));
    assertMessage(dir.resolve("empty"), "neither a SavedModel version folder");
    ShippedModels.copyTree(ShippedModels.fashionMnist().resolve("2"), dir.resolve("half/1"));
    Files.createDirectories(dir.resolve("half/2"));
    assertMessage(dir.resolve("half"), "half/2/saved_model.pb: newest version has no saved_model.pb");
    ShippedModels.copyTree(ShippedModels.fashionMnist().resolve("2"), dir.resolve("bare/1"));
    Files.delete(dir.resolve("bare/1/assets.extra/tfvae-manifest.json"));
    assertMessage(dir.resolve("bare"), "tfvae-manifest.json: the model has no tf-vae manifest");
  }

  private static void assertMessage(Path path, String expected) {
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> ModelResolver.resolve(path.toString(), CONF));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
