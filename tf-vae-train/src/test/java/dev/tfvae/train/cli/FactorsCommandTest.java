package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfvae.infer.ShippedModels;
import dev.tfvae.train.data.DatasetLoader;
import dev.tfvae.train.export.TrainingExport;
import dev.tfvae.train.training.TrainingConfig;
import dev.tfvae.train.training.TrainingListener;
import dev.tfvae.train.training.VaeTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code factors} on a model trained on shapes, and its refusals. */
class FactorsCommandTest {
  @Test
  void analysesAShapesModelAndDrawsItsTraversals(@TempDir Path dir) throws Exception {
    TrainingConfig config = TrainingConfig.builder().hidden(List.of(32)).latentDim(4).epochs(1)
        .checkpointDir(dir.resolve("checkpoints")).build();
    Path model = TrainingExport.export(
        new VaeTrainer(config).train(DatasetLoader.standard(null).load("shapes"), TrainingListener.NONE),
        dir.resolve("shapes-vae"), "FactorsCommandTest");
    CliRunner.Run run = CliRunner.run("factors", "--model", model.toString(), "--examples", "200",
        "--pictures", dir.resolve("pictures").toString(), "--json");
    assertEquals(0, run.code(), run.stderr());
    JsonNode m = new ObjectMapper().readTree(run.stdout()).get("models").get(0);
    assertEquals(4, m.get("kl_per_dim").size());
    assertEquals(5, m.get("factors").size());
    JsonNode scale = m.get("factors").get(1);
    assertEquals("scale", scale.get("factor").asText());
    assertTrue(Double.isFinite(scale.get("gain").asDouble()) && scale.get("edits").asInt() > 0, scale.toString());
    assertTrue(scale.get("best_dim").asInt() < 4);
    assertTrue(Files.size(dir.resolve("pictures").resolve("factors-shapes-vae-1.png")) > 1000);
  }

  @Test
  void modelsOfOtherDataAndBadCountsExitWith2() {
    Path fashion = ShippedModels.root().resolve("fashion-mnist-vae");
    CliRunner.Run other = CliRunner.run("factors", "--model", fashion.toString());
    assertEquals(2, other.code(), other.stderr());
    assertTrue(other.stderr().contains("shapes dataset only"), other.stderr());
    CliRunner.Run few = CliRunner.run("factors", "--model", "whatever", "--examples", "5");
    assertEquals(2, few.code());
    assertTrue(few.stderr().contains("--examples"), few.stderr());
  }
}
