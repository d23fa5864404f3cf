package dev.tfvae.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfvae.core.model.Architecture;
import dev.tfvae.core.model.LearningRateSchedule;
import dev.tfvae.core.model.Likelihood;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.ModelSettings;
import dev.tfvae.core.model.TrainingSettings;
import dev.tfvae.core.model.VaeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifest format is a contract: every manifest shipped under {@code savedmodels/} (written by
 * earlier versions of tf-vae) still parses, and writing it again keeps every key it had with the same
 * value; the keys added since round-trip too.
 */
class ModelManifestTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  static List<Path> shippedManifests() throws IOException {
    Path root = Path.of("..", "savedmodels");
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> found =
          files.filter(p -> p.endsWith(SignatureContract.MANIFEST_PATH)).sorted().toList();
      assertFalse(found.isEmpty(), "no manifests under " + root.toAbsolutePath());
      return found;
    }
  }

  @Test
  void everyShippedManifestParsesAndKeepsEveryKeyWhenWrittenAgain() throws Exception {
    for (Path file : shippedManifests()) {
      String original = Files.readString(file);
      ModelManifest m = ModelManifest.fromJson(original, file.toString());
      String written = m.toJson();
      assertEquals(m, ModelManifest.fromJson(written, "rewritten " + file), file.toString());
      List<String> lost = new ArrayList<>();
      missingOrChanged("", PLAIN.readTree(original), PLAIN.readTree(written), lost);
      assertTrue(lost.isEmpty(), file + ": keys lost or changed when written again: " + lost);
      if (!m.versions().tfVae().equals(LibraryVersions.current().tfVae())) {
        // What earlier versions did not record reads as "not recorded", never as a guessed default.
        // (A model the user trained with this build, e.g. the README's first `./tf-vae train`, records
        // it all.)
        assertNull(m.training().settings(), file.toString());
        assertNull(m.training().epochsTrained(), file.toString());
        assertEquals(m.training().epochs(), m.training().exportedEpoch());
      }
    }
  }

  @Test
  void aManifestWithoutArchMeansMlp() throws Exception {
    ModelManifest m = ModelManifest.read(Path.of("..", "savedmodels", "fashion-mnist-vae", "1"));
    assertEquals(Architecture.MLP, m.config().arch());
    assertEquals(List.of(400), m.config().hidden());
    assertEquals(List.of(28, 28), m.config().inputShape());
  }

  @Test
  void theAddedKeysRoundTrip() throws Exception {
    VaeConfig config =
        ModelSettings.builder().kind(ModelKind.VAE).latentDim(2).hidden(List.of(64, 32)).beta(0.5)
            .build()
            .forData(List.of(8), Likelihood.GAUSSIAN);
    TrainingSettings settings =
        TrainingSettings.builder().epochs(30).batchSize(64).learningRate(3e-4)
            .schedule(LearningRateSchedule.COSINE).klWarmupEpochs(1.5).freeBits(0.25)
            .earlyStoppingPatience(3).seed(7).threads(2).build();
    ModelManifest m =
        new ModelManifest(
            ModelManifest.SCHEMA_VERSION,
            config,
            new ModelManifest.Preprocessing("test", 1),
            new ModelManifest.DatasetInfo(
                "csv:t.csv", List.of(), 90, 10, "quadrant", List.of("ne", "nw", "se", "sw"),
                List.of("a", "b", "quadrant")),
            ModelManifest.TrainingInfo.of(settings, 12, 15, 1234.5),
            Map.of("loss", 1.0),
            Map.of("neg_elbo", 2.0),
            LibraryVersions.current(),
            "./tf-vae train …",
            "2026-01-01T00:00:00Z",
            List.of());
    String json = m.toJson();
    assertEquals(m, ModelManifest.fromJson(json, "test"));
    JsonNode tree = PLAIN.readTree(json);
    JsonNode training = tree.get("training");
    assertEquals(12, training.get("epochs").asInt());
    assertEquals(12, training.get("exported_epoch").asInt());
    assertEquals(15, training.get("epochs_trained").asInt());
    assertEquals("cosine", training.get("settings").get("schedule").asText());
    assertEquals(1.5, training.get("settings").get("kl_warmup_epochs").asDouble());
    assertEquals(0.25, training.get("settings").get("free_bits").asDouble());
    assertEquals(3, training.get("settings").get("early_stopping_patience").asInt());
    assertEquals(2, training.get("settings").get("threads").asInt());
    assertEquals("quadrant", tree.get("dataset").get("label_column").asText());
    assertEquals(4, tree.get("dataset").get("label_names").size());
    assertEquals(List.of("kind", "arch", "input_shape", "hidden", "latent_dim", "likelihood", "beta"),
        fieldNames(tree.get("config")));
  }

  @Test
  void legacyTrainingKeysMustAgreeWithTheSettings() {
    TrainingSettings settings = TrainingSettings.builder().seed(7).build();
    assertThrows(
        IllegalArgumentException.class,
        () -> new ModelManifest.TrainingInfo(8, 10, 128, 1e-3, 1, 10, settings));
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Adds to {@code out} each path of {@code before} that {@code after} lacks or holds differently. */
  private static void missingOrChanged(String path, JsonNode before, JsonNode after, List<String> out) {
    if (before.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = before.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String child = path + "/" + e.getKey();
        if (after == null || !after.has(e.getKey())) {
          out.add(child + " (missing)");
        } else {
          missingOrChanged(child, e.getValue(), after.get(e.getKey()), out);
        }
      }
    } else if (before.isArray()) {
      if (after == null || !after.isArray() || after.size() != before.size()) {
        out.add(path + " (array changed)");
        return;
      }
      for (int i = 0; i < before.size(); i++) {
        missingOrChanged(path + "/" + i, before.get(i), after.get(i), out);
      }
    } else if (!before.equals(after)) {
      out.add(path + ": " + before + " became " + after);
    }
  }
}
