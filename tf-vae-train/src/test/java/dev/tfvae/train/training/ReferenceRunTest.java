package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.DatasetLoader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One epoch of the reference configuration on Fashion-MNIST reproduces the first epoch of the shipped
 * model, which was trained before batches were gathered inside the graph (each epoch was then laid out
 * in shuffled order in Java and copied batch by batch). A batch with the wrong rows, or rows in the
 * wrong order within the epoch, changes this loss.
 */
class ReferenceRunTest {
  @Test
  void firstEpochMatchesTheShippedModel(@TempDir Path dir) throws IOException {
    ModelManifest shipped = ModelManifest.read(Path.of("../savedmodels/fashion-mnist-vae/2"));
    Dataset data = DatasetLoader.standard(null).load("fashion-mnist");
    TrainingResult run =
        new VaeTrainer(TrainingConfig.builder().epochs(1).checkpointDir(dir).build())
            .train(data, TrainingListener.NONE);
    double expected = shipped.history().get(0).loss();
    // Bit-equal on the machine that trained the shipped model; the tolerance only allows for other
    // CPUs' kernels (a different summation order), far below what one wrong batch changes.
    assertEquals(expected, run.history().get(0).loss(), 1e-5 * expected);
    assertEquals(shipped.history().get(0).recon(), run.history().get(0).recon(), 1e-5 * expected);
  }
}
