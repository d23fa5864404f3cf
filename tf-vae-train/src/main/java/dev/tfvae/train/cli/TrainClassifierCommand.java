package dev.tfvae.train.cli;

import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.quality.ClassifierManifest;
import dev.tfvae.train.quality.ClassifierTrainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "train-classifier",
    mixinStandardHelpOptions = true,
    description = {
      "Train the image classifier whose features sample-quality compares (two stride-2 convolutions, a"
          + " 128-unit feature layer, softmax), report its test accuracy, and export it as a SavedModel"
          + " to --out DIR/<next version>."
    })
final class TrainClassifierCommand implements Callable<Integer> {
  private static final ClassifierTrainer.Settings DEFAULTS = ClassifierTrainer.Settings.DEFAULT;

  @Spec CommandSpec spec;

  @Mixin DatasetOptions data;

  @Option(names = "--out", paramLabel = "DIR",
      description = "base folder of the classifier (default classifiers/<dataset>-classifier)")
  Path out;

  @Option(names = "--epochs", description = "passes over the training split (default ${DEFAULT-VALUE})")
  int epochs = DEFAULTS.epochs();

  @Option(names = "--batch", description = "examples per step (default ${DEFAULT-VALUE})")
  int batch = DEFAULTS.batchSize();

  @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})")
  double lr = DEFAULTS.learningRate();

  @Option(names = "--seed", description = "fixes init and data order (default ${DEFAULT-VALUE})")
  long seed = DEFAULTS.seed();

  @Option(names = "--json", description = "print one JSON object with the results on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ClassifierTrainer.Settings settings = new ClassifierTrainer.Settings(epochs, batch, lr, seed);
    Path base = out != null ? out : defaultLocation(data.dataset);
    Dataset dataset = data.load();
    System.err.printf(Locale.ROOT, "training a classifier on %s: %d training / %d test examples%n",
        dataset.name(), dataset.train().count(), dataset.validation().count());
    String command = "./tf-vae " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    ClassifierManifest.Exported exported =
        ClassifierTrainer.train(dataset, settings, base, command, System.err::println);
    ClassifierManifest m = exported.manifest();
    System.err.println("exported " + exported.version());
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("dataset", m.dataset());
      o.put("export_path", exported.version().toString());
      o.put("classes", m.classes());
      o.put("feature_dim", m.featureDim());
      o.put("epochs", m.settings().epochs());
      o.put("test_accuracy", m.testAccuracy());
      o.put("test_examples", m.testExamples());
      o.put("training_seconds", m.trainingSeconds());
      Json.print(o);
    } else {
      System.out.printf(Locale.ROOT, "test accuracy %.4f on %,d test images (%s)%n", m.testAccuracy(),
          m.testExamples(), exported.version());
    }
    return 0;
  }

  /** {@code classifiers/<dataset>-classifier}, the folder {@code sample-quality} looks in by default. */
  static Path defaultLocation(String dataset) {
    return Path.of("classifiers", TrainCommand.defaultName(dataset) + "-classifier");
  }
}
