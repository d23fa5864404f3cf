package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfVaeCliTest {

  private static CliRunner.Run run(String... args) {
    return CliRunner.run(args);
  }



  @Test
  void badUsageAndBadInputExitWith2() {
    assertEquals(2, run("train", "--no-such-flag").code());
    assertEquals(2, run("train", "--epochs", "0").code());
    assertEquals(2, run("train", "--latent", "-3").code());
    assertEquals(2, run("train", "--hidden", "400,abc").code());
    assertEquals(2, run("train", "--dataset", "nonsense").code());
    assertEquals(2, run("train", "--model", "gan").code());
    assertEquals(2, run("train", "--arch", "transformer").code());
    assertEquals(2, run("train", "--likelihood", "poisson").code());
    assertEquals(2, run("train", "--lr-schedule", "step").code());
    assertEquals(2, run("train", "--free-bits", "-1").code());
    assertEquals(2, run("train", "--kl-warmup", "-2").code());
    assertEquals(2, run("train", "--early-stopping", "-1").code());
    assertEquals(2, run("train", "--label-column", "x").code(), "label column needs csv data");
    assertEquals(2, run("train", "--dataset", "csv:").code());
    assertEquals(2, run("train", "--dataset", "csv:/no/such/file.csv").code());
    assertEquals(2, run("train", "--dataset", "images:/no/such/folder").code());
    assertEquals(
        2,
        run("train", "--dataset", "csv:../examples/two-factor.csv", "--arch", "conv").code(),
        "a table is not an image");
    assertEquals(2, run("train", "--out", "pom.xml").code(), "--out is a file: refused before training");
    assertEquals(2, run("train", "--out", "/proc/tf-vae-read-only").code(), "an unwritable --out is refused first");
    assertEquals(2, run("train", "--epochs").code(), "a missing value");
    assertEquals(2, run("train", "--batch", "-5").code());
    assertEquals(2, run("train", "--hidden", "100000000").code(), "a layer wider than 65536");
    assertEquals(2, run("train", "--latent", "100000000").code(), "a latent space over 4096");
    assertEquals(2, run("train", "--hidden", "60000,60000").code(), "7.3 billion parameters");
    assertEquals(2, run("generate", "--model", "../savedmodels/fashion-mnist-vae", "-n", "100000", "--out", "x.png").code());
    assertEquals(2, run("bench", "--calls", "2000000000").code());
    assertEquals(2, run("eval").code());
    assertEquals(2, run("eval", "--model", "/definitely/not/here").code());
    assertEquals(2, run("eval", "--model", "../savedmodels/fashion-mnist-vae", "--iwae", "-1").code());
    assertEquals(2, run("train", "--objective", "mcmc").code());
    assertEquals(2, run("train", "--samples", "3").code(), "--samples needs --objective iwae");
    assertEquals(2, run("train", "--objective", "iwae", "--samples", "0").code());
    assertEquals(2, run("train", "--objective", "iwae", "--samples", "5000").code());
    assertEquals(2, run("train", "--objective", "iwae", "--free-bits", "1").code());
    assertEquals(2, run("train", "--objective", "iwae", "--model", "ae").code());
    assertEquals(2, run("train-classifier", "--epochs", "0").code());
    assertEquals(
        2, run("train-classifier", "--dataset", "csv:../examples/two-factor.csv").code(),
        "a table is not an image");
    assertEquals(
        2, run("sample-quality", "--model", "../savedmodels/fashion-mnist-vae", "--samples", "1").code());
    assertEquals(
        2,
        run("sample-quality", "--model", "../savedmodels/fashion-mnist-vae", "--classifier", "/no/such/dir")
            .code());
  }

  @Test
  void commandsLeaveNothingBehindAndSayWhereOutputsWent(@TempDir Path dir) throws Exception {
    // A failed train removes the output folders it created for the run.
    Path fresh = dir.resolve("fresh");
    assertEquals(2, run("train", "--dataset", "csv:/no/such/file.csv", "--out", fresh.resolve("models").toString(),
        "--checkpoint-dir", fresh.resolve("checkpoints").toString()).code());
    assertFalse(Files.exists(fresh), "a failed train left " + fresh);
    // A folder that existed before is never removed.
    Path existing = Files.createDirectories(dir.resolve("existing"));
    assertEquals(2, run("train", "--dataset", "nonsense", "--out", existing.toString(),
        "--checkpoint-dir", dir.resolve("c2").toString()).code());
    assertTrue(Files.isDirectory(existing));
    // compare without --out keeps no model anywhere (it used to export into ./savedmodels).
    Path savedmodels = Path.of("savedmodels");
    assertFalse(Files.exists(savedmodels), "the module folder already holds " + savedmodels.toAbsolutePath());
    CliRunner.Run compare = run("compare", "--dataset", "csv:../examples/two-factor.csv", "--label-column",
        "quadrant", "--latent", "2", "--hidden", "16", "--epochs", "1", "--json");
    assertEquals(0, compare.code());
    assertFalse(Files.exists(savedmodels), "compare wrote models into " + savedmodels.toAbsolutePath());
    assertFalse(compare.stdout().contains("export_path"), compare.stdout());
    // An output path blocked by a regular file names the file and why.
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertEquals(2, run("generate", "--model", "../savedmodels/fashion-mnist-vae", "-n", "2", "--out",
        file.resolve("x.png").toString()).code());
    assertEquals("/x: is in the way: it exists and is not a folder (choose another path)".replace("/x", file.toString()),
        TfVaeCli.describe(new java.nio.file.FileAlreadyExistsException(file.toString())));
  }

  @Test
  void helpExitsWith0() {
    assertEquals(0, run("--help").code());
    assertEquals(0, run("train", "--help").code());
  }

  @Test
  void trainJsonThenEvalJson(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("models").resolve("shapes-vae");
    CliRunner.Run train =
        run("train", "--epochs", "1", "--hidden", "64", "--latent", "4", "--out", out.toString(),
            "--checkpoint-dir", dir.resolve("ckpt").toString(), "--json");
    assertEquals(0, train.code());
    JsonNode json = Json.MAPPER.readTree(train.stdout());
    assertEquals(out.resolve("1").toString(), json.get("export_path").asText());
    assertTrue(json.get("train_samples_per_s").asDouble() > 0);
    assertEquals(1, json.get("epochs").size());
    assertTrue(json.get("epochs").get(0).get("validation").get("neg_elbo").asDouble() > 0);
    assertTrue(Files.isRegularFile(out.resolve("1/MODEL_CARD.md")));

    CliRunner.Run eval = run("eval", "--model", out.toString(), "--iwae", "5", "--limit", "50", "--json");
    assertEquals(0, eval.code());
    JsonNode m = Json.MAPPER.readTree(eval.stdout());
    // The bound is tighter than the single-sample ELBO on average, and both are positive nats.
    assertTrue(m.get("iwae_nll").asDouble() > 0);
    assertEquals(50, m.get("iwae_examples").asInt());
    assertFalse(m.has("error"));
    assertEquals(
        json.get("epochs").get(0).get("validation").get("neg_elbo_mu").asDouble(),
        m.get("neg_elbo_mu").asDouble(),
        1e-3,
        "eval of the export reproduces the training-time validation figure (z = μ needs no noise)");
  }

  /**
   * The manifest records the data's set-up, and the commands that take --model read the model's own
   * data with it: a table model trained with --label-column needs it no more (it used to read the label
   * column as a ninth feature and refuse the data).
   */
  @Test
  void aTableModelTrainedWithALabelColumnReadsItsDataWithoutRepeatingIt(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("two-factor");
    String table = "csv:../examples/two-factor.csv";
    assertEquals(0, run("train", "--dataset", table, "--label-column", "quadrant", "--latent", "2",
        "--hidden", "16", "--epochs", "1", "--out", out.toString(), "--checkpoint-dir",
        dir.resolve("ckpt").toString()).code());
    dev.tfvae.core.contract.ModelManifest manifest =
        dev.tfvae.core.contract.ModelManifest.read(out.resolve("1"));
    assertEquals(table, manifest.dataset().name());
    assertEquals("quadrant", manifest.dataset().labelColumn());
    assertEquals(9, manifest.dataset().columns().size());
    assertEquals("quadrant", manifest.dataset().columns().get(8));
    assertEquals(1, manifest.training().epochsTrained());
    assertEquals(0, manifest.training().settings().threads(), "threads recorded (0: the default)");

    Path codes = dir.resolve("codes.csv");
    assertEquals(0, run("encode", "--model", out.toString(), "--out", codes.toString()).code());
    assertEquals("index,label,mu_0,mu_1", Files.readAllLines(codes).get(0));
    assertEquals(0, run("latent-map", "--model", out.toString(), "--out",
        dir.resolve("map.png").toString()).code());
    assertEquals(0, run("report", "--model", out.toString(), "--out", dir.resolve("report").toString()).code());
    assertEquals(0, run("eval", "--model", out.toString(), "--dataset", table, "--json").code(),
        "eval reads the model's own data with its label column too");
  }
}
