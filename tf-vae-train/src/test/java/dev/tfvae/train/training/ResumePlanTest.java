package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.model.LearningRateSchedule;
import dev.tfvae.train.TestData;
import dev.tfvae.train.cli.TfVaeCli;
import dev.tfvae.train.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refused resume names each setting that differs, with the checkpoint's value and this run's; the
 * fingerprint in {@code state.json} is JSON that reads back equal; a checkpoint folder written by an
 * earlier tf-vae (its fingerprint a line of text) gets a one-line refusal.
 */
class ResumePlanTest {
  @TempDir Path dir;

  private TrainingConfig.Builder small() {
    return TrainingConfig.builder().hidden(List.of(32)).latentDim(4).epochs(1).batchSize(64)
        .checkpointDir(dir.resolve("ckpt"));
  }

  @Test
  void aRefusedResumeNamesEachSettingThatDiffers() throws Exception {
    Dataset data = TestData.smallShapes();
    new VaeTrainer(small().build()).train(data, TrainingListener.NONE);

    TrainingConfig other =
        small().batchSize(128).seed(43).schedule(LearningRateSchedule.COSINE).epochs(2).resume(true)
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new VaeTrainer(other).train(data, TrainingListener.NONE));
    String message = e.getMessage();
    assertTrue(message.startsWith("cannot resume from " + dir.resolve("ckpt").resolve("step-16")),
        message);
    assertTrue(message.contains("batch size 64 in the checkpoint, 128 now"), message);
    assertTrue(message.contains("seed 42 in the checkpoint, 43 now"), message);
    assertTrue(message.contains("learning-rate schedule constant in the checkpoint, cosine now"), message);
    assertTrue(message.contains("epochs of the schedule 0 in the checkpoint, 2 now"), message);
    assertFalse(message.contains("learning rate 0.001"), "equal settings are not listed: " + message);
    assertFalse(message.contains("\n"), message);
  }

  @Test
  void theFingerprintIsStoredAsJsonAndComparedByValue() throws Exception {
    Dataset data = TestData.smallShapes();
    TrainingConfig config = small().build();
    new VaeTrainer(config).train(data, TrainingListener.NONE);
    CheckpointStore.Checkpoint saved = new CheckpointStore(dir.resolve("ckpt")).latest().orElseThrow();
    RunFingerprint expected =
        RunFingerprint.of(
            config.modelConfig(data.exampleShape(), data.defaultLikelihood()), data, config.settings(),
            InMemoryBatches.ORDER);
    assertEquals(expected, saved.state().fingerprint());
    assertEquals(List.of(), saved.state().fingerprint().differences(expected));
    String json = Files.readString(saved.prefix().resolveSibling("state.json"));
    assertTrue(json.contains("\"fingerprint\":{"), json);
    assertTrue(json.contains("\"batchSize\":64"), json);

    // More epochs of a constant schedule continue the same trajectory: the resume is accepted.
    TrainingResult resumed =
        new VaeTrainer(small().epochs(2).resume(true).build()).train(data, TrainingListener.NONE);
    assertEquals(2, resumed.history().size());
  }

  @Test
  void aCheckpointOfAnEarlierFormatIsRefusedInOneLine() throws Exception {
    Path step = dir.resolve("ckpt").resolve("step-16");
    Files.createDirectories(step);
    Files.writeString(
        step.resolve("state.json"),
        "{\"fingerprint\":\"model=VaeConfig[kind=VAE, …], dataset=shapes (20000 training examples),"
            + " batch=128, lr=0.001, schedule=constant, kl-warmup=0.0, free-bits=0.0, seed=42\","
            + "\"epoch\":2,\"stepInEpoch\":0,\"globalStep\":16,\"lossSum\":0,\"reconSum\":0,"
            + "\"klSum\":0,\"epochSeconds\":0,\"stepSeconds\":1,\"history\":[],\"bestEpoch\":0}");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new VaeTrainer(small().epochs(2).resume(true).build())
                .train(TestData.smallShapes(), TrainingListener.NONE));
    assertTrue(e.getMessage().contains("written by an earlier tf-vae"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());

    // Through the command line: bad input (exit 2), which prints the message without a stack trace.
    assertEquals(
        TfVaeCli.EXIT_BAD_INPUT,
        TfVaeCli.run("train", "--hidden", "32", "--latent", "4", "--epochs", "2", "--resume",
            "--out", dir.resolve("out").toString(), "--checkpoint-dir", dir.resolve("ckpt").toString()));
    assertFalse(Files.exists(dir.resolve("out").resolve("1")));
  }
}
