package dev.tfvae.train.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.DatasetLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped classifier loads, was trained on these files, and has the test accuracy it records. */
class ShippedClassifierTest {
  @Test
  void theShippedClassifierHasTheAccuracyItsManifestStates() throws Exception {
    Dataset data = DatasetLoader.standard(null).load("fashion-mnist");
    try (Classifier c = Classifier.load(Path.of("..", "classifiers", "fashion-mnist-classifier"))) {
      ClassifierManifest m = c.manifest();
      assertEquals("fashion-mnist", m.dataset());
      assertEquals(
          data.files().stream().map(f -> f.sha256()).toList(),
          m.files().stream().map(ClassifierManifest.File::sha256).toList(),
          "trained on these files");
      float[][] images = new float[data.validation().count()][];
      for (int i = 0; i < images.length; i++) {
        images[i] = data.validation().example(i);
      }
      double accuracy =
          ClassMatch.of(data.validation().labels(), c.classify(images), m.classes()).share();
      // Another CPU's kernels may move a logit in its last bits: a few of 10,000 images may flip.
      assertEquals(m.testAccuracy(), accuracy, 5e-4);
      assertEquals(List.of(28, 28), m.inputShape());
    }
  }
}
