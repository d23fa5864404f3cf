package dev.tfvae.train.cli;

import dev.tfvae.core.model.LearningRateSchedule;
import dev.tfvae.core.model.Objective;
import dev.tfvae.core.model.TrainingSettings;
import picocli.CommandLine.Option;

/**
 * The training options that {@code train} and {@code compare} share, one per field of
 * {@link TrainingSettings}. Their defaults are the initial values of {@link TrainingSettings#builder()},
 * which {@code --help} prints.
 */
final class TrainingOptions {
  static final TrainingSettings DEFAULTS = TrainingSettings.builder().build();

  /** K of {@code --objective iwae} without {@code --samples}. */
  static final int DEFAULT_IWAE_SAMPLES = 5;

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

  @Option(names = "--objective", paramLabel = "elbo|iwae",
      description = "what training minimises: elbo (one sampled z, analytic KL) or iwae (the"
          + " importance-weighted bound over --samples codes per example) (default ${DEFAULT-VALUE});"
          + " reported figures are the same either way")
  String objective = DEFAULTS.objective().cliName();

  @Option(names = "--samples", paramLabel = "K",
      description = "codes per example of --objective iwae, 1.."
          + TrainingSettings.MAX_IMPORTANCE_SAMPLES + "; a step decodes K times the batch (default 5"
          + " with iwae)")
  Integer samples;

  /** The chosen settings; throws {@link IllegalArgumentException} naming a bad value. */
  TrainingSettings settings() {
    Objective chosen = Objective.parse(objective);
    if (samples != null && chosen != Objective.IWAE) {
      throw new IllegalArgumentException(
          "--samples " + samples + " applies to --objective iwae only (the elbo objective uses one"
              + " sampled code per example)");
    }
    if (samples != null
        && (samples < 1 || samples > TrainingSettings.MAX_IMPORTANCE_SAMPLES)) {
      throw new IllegalArgumentException(
          "--samples must be in 1.." + TrainingSettings.MAX_IMPORTANCE_SAMPLES + ", got " + samples);
    }
    if (chosen == Objective.IWAE && freeBits > 0) {
      throw new IllegalArgumentException(
          "--free-bits " + freeBits + " applies to --objective elbo only: the iwae objective has no"
              + " per-dimension KL term");
    }
    int k = chosen == Objective.IWAE ? (samples == null ? DEFAULT_IWAE_SAMPLES : samples) : 1;
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
        .objective(chosen)
        .importanceSamples(k)
        .build();
  }
}
