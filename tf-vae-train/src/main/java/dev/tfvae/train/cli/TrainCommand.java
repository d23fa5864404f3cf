package dev.tfvae.train.cli;

import dev.tfvae.core.model.ModelKind;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.export.TrainingExport;
import dev.tfvae.train.training.EpochMetrics;
import dev.tfvae.train.training.TrainingConfig;
import dev.tfvae.train.training.TrainingListener;
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
    description = {
      "Train a VAE (or plain autoencoder) and export it as a TF Serving SavedModel.",
      "With no options: the built-in shapes dataset, 10 epochs, exported to savedmodels/shapes-vae/<next version>."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DatasetOptions data;

  @Option(names = "--model", defaultValue = "vae", paramLabel = "vae|ae",
      description = "vae (default) or ae (deterministic autoencoder)")
  String model;

  @Option(names = "--epochs", defaultValue = "10", description = "passes over the data (default ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch", defaultValue = "128", description = "examples per step (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--latent", defaultValue = "20", description = "latent dimensions (default ${DEFAULT-VALUE})")
  int latent;

  @Option(names = "--hidden", defaultValue = "400", split = ",", paramLabel = "N[,N...]",
      description = "hidden layer sizes, e.g. 400 or 512,256 (default ${DEFAULT-VALUE})")
  List<Integer> hidden;

  @Option(names = "--beta", defaultValue = "1", description = "KL weight in the training loss (default ${DEFAULT-VALUE})")
  double beta;

  @Option(names = "--seed", defaultValue = "42", description = "fixes init, data order and noise (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", defaultValue = "0", description = "TensorFlow threads, 0 = all cores (default)")
  int threads;

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
    Path checkpoints =
        checkpointDir != null
            ? checkpointDir
            : Path.of(System.getProperty("user.home"), ".tf-vae", "checkpoints",
                base.toAbsolutePath().normalize().getFileName().toString(),
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    TrainingConfig config =
        TrainingConfig.builder()
            .kind(kind)
            .hidden(hidden)
            .latentDim(latent)
            .beta(beta)
            .epochs(epochs)
            .batchSize(batch)
            .learningRate(lr)
            .seed(seed)
            .threads(threads)
            .checkpointDir(checkpoints)
            .build();
    Dataset dataset = data.load();
    System.err.printf(Locale.ROOT, "training %s on %s: %d training / %d validation examples of shape %s%n",
        kind.cliName(), dataset.name(), dataset.train().count(), dataset.validation().count(),
        dataset.exampleShape());
    TrainingListener listener = new ProgressReporter(epochs);
    TrainingResult result = new VaeTrainer(config).train(dataset, listener);
    Path exported = TrainingExport.export(result, base, commandLine());
    System.err.println("exported " + exported);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("dataset", dataset.name());
      out.put("model", kind.cliName());
      out.put("export_path", exported.toString());
      out.put("checkpoint", result.checkpoint().toString());
      out.put("train_samples_per_s", result.samplesPerSecond());
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

  private String commandLine() {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    return "./tf-vae " + String.join(" ", args);
  }

  /** {@code idx:/data/foo} becomes {@code foo}; named datasets keep their name. */
  static String defaultName(String dataset) {
    if (dataset.startsWith("idx:")) {
      Path p = Path.of(dataset.substring(4)).toAbsolutePath().normalize();
      return p.getFileName() == null ? "idx" : p.getFileName().toString();
    }
    return dataset;
  }
}
