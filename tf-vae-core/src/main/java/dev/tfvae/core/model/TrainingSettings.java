package dev.tfvae.core.model;

import static dev.tfvae.core.base.Preconditions.checkArgument;
import static dev.tfvae.core.base.Preconditions.checkNotNull;

/**
 * Everything besides the model and the data that changes what a training run produces. Immutable; build
 * one with {@link #builder()}, whose initial values (the reference configuration of BENCHMARKS.md) are
 * the command line's defaults. The manifest records it as it was, so an exported model says how it was
 * trained.
 *
 * @param epochs passes over the training data (the most, with early stopping)
 * @param batchSize examples per Adam step
 * @param learningRate Adam learning rate (the base of the schedule)
 * @param schedule how the learning rate changes over the run
 * @param klWarmupEpochs epochs over which the KL weight rises linearly from 0 to β (0: no warm-up)
 * @param freeBits minimum KL per latent dimension in the training loss, in nats (0: none)
 * @param earlyStoppingPatience stop after this many epochs without a better validation negative ELBO
 *     and export the best epoch (0: train all epochs, export the last)
 * @param seed fixes initialisation, data order and noise: same seed and machine ⇒ identical weights
 * @param threads intra-op threads of the training session (with one inter-op thread), 0 for
 *     TensorFlow's default pools; it changes the order of float32 reductions, so the bits of the result
 * @param objective what the steps minimise ({@code null}, as in manifests written before it was
 *     recorded, means {@link Objective#ELBO})
 * @param importanceSamples K, the samples per example of the {@link Objective#IWAE} objective,
 *     1..{@value #MAX_IMPORTANCE_SAMPLES}; 1 for the ELBO (0, as in older manifests, means 1)
 * @param denoiseSigma standard deviation of the Gaussian noise added to each training input, the result
 *     clipped to the training data's range (a denoising autoencoder: the loss compares the
 *     reconstruction with the clean input); 0 for none
 * @param maskRate the share of each training input's values set to 0 (masking noise; a denoising
 *     autoencoder as with {@code denoiseSigma}), in [0, 1); 0 for none
 */
public record TrainingSettings(
    int epochs,
    int batchSize,
    double learningRate,
    LearningRateSchedule schedule,
    double klWarmupEpochs,
    double freeBits,
    int earlyStoppingPatience,
    long seed,
    int threads,
    Objective objective,
    int importanceSamples,
    double denoiseSigma,
    double maskRate) {

  /**
   * The most samples per example of the IWAE objective: a step decodes K × batch codes, so K multiplies
   * the step's time and memory.
   */
  public static final int MAX_IMPORTANCE_SAMPLES = 1_000;

  public TrainingSettings {
    checkNotNull(schedule, "schedule");
    objective = objective == null ? Objective.ELBO : objective;
    importanceSamples = importanceSamples == 0 ? 1 : importanceSamples;
    checkArgument(
        importanceSamples >= 1 && importanceSamples <= MAX_IMPORTANCE_SAMPLES,
        "importance samples must be in 1..%s: %s",
        MAX_IMPORTANCE_SAMPLES,
        importanceSamples);
    checkArgument(
        objective == Objective.IWAE || importanceSamples == 1,
        "importance samples (%s) apply to the iwae objective only; the elbo objective uses one sample",
        importanceSamples);
    checkArgument(
        objective == Objective.ELBO || freeBits == 0,
        "free bits (%s) apply to the elbo objective only: the iwae objective has no per-dimension KL"
            + " term",
        freeBits);
    checkArgument(epochs > 0, "epochs must be positive: %s", epochs);
    checkArgument(batchSize > 0, "batch size must be positive: %s", batchSize);
    checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "learning rate must be a positive number: %s",
        learningRate);
    checkArgument(
        klWarmupEpochs >= 0 && Double.isFinite(klWarmupEpochs),
        "KL warm-up must be a number of epochs >= 0: %s",
        klWarmupEpochs);
    checkArgument(
        freeBits >= 0 && Double.isFinite(freeBits), "free bits must be >= 0: %s", freeBits);
    checkArgument(
        earlyStoppingPatience >= 0,
        "early-stopping patience must be >= 0 epochs: %s",
        earlyStoppingPatience);
    checkArgument(threads >= 0, "threads must be >= 0: %s", threads);
    checkArgument(denoiseSigma >= 0 && Double.isFinite(denoiseSigma),
        "the denoising noise's standard deviation must be a finite number >= 0: %s", denoiseSigma);
    checkArgument(maskRate >= 0 && maskRate < 1, "the masking rate must be in [0, 1): %s", maskRate);
  }

  /** Whether training inputs are corrupted (a denoising autoencoder). */
  public boolean denoising() {
    return denoiseSigma > 0 || maskRate > 0;
  }

  /** The learning rate of global step {@code step} (0-based) of a run of {@code totalSteps}. */
  public double learningRateAt(long step, long totalSteps) {
    return schedule.rate(learningRate, step, totalSteps);
  }

  public Builder toBuilder() {
    return new Builder()
        .epochs(epochs)
        .batchSize(batchSize)
        .learningRate(learningRate)
        .schedule(schedule)
        .klWarmupEpochs(klWarmupEpochs)
        .freeBits(freeBits)
        .earlyStoppingPatience(earlyStoppingPatience)
        .seed(seed)
        .threads(threads)
        .objective(objective)
        .importanceSamples(importanceSamples)
        .denoiseSigma(denoiseSigma)
        .maskRate(maskRate);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; its initial values are the defaults of {@code train} and {@code compare}. */
  public static final class Builder {
    private int epochs = 10;
    private int batchSize = 128;
    private double learningRate = 1e-3;
    private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
    private double klWarmupEpochs;
    private double freeBits;
    private int earlyStoppingPatience;
    private long seed = 42;
    private int threads;
    private Objective objective = Objective.ELBO;
    private int importanceSamples = 1;
    private double denoiseSigma;
    private double maskRate;

    private Builder() {}

    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    public Builder klWarmupEpochs(double klWarmupEpochs) {
      this.klWarmupEpochs = klWarmupEpochs;
      return this;
    }

    public Builder freeBits(double freeBits) {
      this.freeBits = freeBits;
      return this;
    }

    public Builder earlyStoppingPatience(int epochs) {
      this.earlyStoppingPatience = epochs;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder objective(Objective objective) {
      this.objective = objective;
      return this;
    }

    public Builder importanceSamples(int importanceSamples) {
      this.importanceSamples = importanceSamples;
      return this;
    }

    /** Gaussian input noise of a denoising autoencoder (default 0: none). */
    public Builder denoiseSigma(double denoiseSigma) {
      this.denoiseSigma = denoiseSigma;
      return this;
    }

    /** Masking rate of a denoising autoencoder (default 0: none). */
    public Builder maskRate(double maskRate) {
      this.maskRate = maskRate;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
    public TrainingSettings build() {
      return new TrainingSettings(
          epochs, batchSize, learningRate, schedule, klWarmupEpochs, freeBits,
          earlyStoppingPatience, seed, threads, objective, importanceSamples, denoiseSigma,
          maskRate);
    }
  }
}
