package dev.tfvae.train.cli;

import dev.tfvae.core.device.ComputeDevice;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.ModelSettings;
import dev.tfvae.core.model.Objective;
import dev.tfvae.train.training.TrainingInterruptedException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.data.StreamedDataset;
import dev.tfvae.train.data.TrainingData;
import dev.tfvae.train.pictures.HtmlReport;
import dev.tfvae.train.export.TrainingExport;
import dev.tfvae.train.io.NewFolders;
import dev.tfvae.train.training.EpochMetrics;
import dev.tfvae.train.training.TrainingConfig;
import dev.tfvae.train.training.TrainingResult;
import dev.tfvae.train.training.VaeTrainer;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    resourceBundle = "dev.tfvae.train.cli.OptionTexts",
    description = {
      "Train a VAE (or plain autoencoder) and export it as a TF Serving SavedModel.",
      "With no options: the built-in shapes dataset, 10 epochs, exported to savedmodels/shapes-vae/<next version>."
    })
final class TrainCommand implements Callable<Integer> {
  /** Validation examples a streamed run's report reads (an in-memory run's report takes them all). */
  private static final int REPORT_EXAMPLES = 10_000;

  @Spec CommandSpec spec;

  @Mixin DatasetOptions data;

  @Mixin ModelOptions modelOptions;

  @Mixin TrainingOptions trainingOptions;

  @Mixin ProgressOptions progress;

  @Mixin StreamingOptions streaming;

  @Option(names = "--model", paramLabel = "vae|ae",
      description = "vae or ae (deterministic autoencoder) (default ${DEFAULT-VALUE})")
  String model = ModelSettings.builder().build().kind().cliName();

  @Option(names = "--conditional",
      description = "a conditional model: encoder and decoder both see the example's label (one-hot);"
          + " needs labelled data (class folders, --label-column, fashion-mnist, mnist, shapes)")
  boolean conditional;

  @Option(names = "--denoise", paramLabel = "SIGMA",
      description = "a denoising autoencoder: add Gaussian noise of this standard deviation to each"
          + " training input (clipped to the data's range) and learn to reconstruct the clean one"
          + " (default 0: off)")
  double denoise;

  @Option(names = "--mask", paramLabel = "RATE",
      description = "a denoising autoencoder with masking noise: set this share of each training"
          + " input's values to 0 (default 0: off; combines with --denoise)")
  double mask;

  @Option(names = "--resume",
      description = "continue from the newest checkpoint in --checkpoint-dir (default: the newest run"
          + " under ~/.tf-vae/checkpoints/<name>)")
  boolean resume;

  @Option(names = "--tensorboard", paramLabel = "DIR", description = "write TensorBoard event files here")
  Path tensorboard;

  @Option(names = "--report", paramLabel = "DIR",
      description = "after exporting, write the model's HTML report to DIR/index.html")
  Path report;

  @Option(names = "--out", paramLabel = "DIR",
      description = "model base folder; the export goes to DIR/<next version> (default savedmodels/<dataset>-<model>)")
  Path out;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR",
      description = "where epoch checkpoints go (default ~/.tf-vae/checkpoints/<name>/<time>)")
  Path checkpointDir;

  @Option(names = "--json", description = "print one JSON object with the results on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ModelKind kind = ModelKind.parse(model);
    String name = defaultName(data.dataset) + "-" + kind.cliName();
    Path base = out != null ? out : Path.of("savedmodels", name);
    TrainingConfig config =
        new TrainingConfig(
            modelOptions.settings(kind).toBuilder().conditional(conditional).build(),
            trainingOptions.settings().toBuilder().denoiseSigma(denoise).maskRate(mask).build(),
            checkpointDir(base), resume, tensorboard, streaming.settings());
    if (kind == ModelKind.AE && config.settings().objective() == Objective.IWAE) {
      throw new IllegalArgumentException(
          "--objective iwae needs --model vae: a plain autoencoder samples no codes to weight");
    }
    if (conditional && streaming.stream) {
      throw new IllegalArgumentException(
          "--conditional needs the data in memory: streamed training (--stream) feeds no labels");
    }
    NewFolders folders = new NewFolders();
    Path exported;
    TrainingData dataset = null;
    TrainingResult result;
    Split reportExamples = null;
    boolean done = false;
    try {
      preflight(folders, base, "--out");
      preflight(folders, config.checkpointDir(), "--checkpoint-dir");
      if (tensorboard != null) {
        preflight(folders, tensorboard, "--tensorboard");
      }
      dataset = streaming.load(data);
      System.err.printf(Locale.ROOT, "training %s%s on %s: %d training / %d validation examples of shape %s%n",
          conditional ? "conditional " : "", kind.cliName(), dataset.name(), dataset.train().count(),
          dataset.validation().count(),
          dataset.exampleShape());
      System.err.println("checkpoints: " + config.checkpointDir());
      System.err.println("device: " + ComputeDevice.detect().describe());
      ProgressReporter listener = progress.reporter(config.settings().epochs());
      try {
        result = trainStoppingOnSignal(new VaeTrainer(config), dataset, listener);
      } finally {
        listener.finish();
      }
      exported = TrainingExport.export(result, base, commandLine());
      if (report != null) {
        reportExamples =
            dataset.validation() instanceof Split inMemory
                ? inMemory
                : dataset.validation().head(REPORT_EXAMPLES);
      }
      done = true;
    } finally {
      if (!done) {
        // A run that failed or was stopped before exporting leaves no empty folder behind.
        folders.removeEmpty();
      }
      if (dataset instanceof StreamedDataset streamed) {
        streamed.close();
      }
    }
    System.err.println("exported " + exported);
    if (report != null) {
      try (VaeModel model = VaeModel.load(exported)) {
        System.err.println(
            "wrote " + HtmlReport.write(model, reportExamples, dataset.name(),
                dataset.labelNames(), report));
      }
    }
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("dataset", dataset.name());
      out.put("model", kind.cliName());
      out.put("arch", result.model().arch().cliName());
      out.put("likelihood", result.model().likelihood().cliName());
      out.put("exported_epoch", result.exportedEpoch());
      out.put("export_path", exported.toString());
      out.put("checkpoint", result.checkpoint().toString());
      out.put("train_samples_per_s", result.samplesPerSecond());
      out.put("streamed", !(dataset instanceof Dataset));
      List<Map<String, Object>> epochsOut = new ArrayList<>();
      for (EpochMetrics m : result.history()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("epoch", m.epoch());
        e.put("loss", m.loss());
        e.put("recon", m.recon());
        e.put("kl", m.kl());
        e.put("samples_per_s", m.samplesPerSecond());
        e.put("seconds", m.seconds());
        e.put("validation", m.validation().asMap());
        epochsOut.add(e);
      }
      out.put("epochs", epochsOut);
      Json.print(out);
    }
    return 0;
  }

  /**
   * Checks before training that an output folder can be created and written, so a long run never ends
   * in an export that cannot be written.
   */
  private static void preflight(NewFolders folders, Path dir, String option) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(option + " " + dir + " is a file, not a folder");
    }
    try {
      folders.create(dir);
      Path probe = Files.createTempFile(dir, ".tf-vae-write-check", "");
      Files.delete(probe);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          option + " " + dir + " cannot be written (" + e.getClass().getSimpleName() + ": "
              + e.getMessage() + ")", e);
    }
  }

  /**
   * Trains; on Ctrl-C (SIGINT/SIGTERM) the shutdown hook asks the trainer to checkpoint after its
   * current step and waits for that before the JVM exits.
   */
  private static TrainingResult trainStoppingOnSignal(
      VaeTrainer trainer, TrainingData dataset, ProgressReporter listener) throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              trainer.requestStop();
              try {
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tf-vae-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return trainer.train(dataset, listener);
    } catch (TrainingInterruptedException e) {
      // Printed here, before the hook is released and the JVM may exit: the bar's line ends first.
      listener.finish();
      System.err.println("tf-vae train: " + e.getMessage());
      System.err.flush();
      e.markReported();
      throw e;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already exiting (Ctrl-C): the hook is running and has been released above.
      }
    }
  }

  /**
   * The checkpoint folder: {@code --checkpoint-dir}, else a new {@code ~/.tf-vae/checkpoints/NAME/TIME}
   * — or with {@code --resume} the newest existing run folder there.
   */
  private Path checkpointDir(Path base) throws IOException {
    if (checkpointDir != null) {
      return checkpointDir;
    }
    Path runs =
        Path.of(System.getProperty("user.home"), ".tf-vae", "checkpoints",
            base.toAbsolutePath().normalize().getFileName().toString());
    if (resume && Files.isDirectory(runs)) {
      try (Stream<Path> children = Files.list(runs)) {
        Optional<Path> newest =
            children.filter(Files::isDirectory).max(Comparator.comparing(p -> p.getFileName().toString()));
        if (newest.isPresent()) {
          return newest.get();
        }
      }
    }
    return runs.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  private String commandLine() {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    return "./tf-vae " + String.join(" ", args);
  }

  /**
   * {@code idx:/data/foo} and {@code images:/data/foo} become {@code foo}, {@code csv:/data/foo.csv}
   * becomes {@code foo}; named datasets keep their name.
   */
  static String defaultName(String dataset) {
    int colon = dataset.indexOf(':');
    if (colon < 0) {
      return dataset;
    }
    Path p = Path.of(dataset.substring(colon + 1)).toAbsolutePath().normalize();
    String file = p.getFileName() == null ? dataset.substring(0, colon) : p.getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }
}
