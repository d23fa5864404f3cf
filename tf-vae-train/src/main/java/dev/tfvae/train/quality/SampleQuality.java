package dev.tfvae.train.quality;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Split;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample-quality figures of a generative model, measured with a {@link Classifier}:
 *
 * <ul>
 *   <li>{@code frechet_distance}: d² between the Gaussians fitted to the classifier's features of the
 *       real test images and of {@code n} samples from the prior (FID's method with this classifier);
 *   <li>{@code frechet_distance_train_test}: the same between up to {@code n} training images and the
 *       test images, the figure a perfect generator would get (the floor set by finite samples);
 *   <li>{@code real_class_match}: the classifier's confusion matrix on the real test images (its
 *       accuracy, measured by the same code as the generated samples' class match);
 *   <li>{@code class_match}: for a {@link LabelledGenerator}, the share of samples the classifier
 *       assigns to the class asked for, with the confusion matrix ({@code n / classes} per class).
 * </ul>
 *
 * @param frechetDistance d², real test images against prior samples
 * @param frechetDistanceTrainTest d², training against test images
 * @param samples prior samples drawn
 * @param realExamples test images
 * @param realClassMatch the classifier on the test images (requested = true label)
 * @param classMatch the labelled generator's samples, or {@code null} when there is none
 * @param classMatchSource what generated the labelled samples, or {@code null}
 */
public record SampleQuality(
    double frechetDistance,
    double frechetDistanceTrainTest,
    int samples,
    int realExamples,
    ClassMatch realClassMatch,
    ClassMatch classMatch,
    String classMatchSource) {

  /** The most samples one measurement draws (what one {@code generate} call returns at most). */
  public static final int MAX_SAMPLES = 65_536;

  /** Samples of the figures as the README and issue define them. */
  public static final int DEFAULT_SAMPLES = 10_000;

  /**
   * Measures {@code model}.
   *
   * @param test real test images with labels (or without: then no confusion matrices), model-input units
   * @param train real training images for the floor figure, or {@code null} to skip it
   * @param samples n, 2..{@value #MAX_SAMPLES}
   * @param seed seed of the prior samples and of the labelled ones
   * @param labelled the class-conditional generator, or {@code null}
   */
  public static SampleQuality measure(
      Classifier classifier,
      VaeModel model,
      Split test,
      Split train,
      int samples,
      long seed,
      LabelledGenerator labelled) {
    checkArgument(
        samples >= 2 && samples <= MAX_SAMPLES, "samples must be in 2..%s, got %s", MAX_SAMPLES, samples);
    checkArgument(
        classifier.inputSize() == model.inputSize(),
        "the classifier takes images of shape %s, the model %s", classifier.manifest().inputShape(),
        model.inputShape());
    checkArgument(test.count() >= 2, "the test split has %s examples; at least 2 are needed", test.count());
    float[][] real = rows(test, test.count());
    float[][] realFeatures = classifier.features(real);
    Gaussian realGaussian = Gaussian.fit(realFeatures);
    float[][] generated = model.isConditional()
        ? model.generate(evenClasses(samples, model.classes()), samples, new long[] {seed, 0L})
        : model.generate(samples, seed);
    double fd = FrechetDistance.between(realGaussian, Gaussian.fit(classifier.features(generated)));
    double floor = Double.NaN;
    if (train != null && train.count() >= 2) {
      floor =
          FrechetDistance.between(
              Gaussian.fit(classifier.features(rows(train, Math.min(samples, train.count())))),
              realGaussian);
    }
    int classes = classifier.manifest().classes();
    ClassMatch realMatch =
        test.labels() == null ? null : ClassMatch.of(test.labels(), classifier.classify(real), classes);
    ClassMatch match = null;
    if (labelled != null) {
      checkArgument(
          labelled.classes() == classes, "the generator has %s classes, the classifier %s",
          labelled.classes(), classes);
      match = classMatch(classifier, labelled, Math.max(1, samples / classes), seed);
    }
    return new SampleQuality(
        fd, floor, samples, test.count(), realMatch, match, labelled == null ? null : labelled.source());
  }

  /** {@code perClass} samples of each class from {@code generator}, classified. */
  public static ClassMatch classMatch(
      Classifier classifier, LabelledGenerator generator, int perClass, long seed) {
    int classes = generator.classes();
    int[] requested = new int[classes * perClass];
    int[] assigned = new int[classes * perClass];
    for (int c = 0; c < classes; c++) {
      int[] got = classifier.classify(generator.generate(c, perClass, seed));
      for (int i = 0; i < perClass; i++) {
        requested[c * perClass + i] = c;
        assigned[c * perClass + i] = got[i];
      }
    }
    return ClassMatch.of(requested, assigned, classes);
  }

  private static float[][] rows(Split split, int n) {
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = split.example(i);
    }
    return out;
  }

  /**
   * The figures as the {@code --json} output and the report carry them (snake_case keys; a confusion
   * matrix as rows of counts, requested class first).
   */
  public Map<String, Object> asMap(List<String> labelNames) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("frechet_distance", frechetDistance);
    out.put("frechet_distance_train_test", Double.isNaN(frechetDistanceTrainTest) ? null : frechetDistanceTrainTest);
    out.put("samples", samples);
    out.put("real_examples", realExamples);
    out.put("real_class_match", realClassMatch == null ? null : matchMap(realClassMatch, labelNames, "test_images"));
    out.put("class_match", classMatch == null ? null : matchMap(classMatch, labelNames, classMatchSource));
    return out;
  }

  private static Map<String, Object> matchMap(ClassMatch m, List<String> labelNames, String source) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", source);
    out.put("share", m.share());
    out.put("samples", m.total());
    out.put("labels", labelNames.size() == m.classes() ? labelNames : java.util.stream.IntStream
        .range(0, m.classes()).mapToObj(Integer::toString).toList());
    out.put("confusion", m.confusion());
    return out;
  }

  /**
   * The labels of a conditional model's samples for the Fréchet distance: sample i of class i mod
   * {@code classes}, so that every class is as common as in a balanced test set.
   */
  static int[] evenClasses(int samples, int classes) {
    int[] labels = new int[samples];
    for (int i = 0; i < samples; i++) {
      labels[i] = i % classes;
    }
    return labels;
  }
}
