package dev.tfvae.train.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed example table is exactly what its generator writes. */
class TwoFactorTableTest {
  static final Path COMMITTED = Path.of("..", "examples", "two-factor.csv");

  @Test
  void committedFileMatchesTheGenerator(@TempDir Path dir) throws Exception {
    Path fresh = dir.resolve("two-factor.csv");
    TwoFactorTable.write(fresh);
    assertEquals(Files.readString(fresh), Files.readString(COMMITTED));
  }
}
