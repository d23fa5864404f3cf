package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfvae.core.contract.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One epoch of the reference configuration on Fashion-MNIST reproduces the first epoch of the shipped
 * model, which was trained before batches were gathered inside the graph (each epoch was then laid out
 * in shuffled order in Java and copied batch by batch). A batch with the wrong rows, or rows in the
 * wrong order within the epoch, changes this loss.
 *
 * <p>It trains through the CLI in a child JVM with two intra-op threads, as the shipped model was: in
 * this JVM, TensorFlow's process-wide thread pool is sized by whichever test created a session first,
 * and a different pool size changes float32 reduction order.
 */
class ReferenceRunTest {
  @Test
  void firstEpochMatchesTheShippedModel(@TempDir Path dir) throws Exception {
    ModelManifest shipped = ModelManifest.read(Path.of("../savedmodels/fashion-mnist-vae/2"));
    Path log = dir.resolve("train.log");
    Process train =
        CliProcess.start(
            List.of("train", "--dataset", "fashion-mnist", "--epochs", "1", "--threads", "2",
                "--out", dir.resolve("models").toString(),
                "--checkpoint-dir", dir.resolve("checkpoints").toString()),
            log);
    if (!train.waitFor(5, TimeUnit.MINUTES)) {
      train.destroyForcibly();
      throw new AssertionError("training did not finish in 5 minutes:\n" + Files.readString(log));
    }
    assertEquals(0, train.exitValue(), Files.readString(log));
    ModelManifest.EpochSummary first =
        ModelManifest.read(dir.resolve("models").resolve("1")).history().get(0);
    double expected = shipped.history().get(0).loss();
    // Bit-equal on the machine that trained the shipped model; the tolerance only allows for other
    // CPUs' kernels (a different summation order), far below what one wrong batch changes.
    assertEquals(expected, first.loss(), 1e-5 * expected);
    assertEquals(shipped.history().get(0).recon(), first.recon(), 1e-5 * expected);
  }
}
