package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of conditional and denoising models on the shipped models: {@code generate --label} by
 * name, unknown labels and labels given to an unconditional model refused (exit 2, the message naming
 * the known labels), {@code restyle}'s picture with one column per class, and {@code denoise}'s figures.
 */
class ConditionalCommandsTest {
  private static final String CVAE = "../savedmodels/fashion-mnist-cvae";
  private static final String VAE = "../savedmodels/fashion-mnist-vae/2";

  @Test
  void generateByLabelAndRefusals(@TempDir Path dir) throws Exception {
    Path dress = dir.resolve("dress.png");
    assertEquals(0, CliRunner.run("generate", "--model", CVAE, "--label", "dress", "-n", "4", "--out",
        dress.toString()).code());
    assertTrue(ImageIO.read(dress.toFile()).getWidth() > 0);
    CliRunner.Run unknown =
        CliRunner.run("generate", "--model", CVAE, "--label", "Hat", "--out", dir.resolve("x.png").toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.stderr().contains("unknown label 'Hat'") && unknown.stderr().contains("9 Ankle boot"),
        unknown.stderr());
    CliRunner.Run plain =
        CliRunner.run("generate", "--model", VAE, "--label", "3", "--out", dir.resolve("y.png").toString());
    assertEquals(2, plain.code());
    assertTrue(plain.stderr().contains("not a conditional model"), plain.stderr());
    assertEquals(2, CliRunner.run("restyle", "--model", VAE, "--out", dir.resolve("z.png").toString()).code());
  }

  @Test
  void restylePictureHasAColumnPerClass(@TempDir Path dir) throws Exception {
    Path one = dir.resolve("one.png");
    Path three = dir.resolve("three.png");
    assertEquals(0, CliRunner.run("restyle", "--model", CVAE, "-n", "1", "--out", one.toString()).code());
    assertEquals(0, CliRunner.run("restyle", "--model", CVAE, "-n", "3", "--out", three.toString()).code());
    BufferedImage a = ImageIO.read(one.toFile());
    BufferedImage b = ImageIO.read(three.toFile());
    assertEquals(a.getWidth(), b.getWidth(), "the same 11 columns: input and 10 classes");
    assertTrue(b.getHeight() > a.getHeight());
  }

  @Test
  void denoiseMeasuresEveryModelOnTheSameInputs() throws Exception {
    CliRunner.Run r = CliRunner.run("denoise", "--model", VAE, "--against", CVAE, "--sigma", "0.3",
        "--limit", "20", "--json");
    assertEquals(0, r.code(), r.stderr());
    JsonNode models = Json.MAPPER.readTree(r.stdout()).get("models");
    assertEquals(3, models.size());
    double noisy = models.get(0).get("mse_per_pixel").asDouble();
    for (int i = 1; i < 3; i++) {
      double fromNoisy = models.get(i).get("mse_per_pixel").asDouble();
      double fromClean = models.get(i).get("mse_per_pixel_clean").asDouble();
      assertTrue(fromClean < fromNoisy && fromNoisy < noisy, models.get(i).toString());
    }
    assertEquals(2, CliRunner.run("denoise", "--model", VAE).code(), "nothing to corrupt");
  }
}
