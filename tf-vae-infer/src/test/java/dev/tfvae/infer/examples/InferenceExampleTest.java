package dev.tfvae.infer.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.VaeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InferenceExampleTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void readmeShowsTheCodeThisTestRuns() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String source = Files.readString(
        Path.of("src/test/java/dev/tfvae/infer/examples/InferenceExample.java"));
    int a = source.indexOf("// README:infer-begin\n");
    int b = source.indexOf("      // README:infer-end");
    for (String line : source.substring(a + 22, b).strip().split("\n")) {
      String code = line.strip().split("  //")[0].strip();
      assertTrue(readme.contains(code), "README.md lacks the example line: " + code);
    }
  }

  @Test
  void exampleRunsOnTheShippedModel() throws Exception {
    Path model = ROOT.resolve("savedmodels/fashion-mnist-vae");
    double[] r = InferenceExample.run(model);
    try (VaeModel m = VaeModel.load(model)) {
      float[] blank = new float[784];
      assertEquals(m.encode(blank).mean()[0], r[0]);
      assertEquals(m.score(blank).negElbo(), r[3], 1e-3);
    }
    assertTrue(r[1] >= 0 && r[1] <= 1 && r[2] >= 0 && r[2] <= 1);
    assertTrue(Double.isFinite(r[4]) && r[4] > 0, "IWAE bound " + r[4]);
    assertEquals(8, r[5]);
    assertEquals(20, r[6]);
    assertEquals(3, r[7]);
  }
}
