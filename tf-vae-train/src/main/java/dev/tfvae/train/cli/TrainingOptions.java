package dev.tfvae.train.cli;

import dev.tfvae.core.model.LearningRateSchedule;
import dev.tfvae.core.model.TrainingSettings;
import picocli.CommandLine.Option;

/**
 * The training options that {@code train} and {@code compare} share, one per field of
 * {@link TrainingSettings}. Their defaults are the initial values of {@link TrainingSettings#builder()},
 * which {@code --help} prints.
 */
final class TrainingOptions {
  static final TrainingSettings DEFAULTS = TrainingSettings.builder().build();

  @Option(names = "--epochs",
      description = "passes over the data (compare: for each network) (default ${DEFAULT-VALUE})")
  int epochs = DEFAULTS.epochs();

  @Option(names = "--batch", description = "examples per step (default ${DEFAULT-VALUE})")
  int batch = DEFAULTS.batchSize();

  @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})")
  double lr = DEFAULTS.learningRate();

  @Option(names = "--lr-schedule", paramLabel = "constant|cosine",
      description = "learning-rate schedule (default ${DEFAULT-VALUE}; cosine decays to 0 at the end)")
  String lrSchedule = DEFAULTS.schedule().cliName();

  @Option(names = "--kl-warmup", paramLabel = "EPOCHS",
      description = "raise the KL weight linearly from 0 to beta over this many epochs (default"
          + " ${DEFAULT-VALUE}: off)")
  double klWarmup = DEFAULTS.klWarmupEpochs();

  @Option(names = "--free-bits", paramLabel = "NATS",
      description = "count each latent dimension's KL as at least this many nats in training (default"
          + " ${DEFAULT-VALUE}: off)")
  double freeBits = DEFAULTS.freeBits();

  @Option(names = "--early-stopping", paramLabel = "EPOCHS",
      description = "stop after this many epochs without a better validation neg_elbo and export the"
          + " best epoch (default ${DEFAULT-VALUE}: off)")
  int earlyStopping = DEFAULTS.earlyStoppingPatience();

  @Option(names = "--seed",
      description = "fixes init, data order and noise (compare: of both runs) (default ${DEFAULT-VALUE})")
  long seed = DEFAULTS.seed();

  @Option(names = "--threads",
      description = "intra-op threads of the training session, i.e. the threads one TensorFlow kernel"
          + " runs on (with one inter-op thread); 0 = TensorFlow's default pools, one thread per core"
          + " (default ${DEFAULT-VALUE}); results are bit-identical only with the same value")
  int threads = DEFAULTS.threads();

  /** The chosen settings; throws {@link IllegalArgumentException} naming a bad value. */
  TrainingSettings settings() {
    return TrainingSettings.builder()
        .epochs(epochs)
        .batchSize(batch)
        .learningRate(lr)
        .schedule(LearningRateSchedule.parse(lrSchedule))
        .klWarmupEpochs(klWarmup)
        .freeBits(freeBits)
        .earlyStoppingPatience(earlyStopping)
        .seed(seed)
        .threads(threads)
        .build();
  }
}
