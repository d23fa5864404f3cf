package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfvae.infer.ShippedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep} trains each run in its own process, appends each result as it finishes, and a rerun
 * skips finished runs (a line cut short counts as unfinished); another sweep into the same folder is
 * refused.
 */
class SweepCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void trainsTheGridOnceAndARerunSkipsWhatFinished(@TempDir Path dir) throws Exception {
    String table = "csv:" + ShippedModels.root().getParent().resolve("examples/two-factor.csv");
    String[] args = {
      "sweep", "--dataset", table, "--label-column", "quadrant", "--latent", "2,3", "--hidden", "16",
      "--beta", "1", "--epochs", "1", "--out", dir.toString(), "--json"
    };
    CliRunner.Run first = CliRunner.run(args);
    assertEquals(0, first.code(), first.stderr());
    JsonNode report = JSON.readTree(first.stdout());
    assertEquals(2, report.get("trained").size());
    List<String> lines = Files.readAllLines(dir.resolve("results.jsonl"));
    assertEquals(2, lines.size());
    JsonNode run = JSON.readTree(lines.get(0));
    assertEquals("latent2-h16-beta1", run.get("run").asText());
    assertEquals(2, run.get("latent").asInt());
    double recon = run.get("recon").asDouble();
    double kl = run.get("kl").asDouble();
    assertEquals(recon + kl, run.get("neg_elbo").asDouble(), 0.05 * (recon + kl),
        "one sampled z: neg_elbo is near recon + kl");
    assertTrue(Files.isDirectory(Path.of(run.get("export_path").asText())));
    assertTrue(Files.size(dir.resolve("rate-distortion.png")) > 1000);

    // An interrupted append leaves half a line: that run is trained again, the other skipped.
    Files.writeString(dir.resolve("results.jsonl"), lines.get(0) + "\n" + lines.get(1).substring(0, 30),
        StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    CliRunner.Run second = CliRunner.run(args);
    assertEquals(0, second.code(), second.stderr());
    JsonNode again = JSON.readTree(second.stdout());
    assertEquals("[\"latent2-h16-beta1\"]", again.get("skipped").toString());
    assertEquals("[\"latent3-h16-beta1\"]", again.get("trained").toString());
    assertEquals(2, again.get("runs").size());

    Path page = dir.resolve("report");
    CliRunner.Run report2 = CliRunner.run("report", "--model", run.get("export_path").asText(), "--out",
        page.toString(), "--sweep", dir.toString());
    assertEquals(0, report2.code(), report2.stderr());
    String html = Files.readString(page.resolve("index.html"));
    assertTrue(html.contains("Sweep: rate and distortion") && html.contains("latent3-h16-beta1"));

    CliRunner.Run other = CliRunner.run("sweep", "--dataset", table, "--label-column", "quadrant",
        "--latent", "2", "--hidden", "16", "--epochs", "2", "--out", dir.toString());
    assertEquals(2, other.code());
    assertTrue(other.stderr().contains("other settings"), other.stderr());
  }

  @Test
  void badGridsExitWith2() {
    assertEquals(2, CliRunner.run("sweep", "--dataset", "shapes", "--latent", "0", "--out", "/tmp/x").code());
    CliRunner.Run words = CliRunner.run(
        "sweep", "--dataset", "shapes", "--latent", "2", "--hidden", "4x4", "--out", "/tmp/x");
    assertEquals(2, words.code());
    assertTrue(words.stderr().contains("4x4"), words.stderr());
  }
}
