package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tfvae.train.data.DatasetLoader;
import dev.tfvae.train.data.IdxFiles;
import dev.tfvae.train.data.StreamedDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed training is deterministic (same seed, same weights bit for bit), resumes exactly from a
 * mid-epoch stop, refuses a resume with another shuffle, and trains data several times larger than the
 * Java heap it is given without ever holding it whole: a child JVM with {@code -Xmx64m} trains a
 * dataset whose float32 examples take about 1 GB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamedTrainingTest {
  @TempDir static Path dir;
  private Path idx;

  @BeforeAll
  void data() throws IOException {
    idx = IdxFiles.write(dir.resolve("small"), 2000, 300, 12, 3, false);
  }

  private StreamedDataset open() throws IOException {
    return new DatasetLoader(null, Map.of(), dir).stream("idx:" + idx);
  }

  private TrainingConfig.Builder config(String checkpoints) {
    return TrainingConfig.builder()
        .hidden(List.of(32))
        .latentDim(3)
        .epochs(2)
        .batchSize(64)
        .seed(7)
        .threads(1)
        .stream(new StreamSettings(100, 4))
        .checkpointDir(dir.resolve(checkpoints));
  }

  private byte[] weights(TrainingResult result) throws IOException {
    return Files.readAllBytes(
        result.checkpoint().resolveSibling(result.checkpoint().getFileName() + ".data-00000-of-00001"));
  }

  @Test
  void sameSeedSameWeightsAndAResumedRunEqualsAnUninterruptedOne() throws IOException {
    TrainingResult first;
    TrainingResult second;
    try (StreamedDataset data = open()) {
      first = new VaeTrainer(config("a").build()).train(data, TrainingListener.NONE);
      second = new VaeTrainer(config("b").build()).train(data, TrainingListener.NONE);
    }
    assertArrayEquals(weights(first), weights(second), "two runs with one seed");
    for (int e = 0; e < 2; e++) {
      assertEquals(first.history().get(e).loss(), second.history().get(e).loss());
      assertEquals(first.history().get(e).validation(), second.history().get(e).validation());
    }

    // Stop in the middle of epoch 2, between two windows' worth of steps, then resume.
    VaeTrainer stopped = new VaeTrainer(config("c").build());
    TrainingListener stopAtStep20 =
        new TrainingListener() {
          @Override
          public void stepFinished(
              int epoch, int step, double loss, double recon, double kl, double samplesPerSecond) {
            if (epoch == 2 && step == 20) {
              stopped.requestStop();
            }
          }
        };
    try (StreamedDataset data = open()) {
      assertThrows(TrainingInterruptedException.class, () -> stopped.train(data, stopAtStep20));
      CheckpointStore.Checkpoint saved = new CheckpointStore(dir.resolve("c")).latest().orElseThrow();
      assertEquals(20, saved.state().stepInEpoch());
      TrainingResult resumed =
          new VaeTrainer(config("c").resume(true).build()).train(data, TrainingListener.NONE);
      assertArrayEquals(weights(first), weights(resumed), "resumed run against uninterrupted run");
      assertEquals(first.last().validation(), resumed.last().validation());
    }
  }

  @Test
  void aResumeWithAnotherShuffleIsRefusedAndTheSeedChangesTheRun() throws IOException {
    try (StreamedDataset data = open()) {
      TrainingResult done =
          new VaeTrainer(config("d").epochs(1).build()).train(data, TrainingListener.NONE);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new VaeTrainer(config("d").resume(true).stream(new StreamSettings(100, 5)).build())
                  .train(data, TrainingListener.NONE));
      assertTrue(e.getMessage().contains("data order"), e.getMessage());
      assertTrue(e.getMessage().contains("shuffled 4 at a time in the checkpoint"), e.getMessage());
      TrainingResult otherSeed =
          new VaeTrainer(config("e").epochs(1).seed(8).build()).train(data, TrainingListener.NONE);
      assertFalse(java.util.Arrays.equals(weights(done), weights(otherSeed)));
      assertNotEquals(done.last().loss(), otherSeed.last().loss());
    }
  }

  /**
   * Streamed batches corrupt a denoising model's inputs (the clip range scanned from the stream), so its
   * weights differ from a clean run's; a conditional model is refused, streamed batches carrying no
   * labels.
   */
  @Test
  void streamedDenoisingCorruptsAndConditionalIsRefused() throws IOException {
    try (StreamedDataset data = open()) {
      TrainingResult clean =
          new VaeTrainer(config("f").epochs(1).build()).train(data, TrainingListener.NONE);
      TrainingConfig base = config("g").epochs(1).build();
      TrainingConfig denoising =
          new TrainingConfig(
              base.model(),
              base.settings().toBuilder().denoiseSigma(0.3).maskRate(0.2).build(),
              base.checkpointDir(), false, null, base.stream());
      TrainingResult corrupted = new VaeTrainer(denoising).train(data, TrainingListener.NONE);
      assertTrue(Double.isFinite(corrupted.last().loss()), corrupted.history().toString());
      assertFalse(java.util.Arrays.equals(weights(clean), weights(corrupted)));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new VaeTrainer(config("h").epochs(1).conditional(true).build())
                  .train(data, TrainingListener.NONE));
      assertTrue(e.getMessage().contains("--conditional needs the data in memory"), e.getMessage());
    }
  }

  @Test
  void trainsDataLargerThanItsHeapWithoutEverHoldingIt() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "peak RSS is read from /proc (Linux)");
    int examples = 320_000; // 28×28: 251 MB of pixels, 1.0 GB as float32
    Path big = IdxFiles.write(dir.resolve("big"), examples, 2000, 28, 11, false);
    long pixels = Files.size(big.resolve("train-images-idx3-ubyte"));
    long floatBytes = 4L * examples * 784;
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
        System.getProperty("java.class.path"), dev.tfvae.train.cli.TfVaeCli.class.getName(),
        "train", "--dataset", "idx:" + big, "--epochs", "1", "--hidden", "16", "--latent", "2",
        "--batch", "512", "--chunk-examples", "512", "--shuffle-chunks", "8", "--threads", "1",
        "--out", dir.resolve("big-model").toString(), "--checkpoint-dir",
        dir.resolve("big-ckpt").toString(), "--quiet"));
    Path log = dir.resolve("big.log");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long peakKb = 0;
    while (!child.waitFor(50, TimeUnit.MILLISECONDS)) {
      peakKb = Math.max(peakKb, peakRssKb(child.pid()));
    }
    String output = Files.readString(log);
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("streaming it from disk"), "chosen because it does not fit: " + output);
    assertTrue(Files.isDirectory(dir.resolve("big-model").resolve("1")), output);
    assertTrue(pixels > 3 * (64L << 20), "the file alone is over three heaps: " + pixels);
    assertTrue(peakKb > 0, "the child's memory was read");
    assertTrue(
        peakKb * 1024 < floatBytes,
        "peak RSS " + (peakKb >> 10) + " MiB must stay below the examples' float32 size "
            + (floatBytes >> 20) + " MiB");
  }

  /** VmHWM (peak resident set) of a running process, or 0 once it has gone. */
  private static long peakRssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException gone) {
      // The process ended between two polls.
    }
    return 0;
  }
}
