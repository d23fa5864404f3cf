package dev.tfvae.train.cli;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.quality.ClassMatch;
import dev.tfvae.train.quality.Classifier;
import dev.tfvae.train.quality.ConditionalSamples;
import dev.tfvae.train.quality.LabelledGenerator;
import dev.tfvae.train.quality.LatentClassGaussians;
import dev.tfvae.train.quality.SampleQuality;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "sample-quality",
    mixinStandardHelpOptions = true,
    description = {
      "How good a model's samples are, measured with a classifier from train-classifier: the Fréchet"
          + " distance between its features of the real test images and of N prior samples (FID's method"
          + " with this classifier), the same for training against test images (the floor), the"
          + " classifier's confusion matrix on the test images and, for labelled data, the share of"
          + " class-conditional samples assigned to the class asked for, with their confusion matrix."
    })
final class SampleQualityCommand implements Callable<Integer> {
  @Mixin ModelInputs inputs;

  @Option(names = "--classifier", paramLabel = "DIR",
      description = "a classifier version or base folder (default classifiers/<dataset>-classifier)")
  Path classifier;

  @Option(names = {"-n", "--samples"},
      description = "prior samples, 2.." + SampleQuality.MAX_SAMPLES + " (default ${DEFAULT-VALUE})")
  int samples = SampleQuality.DEFAULT_SAMPLES;

  @Option(names = "--seed", description = "seed of the samples (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (samples < 2 || samples > SampleQuality.MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "--samples must be in 2.." + SampleQuality.MAX_SAMPLES + ", got " + samples);
    }
    try (VaeModel model = inputs.open()) {
      if (!model.isVariational()) {
        throw new IllegalArgumentException(
            model.path() + " is a plain autoencoder: it has no prior to sample from");
      }
      Dataset data = inputs.checkedData(model);
      Path classifierPath =
          classifier != null
              ? classifier
              : TrainClassifierCommand.defaultLocation(inputs.datasetName(model));
      try (Classifier c = Classifier.load(classifierPath)) {
        SampleQuality q = measure(c, model, data, samples, seed);
        List<String> labels = data.setup().labelNames();
        if (json) {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("model", model.path().toString());
          out.put("dataset", data.name());
          out.put("classifier", c.version().toString());
          out.put("classifier_test_accuracy", c.manifest().testAccuracy());
          out.putAll(q.asMap(labels));
          Json.print(out);
        } else {
          System.out.print(text(model.path(), c, q, labels));
        }
      }
    }
    return 0;
  }

  /**
   * The figures of {@code model} on {@code data}'s splits; the class-conditional samples are a
   * conditional model's own {@code generate(label, n, seed)}, or for a plain VAE on labelled data those of
   * its latent class Gaussians.
   */
  static SampleQuality measure(
      Classifier classifier, VaeModel model, Dataset data, int samples, long seed) {
    LabelledGenerator labelled =
        model.isConditional()
            ? new ConditionalSamples(model)
            : data.train().labels() == null
            ? null
            : LatentClassGaussians.fit(model, data.train().head(Math.min(data.train().count(), 20_000)),
                classifier.manifest().classes());
    return SampleQuality.measure(
        classifier, model, data.validation(), data.train(), samples, seed, labelled);
  }

  /** The figures for people: one row each with what it is, then the confusion matrices. */
  static String text(Path model, Classifier c, SampleQuality q, List<String> labels) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "model       %s%nclassifier  %s (test accuracy %.4f)%n%n",
        model, c.version(), c.manifest().testAccuracy()));
    TextTable t = new TextTable("figure", "value", "what");
    t.row("frechet_distance", q.frechetDistance(), String.format(Locale.ROOT,
        "d², classifier features of %,d test images against %,d prior samples", q.realExamples(),
        q.samples()));
    if (!Double.isNaN(q.frechetDistanceTrainTest())) {
      t.row("frechet_distance_train_test", q.frechetDistanceTrainTest(),
          "d², training against test images: what a perfect generator would score");
    }
    if (q.realClassMatch() != null) {
      t.row("real_class_match", q.realClassMatch().share(), "classifier accuracy on the test images");
    }
    if (q.classMatch() != null) {
      t.row("class_match", q.classMatch().share(), String.format(Locale.ROOT,
          "samples assigned to the class asked for (%s, %,d per class)", q.classMatchSource(),
          q.classMatch().total() / q.classMatch().classes()));
    }
    out.append(t.render());
    if (q.classMatch() != null) {
      out.append(String.format(Locale.ROOT,
          "%nconfusion of the class-conditional samples (rows: class asked for, columns: assigned)%n"));
      out.append(confusion(q.classMatch(), labels));
    }
    return out.toString();
  }

  static String confusion(ClassMatch m, List<String> labels) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < m.classes(); i++) {
      names.add(labels.size() == m.classes() ? labels.get(i) : Integer.toString(i));
    }
    List<String> header = new ArrayList<>();
    header.add("asked for");
    header.addAll(names);
    header.add("share");
    TextTable t = new TextTable(header.toArray(String[]::new));
    for (int r = 0; r < m.classes(); r++) {
      List<Object> row = new ArrayList<>();
      row.add(names.get(r));
      for (int count : m.confusion()[r]) {
        row.add(count);
      }
      row.add(String.format(Locale.ROOT, "%.3f", m.shareOf(r)));
      t.row(row.toArray());
    }
    return t.render();
  }
}
