package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.ModelValidator;
import dev.tfvae.infer.VaeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL at different moments around its last checkpoint and its
 * export never leaves a partial version folder: every numbered version is complete and valid, half-done
 * work sits only in {@code .tmp-*} folders that nothing reads, and {@code --resume} finishes the job.
 */
@Tag("slow")
class FaultTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "killed {0} ms after the first checkpoint")
  @ValueSource(ints = {0, 120, 300})
  void killDuringCheckpointOrExportLeavesNoPartialVersion(int delayMillis) throws Exception {
    Path out = dir.resolve("models");
    Path checkpoints = dir.resolve("ckpt");
    List<String> args = List.of("train", "--dataset", "shapes", "--hidden", "64", "--latent", "4",
        "--epochs", "2", "--threads", "1", "--out", out.toString(), "--checkpoint-dir", checkpoints.toString());
    Process p = CliProcess.start(args, dir.resolve("run.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!hasCheckpoint(checkpoints) && System.nanoTime() < deadline && p.isAlive()) {
      Thread.sleep(5);
    }
    Thread.sleep(delayMillis);
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertAllVersionsComplete(out);

    List<String> resume = new ArrayList<>(args);
    resume.add("--resume");
    Process again = CliProcess.start(resume, dir.resolve("resume.log"));
    assertTrue(again.waitFor(180, TimeUnit.SECONDS));
    assertEquals(0, again.exitValue(), Files.readString(dir.resolve("resume.log")));
    assertTrue(assertAllVersionsComplete(out) >= 1, "the resumed run exported");
  }

  private static boolean hasCheckpoint(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (Stream<Path> s = Files.list(checkpoints)) {
      return s.anyMatch(c -> c.getFileName().toString().startsWith("step-"));
    }
  }

  /** Every numbered folder under {@code out} passes validation and loads; returns how many there are. */
  private static int assertAllVersionsComplete(Path out) throws IOException {
    if (!Files.isDirectory(out)) {
      return 0;
    }
    int versions = 0;
    try (Stream<Path> s = Files.list(out)) {
      for (Path child : s.toList()) {
        String name = child.getFileName().toString();
        if (name.startsWith(".tmp-")) {
          continue;
        }
        assertTrue(name.matches("[0-9]+"), "unexpected entry " + child);
        ModelValidator.Report report = ModelValidator.validate(child);
        assertTrue(report.passed(), report.toString());
        try (VaeModel model = VaeModel.load(child)) {
          assertEquals(784, model.reconstruct(new float[784]).length);
        }
        versions++;
      }
    }
    return versions;
  }
}
