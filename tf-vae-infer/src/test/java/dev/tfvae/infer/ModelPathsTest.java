package dev.tfvae.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPathsTest {
  @Test
  void aVersionIsAPositiveIntegerWithoutLeadingZeros() {
    assertEquals(OptionalInt.of(1), ModelPaths.versionNumber("1"));
    assertEquals(OptionalInt.of(999_999_999), ModelPaths.versionNumber("999999999"));
    for (String name : List.of("0", "01", "-1", "1000000000", "v2", "2 ", "", "1e3", "٣")) {
      assertTrue(ModelPaths.versionNumber(name).isEmpty(), name);
    }
  }

  @Test
  void aBaseFolderMeansItsHighestVersionAndIgnoresOtherFolders(@TempDir Path base) throws IOException {
    for (String name : List.of("0", "1", "01", "3", "10", "tmp")) {
      Files.createDirectories(base.resolve(name));
      Files.writeString(base.resolve(name).resolve("saved_model.pb"), "");
    }
    Files.writeString(base.resolve("7"), "a file, not a folder");
    assertEquals(List.of(1, 3, 10), ModelPaths.versions(base));
    assertEquals(base.resolve("10"), ModelPaths.resolveVersion(base));
    // A version folder given directly is used as it is.
    assertEquals(base.resolve("01"), ModelPaths.resolveVersion(base.resolve("01")));
  }

  @Test
  void aBaseFolderWithoutVersionsIsRefused(@TempDir Path base) throws IOException {
    Files.createDirectories(base.resolve("0"));
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelPaths.resolveVersion(base));
    assertTrue(e.getReason().contains("version folders"), e.getReason());
  }
}
