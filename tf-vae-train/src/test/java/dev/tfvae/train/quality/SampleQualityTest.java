package dev.tfvae.train.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.TestData;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.export.TrainingExport;
import dev.tfvae.train.pictures.HtmlReport;
import dev.tfvae.train.training.TrainingConfig;
import dev.tfvae.train.training.TrainingListener;
import dev.tfvae.train.training.TrainingResult;
import dev.tfvae.train.training.VaeTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classifier trained on the small shapes, exported and reloaded, and the sample-quality figures of a
 * briefly trained VAE measured with it.
 */
class SampleQualityTest {
  @TempDir static Path dir;

  private static Dataset data;
  private static ClassifierManifest.Exported exported;

  @BeforeAll
  static void trainClassifier() throws Exception {
    data = TestData.smallShapes();
    exported =
        ClassifierTrainer.train(
            data, new ClassifierTrainer.Settings(4, 64, 2e-3, 7), dir.resolve("classifier"), "test",
            line -> {});
  }

  @Test
  void theExportedClassifierReloadsAndReproducesItsTestAccuracy() throws Exception {
    ClassifierManifest m = exported.manifest();
    assertEquals(3, m.classes());
    assertEquals(256, m.testExamples());
    assertTrue(m.testAccuracy() > 0.6, "chance is 1/3: " + m.testAccuracy());
    assertEquals(dir.resolve("classifier").resolve("1"), exported.version());
    try (Classifier c = Classifier.load(dir.resolve("classifier"))) {
      Split test = data.validation();
      float[][] images = new float[test.count()][];
      for (int i = 0; i < images.length; i++) {
        images[i] = test.example(i);
      }
      int[] assigned = c.classify(images);
      ClassMatch real = ClassMatch.of(test.labels(), assigned, 3);
      // The training graph measured the accuracy; the reloaded SavedModel's predictions give it again.
      assertEquals(m.testAccuracy(), real.share(), 1e-12);
      float[][] features = c.features(images);
      assertEquals(ClassifierNetwork.FEATURES, features[0].length);
      assertThrows(IllegalArgumentException.class, () -> c.classify(new float[][] {new float[10]}));
    }
  }

  /**
   * A generator that answers each request with real test images of that class: its class-match share is
   * the classifier's accuracy on exactly those images.
   */
  @Test
  void realImagesAsLabelledSamplesMatchAsOftenAsTheClassifierIsRight() throws Exception {
    Split test = data.validation();
    List<List<float[]>> byClass = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < test.count(); i++) {
      byClass.get(test.labels()[i]).add(test.example(i));
    }
    int perClass = byClass.stream().mapToInt(List::size).min().orElseThrow();
    LabelledGenerator realImages =
        new LabelledGenerator() {
          @Override
          public int classes() {
            return 3;
          }

          @Override
          public float[][] generate(int label, int n, long seed) {
            return byClass.get(label).subList(0, n).toArray(float[][]::new);
          }

          @Override
          public String source() {
            return "test_images";
          }
        };
    try (Classifier c = Classifier.load(exported.version())) {
      ClassMatch m = SampleQuality.classMatch(c, realImages, perClass, 1);
      int correct = 0;
      for (int label = 0; label < 3; label++) {
        for (int a : c.classify(realImages.generate(label, perClass, 1))) {
          correct += a == label ? 1 : 0;
        }
      }
      assertEquals(3 * perClass, m.total());
      assertEquals(correct / (3.0 * perClass), m.share(), 1e-12);
    }
  }

  @Test
  void aBrieflyTrainedVaeScoresWorseThanRealImages() throws Exception {
    TrainingConfig config =
        TrainingConfig.builder().hidden(List.of(64)).latentDim(4).epochs(3)
            .checkpointDir(dir.resolve("ckpt")).build();
    TrainingResult result = new VaeTrainer(config).train(data, TrainingListener.NONE);
    Path version = TrainingExport.export(result, dir.resolve("vae"), "test");
    try (Classifier c = Classifier.load(exported.version());
        VaeModel model = VaeModel.load(version)) {
      LatentClassGaussians gaussians = LatentClassGaussians.fit(model, data.train(), 3);
      SampleQuality q =
          SampleQuality.measure(c, model, data.validation(), data.train(), 600, 3, gaussians);
      assertTrue(
          q.frechetDistance() > q.frechetDistanceTrainTest(),
          "samples " + q.frechetDistance() + ", real training images " + q.frechetDistanceTrainTest());
      assertEquals(exported.manifest().testAccuracy(), q.realClassMatch().share(), 1e-12);
      assertNotNull(q.classMatch());
      assertEquals(600, q.classMatch().total());
      assertEquals("class_gaussians", q.classMatchSource());
      SampleQuality again =
          SampleQuality.measure(c, model, data.validation(), null, 600, 3, gaussians);
      assertEquals(q.frechetDistance(), again.frechetDistance(), 0, "seeded: the same samples");
      assertThrows(
          IllegalArgumentException.class,
          () -> SampleQuality.measure(c, model, data.validation(), null, 1, 3, null));

      Path page =
          HtmlReport.write(
              model, data.validation(), data.name(), java.util.Map.of(), dir.resolve("report"),
              new HtmlReport.QualitySection(q, "the classifier", 0.5, List.of("square", "ellipse", "triangle")),
              List.of());
      String html = java.nio.file.Files.readString(page);
      assertTrue(html.contains("<h2 id=\"sample-quality\">Sample quality</h2>"), "a section of its own");
      assertTrue(
          html.contains(String.format(java.util.Locale.ROOT, "%.4g", q.frechetDistance())), "the d² shown");
      int diagonal = q.classMatch().confusion()[1][1];
      assertTrue(html.contains("<tr><th>ellipse</th>"), "rows named by class");
      assertTrue(html.contains("<td>" + diagonal + "</td>"), "counts shown");
    }
  }
}
