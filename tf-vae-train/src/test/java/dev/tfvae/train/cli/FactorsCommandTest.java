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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code factors} on a model trained on shapes, on a table model against the factors its table records
 * (and against the same factors shuffled across rows, which no model can have learned), and its refusals.
 */
class FactorsCommandTest {
  private static final String TABLE = "csv:../examples/two-factor.csv";
  private static final Path FACTORS = Path.of("../examples/two-factor-factors.csv");
  /** A learned factor's edit moves it by at least this share of what it asks (measured 0.85, 0.91). */
  private static final double GAIN_LEARNED = 0.5;
  /** An edit along a vector fitted to shuffled factors moves them by at most this (measured 0.0001). */
  private static final double GAIN_NOISE = 0.05;

  @Test
  void measuresATableModelAgainstTheFactorsItsTableRecords(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("two-factor");
    CliRunner.Run train = CliRunner.run("train", "--dataset", TABLE, "--label-column", "quadrant",
        "--latent", "2", "--hidden", "64,32", "--epochs", "15", "--out", model.toString(),
        "--checkpoint-dir", dir.resolve("checkpoints").toString(), "--quiet");
    assertEquals(0, train.code(), train.stderr());

    JsonNode truth = factors(model, "csv:" + FACTORS);
    assertEquals(500, truth.get("examples").asInt(), "the table's held-out rows are the model's 500");
    JsonNode m = truth.get("models").get(0);
    assertEquals(2, m.get("kl_per_dim").size());
    JsonNode u = m.get("factors").get(0);
    JsonNode v = m.get("factors").get(1);
    JsonNode quadrant = m.get("factors").get(2);
    for (JsonNode f : List.of(u, v)) {
      assertTrue(f.get("read_out_r2").asDouble() > 0.99, f.toString());
      assertTrue(f.get("gain").asDouble() > GAIN_LEARNED, f.toString());
      assertTrue(f.get("mig").asDouble() > 0.05 || f.get("best_dim_information").asDouble() > 0.3, f.toString());
    }
    assertEquals("quadrant", quadrant.get("factor").asText());
    assertTrue(quadrant.get("gain") == null && quadrant.get("best_dim_information").asDouble() > 0.2,
        quadrant.toString());

    // The same rows with u and v shuffled across them: the model cannot have learned those.
    List<String> lines = Files.readAllLines(FACTORS);
    List<String[]> uv = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      uv.add(new String[] {cells[9], cells[10]});
    }
    java.util.Collections.shuffle(uv, new java.util.Random(3));
    List<String> shuffled = new ArrayList<>(List.of(lines.get(0)));
    for (int r = 1; r < lines.size(); r++) {
      String line = lines.get(r);
      String kept = line.substring(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1));
      shuffled.add(kept + "," + uv.get(r - 1)[0] + "," + uv.get(r - 1)[1]);
    }
    Path noise = Files.write(dir.resolve("shuffled.csv"), shuffled);
    JsonNode control = factors(model, "csv:" + noise).get("models").get(0);
    for (int k = 0; k < 2; k++) {
      JsonNode f = control.get("factors").get(k);
      assertTrue(f.get("read_out_r2").asDouble() < 0.05, f.toString());
      assertTrue(Math.abs(f.get("gain").asDouble()) < GAIN_NOISE, f.toString());
      assertTrue(f.get("best_dim_information").asDouble() < 0.2, f.toString()); // the plug-in bias: 0.11
    }

    CliRunner.Run pictures = CliRunner.run("factors", "--model", model.toString(), "--dataset",
        "csv:" + FACTORS, "--factor-columns", "u", "--pictures", dir.resolve("p").toString());
    assertEquals(2, pictures.code());
    CliRunner.Run noColumns = CliRunner.run("factors", "--model", model.toString(), "--dataset", "csv:" + FACTORS);
    assertEquals(2, noColumns.code());
    assertTrue(noColumns.stderr().contains("--factor-columns"), noColumns.stderr());
    CliRunner.Run missing = CliRunner.run("factors", "--model", model.toString(), "--dataset",
        "csv:" + FACTORS, "--factor-columns", "age");
    assertEquals(2, missing.code());
    assertTrue(missing.stderr().contains("age (a factor column)"), missing.stderr());
    CliRunner.Run noTable = CliRunner.run("factors", "--model", model.toString());
    assertEquals(2, noTable.code());
    assertTrue(noTable.stderr().contains("--dataset csv:FILE --factor-columns"), noTable.stderr());
    CliRunner.Run image = CliRunner.run("factors", "--model",
        ShippedModels.root().resolve("fashion-mnist-vae").toString(), "--dataset", "csv:" + FACTORS,
        "--factor-columns", "u");
    assertEquals(2, image.code());
    assertTrue(image.stderr().contains("for table models"), image.stderr());
  }

  private static JsonNode factors(Path model, String dataset) throws Exception {
    CliRunner.Run run = CliRunner.run("factors", "--model", model.toString(), "--dataset", dataset,
        "--factor-columns", "u,v,quadrant", "--json");
    assertEquals(0, run.code(), run.stderr());
    return new ObjectMapper().readTree(run.stdout());
  }

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
    assertTrue(other.stderr().contains("--dataset csv:FILE --factor-columns"), other.stderr());
    CliRunner.Run few = CliRunner.run("factors", "--model", "whatever", "--examples", "5");
    assertEquals(2, few.code());
    assertTrue(few.stderr().contains("--examples"), few.stderr());
  }
}
