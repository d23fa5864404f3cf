package dev.tfvae.infer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * Damaged SavedModels end in an exception that names the file or the broken part — never in a JVM crash
 * or a half-loaded model: truncated graph, truncated or missing variables, missing or lying manifest, no
 * signatures, wrong tags.
 */
class BrokenModelsTest {
  @TempDir Path dir;

  private Path copy() throws IOException {
    Path to = dir.resolve("m").resolve("1");
    ShippedModels.copyTree(ShippedModels.fashionMnist().resolve("2"), to);
    return to;
  }

  private static void truncate(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
  }

  private static void assertFails(Path version, Class<? extends Exception> type, String expected) {
    Exception e = assertThrows(type, () -> VaeModel.load(version));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void truncatedGraph() throws IOException {
    Path v = copy();
    truncate(v.resolve("saved_model.pb"));
    assertFails(v, IOException.class, "saved_model.pb");
  }

  @Test
  void truncatedVariables() throws IOException {
    Path v = copy();
    truncate(v.resolve("variables/variables.data-00000-of-00001"));
    assertFails(v, IOException.class, v.toString());
  }

  @Test
  void missingVariables() throws IOException {
    Path v = copy();
    Files.delete(v.resolve("variables/variables.index"));
    assertFails(v, InvalidModelException.class, "variables/variables.index is missing");
  }

  @Test
  void missingManifest() throws IOException {
    Path v = copy();
    Files.delete(v.resolve("assets.extra/tfvae-manifest.json"));
    assertFails(v, NoSuchFileException.class, "tfvae-manifest.json");
  }

  @Test
  void manifestThatLiesAboutTheInputSize() throws IOException {
    Path v = copy();
    Path manifest = v.resolve("assets.extra/tfvae-manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"input_shape\" : \\[ 28, 28 \\]",
        "\"input_shape\" : [ 27, 29 ]"));
    assertFails(v, InvalidModelException.class, "shape");
  }

  @Test
  void noSignaturesOrWrongTags() throws IOException {
    Path v = copy();
    Path pb = v.resolve("saved_model.pb");
    SavedModel original = SavedModel.parseFrom(Files.readAllBytes(pb));
    MetaGraphDef graph = original.getMetaGraphs(0);
    Files.write(pb, original.toBuilder().setMetaGraphs(0, graph.toBuilder().clearSignatureDef()).build().toByteArray());
    assertFails(v, InvalidModelException.class, "signature serving_default: missing");

    MetaGraphDef.MetaInfoDef train = graph.getMetaInfoDef().toBuilder().clearTags().addTags("train").build();
    Files.write(pb, original.toBuilder().setMetaGraphs(0, graph.toBuilder().setMetaInfoDef(train)).build().toByteArray());
    assertFails(v, InvalidModelException.class, "no meta graph is tagged 'serve'");
  }

  @Test
  void randomBytesEverywhere() throws IOException {
    Path v = copy();
    byte[] noise = new byte[4096];
    new java.util.Random(3).nextBytes(noise);
    Files.write(v.resolve("saved_model.pb"), noise);
    assertFails(v, IOException.class, "saved_model.pb");
  }
}
