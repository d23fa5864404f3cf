package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfvae.infer.ShippedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  private static final Path SHIPPED = Path.of("..", "savedmodels", "fashion-mnist-vae", "2");

  @TempDir Path dir;

  private static void copy(Path from, Path to) throws IOException {
    ShippedModels.copyTree(from, to);
  }

  @Test
  void everyShippedModelPassesAndIsDescribed() throws Exception {
    for (String name : new String[] {"fashion-mnist-vae", "fashion-mnist-conv-vae"}) {
      CliRunner.Run r = CliRunner.run("inspect", "--model", "../savedmodels/" + name, "--json");
      assertEquals(0, r.code(), r.stdout());
      JsonNode json = Json.MAPPER.readTree(r.stdout());
      assertTrue(json.get("checks_passed").asBoolean());
      assertEquals("serve", json.get("tags").get(0).get(0).asText());
      JsonNode def = json.get("signatures").get("serving_default");
      assertEquals("tensorflow/serving/predict", def.get("method_name").asText());
      assertTrue(def.get("inputs").get("x").asText().startsWith("DT_FLOAT [-1, 28, 28]"), def.toString());
      assertEquals("./tf-vae train --dataset fashion-mnist", json.get("manifest").get("command_line").asText().substring(0, 38));
    }
  }

  @Test
  void brokenModelsFailWithExitCode2() throws Exception {
    Path noVariables = dir.resolve("a").resolve("1");
    copy(SHIPPED, noVariables);
    Files.delete(noVariables.resolve("variables/variables.index"));
    CliRunner.Run r = CliRunner.run("inspect", "--model", noVariables.toString(), "--json");
    assertEquals(2, r.code());
    assertTrue(r.stdout().contains("variables/variables.index is missing"), r.stdout());

    Path named = dir.resolve("b").resolve("latest");
    copy(SHIPPED, named);
    r = CliRunner.run("inspect", "--model", named.toString(), "--json");
    assertEquals(2, r.code());
    assertTrue(r.stdout().contains("is not a positive integer"), r.stdout());

    Path garbage = dir.resolve("c").resolve("1");
    copy(SHIPPED, garbage);
    Files.write(garbage.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertEquals(2, CliRunner.run("inspect", "--model", garbage.toString()).code());
    assertEquals(2, CliRunner.run("inspect", "--model", dir.resolve("missing").toString()).code());
  }
}
