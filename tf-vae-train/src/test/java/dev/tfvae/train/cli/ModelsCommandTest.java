package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models} lists models and versions from their manifests alone, best first per model, and lists
 * unreadable folders without failing.
 */
class ModelsCommandTest {
  private static final Path SHIPPED_MANIFEST =
      Path.of("../savedmodels/fashion-mnist-vae/2/assets.extra/tfvae-manifest.json");

  @TempDir Path dir;

  /**
   * A version folder holding only a manifest (the shipped one with another validation neg_elbo) and an
   * empty saved_model.pb: {@code models} must not need more.
   */
  private void version(String model, int version, double negElbo, Double iwae) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(model).resolve(Integer.toString(version)));
    ObjectNode manifest = (ObjectNode) Json.MAPPER.readTree(Files.readString(SHIPPED_MANIFEST));
    ObjectNode validation = (ObjectNode) manifest.get("validation_metrics");
    validation.put("neg_elbo", negElbo);
    if (iwae != null) {
      validation.put("iwae_nll", iwae);
    }
    Files.createDirectories(folder.resolve("assets.extra"));
    Files.writeString(folder.resolve("assets.extra/tfvae-manifest.json"), manifest.toString());
    Files.write(folder.resolve("saved_model.pb"), new byte[0]);
  }

  private static List<Integer> order(JsonNode model) {
    List<Integer> out = new ArrayList<>();
    model.get("versions").forEach(v -> out.add(v.get("version").asInt()));
    return out;
  }

  @Test
  void versionsAreListedBestFirstAndUnreadableFoldersAreNamed() throws Exception {
    version("b-model", 1, 250, null);
    version("b-model", 2, 240, 238.5);
    version("b-model", 3, 260, null);
    version("a-model", 1, 100, null);
    Path broken = Files.createDirectories(dir.resolve("b-model/4/assets.extra"));
    Files.writeString(broken.resolve("tfvae-manifest.json"), "{not json");
    Files.write(dir.resolve("b-model/4/saved_model.pb"), new byte[0]);
    Files.createDirectories(dir.resolve("b-model/latest"));
    Files.createDirectories(dir.resolve("notes"));
    Files.createDirectories(dir.resolve("b-model/.tmp-export-123"));

    CliRunner.Run r = CliRunner.run("models", dir.toString(), "--json");
    assertEquals(0, r.code(), r.stderr());
    JsonNode json = Json.MAPPER.readTree(r.stdout());
    JsonNode models = json.get("models");
    assertEquals(2, models.size());
    assertEquals("a-model", models.get(0).get("name").asText());
    JsonNode b = models.get(1);
    assertEquals(List.of(2, 1, 3), order(b), "lowest validation neg_elbo first");
    assertEquals(4, b.get("newest_version").asInt(), "the unreadable 4 is still the newest folder");
    JsonNode best = b.get("versions").get(0);
    assertEquals(238.5, best.get("iwae_nll").asDouble());
    assertFalse(b.get("versions").get(1).has("iwae_nll"), "only where recorded");
    assertEquals("vae", best.get("kind").asText());
    assertEquals("mlp", best.get("arch").asText());
    assertEquals("fashion-mnist", best.get("dataset").asText());
    assertEquals(20, best.get("latent_dim").asInt());
    assertEquals("2026-11-24T21:22:37Z", best.get("created_at").asText());
    List<String> unreadable = new ArrayList<>();
    json.get("unreadable").forEach(u -> unreadable.add(Path.of(u.get("path").asText()).getFileName() + ": "
        + u.get("problem").asText()));
    assertEquals(3, unreadable.size(), unreadable.toString());
    assertTrue(unreadable.get(0).startsWith("4: assets.extra/tfvae-manifest.json: not a valid tf-vae manifest"),
        unreadable.toString());
    assertTrue(unreadable.get(1).startsWith("latest: not a version folder"), unreadable.toString());
    assertEquals("notes: holds no version folders (1, 2, …)", unreadable.get(2));

    CliRunner.Run text = CliRunner.run("models", dir.toString());
    assertEquals(0, text.code());
    List<String> lines = text.stdout().lines().toList();
    assertEquals(dir + ": 2 models, 4 versions (best first per model, by validation neg_elbo)", lines.get(0));
    assertTrue(lines.get(2).matches("model +version +kind +arch +data +input +latent +epochs +neg_elbo"
        + " +iwae_nll +created"), lines.get(2));
    assertTrue(lines.get(3).matches("a-model +1\\* +vae +mlp 400 +fashion-mnist +28×28 +20 +10 +100\\.00 +- +"
        + "2026-11-24T21:22:37Z"), lines.get(3));
    assertTrue(lines.get(4).matches("b-model +2  +vae .* 240\\.00 +238\\.50 .*"), lines.get(4));
    assertTrue(lines.get(5).matches(" +1  +vae .* 250\\.00 .*"), lines.get(5));
    assertEquals(lines.get(3).indexOf("fashion-mnist"), lines.get(5).indexOf("fashion-mnist"), "aligned");
    assertTrue(text.stdout().contains("not readable as models:\n  " + dir.resolve("b-model/4")
        + ": assets.extra/tfvae-manifest.json: not a valid tf-vae manifest"), text.stdout());
  }

  @Test
  void theShippedModelsAndASingleBaseFolderAreListed() throws Exception {
    CliRunner.Run r = CliRunner.run("models", "../savedmodels", "--json");
    assertEquals(0, r.code());
    // Only the shipped models: a user's own (the README's first `./tf-vae train`) may sit beside them.
    List<JsonNode> models = new java.util.ArrayList<>();
    Json.MAPPER.readTree(r.stdout()).get("models").forEach(model -> {
      if (model.get("name").asText().startsWith("fashion-mnist")) {
        models.add(model);
      }
    });
    List<String> names = models.stream().map(m -> m.get("name").asText()).toList();
    assertEquals(
        List.of(
            "fashion-mnist-conv-latent32-vae", "fashion-mnist-conv-vae", "fashion-mnist-cvae",
            "fashion-mnist-vae"),
        names,
        "by name");
    assertEquals(List.of(2, 1), order(models.get(names.indexOf("fashion-mnist-vae"))),
        "equal figures: the newer first");
    assertEquals(0, Json.MAPPER.readTree(r.stdout()).get("unreadable").size());

    JsonNode one = Json.MAPPER.readTree(
        CliRunner.run("models", "../savedmodels/fashion-mnist-vae", "--json").stdout()).get("models");
    assertEquals(1, one.size());
    assertEquals("fashion-mnist-vae", one.get(0).get("name").asText());
    assertEquals(2, CliRunner.run("models", dir.resolve("missing").toString()).code());
  }
}
