package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.train.cli.TfVaeCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted run, resumed with {@code --resume}, ends with weights bit-identical to a run that was
 * never interrupted — whether it was killed with SIGKILL (no chance to save: it resumes from the last
 * epoch checkpoint) or stopped with SIGTERM like Ctrl-C (the shutdown hook checkpoints mid-epoch, so data
 * order, noise, optimizer state and running sums must all continue exactly). Each run is the real CLI in a
 * child JVM.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResumeTest {
  private static final String WEIGHTS = "variables/variables.data-00000-of-00001";

  @TempDir static Path dir;
  private Path reference;

  private List<String> args(Path out, Path checkpoints, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train", "--dataset", "shapes", "--hidden", "128", "--latent", "4", "--epochs", "3",
                "--batch", "32", "--seed", "3", "--threads", "1", "--lr-schedule", "cosine",
                "--kl-warmup", "1.5", "--out", out.toString(), "--checkpoint-dir",
                checkpoints.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  @BeforeAll
  void uninterruptedRun() throws Exception {
    Path out = dir.resolve("reference");
    Process p = CliProcess.start(args(out, dir.resolve("reference-ckpt")), dir.resolve("reference.log"));
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "reference run timed out");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("reference.log")));
    reference = out.resolve("1");
  }

  @Test
  void killedWithSigkillAndResumedEndsBitIdentical() throws Exception {
    Path out = dir.resolve("killed");
    Path checkpoints = dir.resolve("killed-ckpt");
    Process p = CliProcess.start(args(out, checkpoints), dir.resolve("killed.log"));
    waitForCheckpoints(p, checkpoints, 1);
    p.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
    assertTrue(Files.notExists(out.resolve("1")), "the killed run must not have exported");

    Process resumed = CliProcess.start(args(out, checkpoints, "--resume"), dir.resolve("killed-resumed.log"));
    assertTrue(resumed.waitFor(300, TimeUnit.SECONDS));
    String log = Files.readString(dir.resolve("killed-resumed.log"));
    assertEquals(0, resumed.exitValue(), log);
    assertTrue(log.contains("resuming from"), log);
    assertSameModel(out.resolve("1"));
  }

  @Test
  void stoppedLikeCtrlCCheckpointsMidEpochAndResumesBitIdentical() throws Exception {
    Path out = dir.resolve("stopped");
    Path checkpoints = dir.resolve("stopped-ckpt");
    Process p = CliProcess.start(args(out, checkpoints), dir.resolve("stopped.log"));
    waitForCheckpoints(p, checkpoints, 1);
    Thread.sleep(300);
    p.destroy(); // SIGTERM: runs the shutdown hook, like Ctrl-C's SIGINT
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String log = Files.readString(dir.resolve("stopped.log"));
    assertNotEquals(0, p.exitValue(), log);
    assertTrue(log.contains("training interrupted in epoch"), log);
    CheckpointStore.Checkpoint saved = new CheckpointStore(checkpoints).latest().orElseThrow();
    assertTrue(
        saved.state().stepInEpoch() > 0,
        "the interruption checkpoint is mid-epoch: " + saved.prefix());

    Process resumed = CliProcess.start(args(out, checkpoints, "--resume"), dir.resolve("stopped-resumed.log"));
    assertTrue(resumed.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, resumed.exitValue(), Files.readString(dir.resolve("stopped-resumed.log")));
    assertSameModel(out.resolve("1"));
  }

  @Test
  void resumeWithDifferentSettingsIsRefusedAndExistingCheckpointsAreNotOverwritten()
      throws Exception {
    Path checkpoints = dir.resolve("reference-ckpt");
    List<String> different = args(dir.resolve("other"), checkpoints, "--resume");
    different.set(different.indexOf("--seed") + 1, "4");
    assertEquals(TfVaeCli.EXIT_BAD_INPUT, TfVaeCli.run(different.toArray(String[]::new)));
    List<String> fresh = args(dir.resolve("other"), checkpoints);
    assertEquals(TfVaeCli.EXIT_BAD_INPUT, TfVaeCli.run(fresh.toArray(String[]::new)));
  }

  private void assertSameModel(Path version) throws IOException {
    assertArrayEquals(
        Files.readAllBytes(reference.resolve(WEIGHTS)),
        Files.readAllBytes(version.resolve(WEIGHTS)),
        "weights of the resumed run differ from the uninterrupted run");
    assertEquals(
        ModelManifest.read(reference).validationMetrics(),
        ModelManifest.read(version).validationMetrics());
    assertEquals(
        ModelManifest.read(reference).trainMetrics(), ModelManifest.read(version).trainMetrics());
  }

  private static void waitForCheckpoints(Process p, Path checkpoints, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertTrue(p.isAlive(), "the training child exited early");
      if (Files.isDirectory(checkpoints)) {
        try (Stream<Path> s = Files.list(checkpoints)) {
          if (s.filter(c -> c.getFileName().toString().startsWith("step-")).count() >= count) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no checkpoint appeared in " + checkpoints);
  }
}
