package dev.tfvae.train.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed example tables are exactly what their generator writes. */
class TwoFactorTableTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void committedFilesMatchTheGenerator(@TempDir Path dir) throws Exception {
    TwoFactorTable.main(new String[] {dir.toString()});
    for (String name : new String[] {"two-factor.csv", "two-factor-factors.csv"}) {
      assertEquals(Files.readString(dir.resolve(name)), Files.readString(EXAMPLES.resolve(name)), name);
    }
  }
}
