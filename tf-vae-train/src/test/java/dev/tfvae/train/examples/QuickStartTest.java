package dev.tfvae.train.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.VaeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {

  @Test
  void readmeShowsTheCodeThisTestRuns() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    String readme = Files.readString(root.resolve("README.md"));
    String source = Files.readString(
        Path.of("src/test/java/dev/tfvae/train/examples/QuickStart.java"));
    String snippet = between(source, "// README:train-begin\n", "    // README:train-end");
    for (String line : snippet.strip().split("\n")) {
      assertTrue(readme.contains(line.strip()), "README.md lacks the example line: " + line.strip());
    }
  }

  @Test
  void quickStartTrainsAndExportsALoadableModel(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("my-shapes-vae");
    QuickStart.main(new String[] {out.toString()});
    try (VaeModel model = VaeModel.load(out)) {
      assertTrue(model.path().endsWith("1"));
      assertTrue(model.manifest().validationMetrics().get("neg_elbo") < 150,
          model.manifest().validationMetrics().toString());
    }
  }

  static String between(String text, String begin, String end) {
    int a = text.indexOf(begin);
    int b = text.indexOf(end);
    assertTrue(a >= 0 && b > a, "markers missing");
    return text.substring(a + begin.length(), b);
  }
}
