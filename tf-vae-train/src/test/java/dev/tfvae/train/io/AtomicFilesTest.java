package dev.tfvae.train.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("scores.csv");
    AtomicFiles.write(file, out -> out.write("old\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    IOException e =
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
          out.write("half of the new".getBytes(StandardCharsets.UTF_8));
          throw new IOException("disk full");
        }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old\n", Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
    AtomicFiles.write(file, out -> out.write("new\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals("new\n", Files.readString(file));
  }
}
