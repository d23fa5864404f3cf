package dev.tfvae.train.training;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.tfvae.core.model.Architecture;
import dev.tfvae.core.model.Likelihood;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.VaeConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything that decides a training run except the data. Defaults are the reference configuration of
 * BENCHMARKS.md: MLP VAE 784-400-20, Bernoulli, Adam 1e-3, batch 128, 10 epochs, seed 42.
 *
 * @param kind VAE or plain autoencoder
 * @param arch MLP or convolutional networks
 * @param hidden encoder hidden layer sizes (MLP) or filter counts (conv); the decoder mirrors them
 * @param latentDim latent dimensions
 * @param likelihood the decoder's distribution, or {@code null} for the data's default (Bernoulli for
 *     pixels in [0, 1], Gaussian for tables)
 * @param beta KL weight used in the training loss
 * @param klWarmupEpochs epochs over which the KL weight rises linearly from 0 to β (0: no warm-up)
 * @param freeBits minimum KL per latent dimension in the training loss, in nats (0: none)
 * @param epochs passes over the training data
 * @param batchSize examples per Adam step
 * @param learningRate Adam learning rate (the base of the schedule)
 * @param schedule how the learning rate changes over the run
 * @param earlyStoppingPatience stop after this many epochs without a better validation negative ELBO
 *     and export the best epoch (0: train all epochs, export the last)
 * @param seed fixes initialisation, data order and noise: same seed and machine ⇒ identical weights
 * @param checkpointDir where checkpoints go; {@code null} for a fresh temporary folder
 * @param resume continue from the newest checkpoint in {@code checkpointDir} if there is one
 * @param tensorboardDir where TensorBoard event files go, or {@code null} for none
 * @param threads TensorFlow intra-op threads, 0 for TensorFlow's default (all cores)
 */
public record TrainingConfig(
    ModelKind kind,
    Architecture arch,
    List<Integer> hidden,
    int latentDim,
    Likelihood likelihood,
    double beta,
    double klWarmupEpochs,
    double freeBits,
    int epochs,
    int batchSize,
    double learningRate,
    LearningRateSchedule schedule,
    int earlyStoppingPatience,
    long seed,
    Path checkpointDir,
    boolean resume,
    Path tensorboardDir,
    int threads) {

  public TrainingConfig {
    checkArgument(kind != null, "kind must be set");
    checkArgument(arch != null, "arch must be set");
    checkArgument(schedule != null, "schedule must be set");
    hidden = ImmutableList.copyOf(hidden == null ? arch.defaultHidden() : hidden);
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
    checkArgument(!resume || checkpointDir != null, "resuming needs a checkpoint folder");
    // Validates hidden, latent and beta with the model's own rules (fields are not assigned yet).
    VaeConfig.builder().kind(kind).inputShape(List.of(1)).hidden(hidden).latentDim(latentDim)
        .beta(beta).build();
  }

  /**
   * The model configuration for examples of shape {@code inputShape}.
   *
   * @param dataLikelihood the likelihood that suits the data, used when {@link #likelihood()} is null
   */
  public VaeConfig modelConfig(List<Integer> inputShape, Likelihood dataLikelihood) {
    return VaeConfig.builder()
        .kind(kind)
        .arch(arch)
        .inputShape(inputShape)
        .hidden(hidden)
        .latentDim(latentDim)
        .likelihood(likelihood != null ? likelihood : dataLikelihood)
        .beta(beta)
        .build();
  }

  /** The KL weight of global step {@code step} (0-based) with {@code stepsPerEpoch} steps an epoch. */
  public double betaAt(long step, int stepsPerEpoch) {
    if (klWarmupEpochs == 0) {
      return beta;
    }
    return beta * Math.min(1.0, (step + 1) / (klWarmupEpochs * stepsPerEpoch));
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.kind = kind;
    b.arch = arch;
    b.hidden = hidden;
    b.latentDim = latentDim;
    b.likelihood = likelihood;
    b.beta = beta;
    b.klWarmupEpochs = klWarmupEpochs;
    b.freeBits = freeBits;
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.learningRate = learningRate;
    b.schedule = schedule;
    b.earlyStoppingPatience = earlyStoppingPatience;
    b.seed = seed;
    b.checkpointDir = checkpointDir;
    b.resume = resume;
    b.tensorboardDir = tensorboardDir;
    b.threads = threads;
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; {@link #build()} validates every field. */
  public static final class Builder {
    private ModelKind kind = ModelKind.VAE;
    private Architecture arch = Architecture.MLP;
    private List<Integer> hidden;
    private int latentDim = 20;
    private Likelihood likelihood;
    private double beta = 1.0;
    private double klWarmupEpochs;
    private double freeBits;
    private int epochs = 10;
    private int batchSize = 128;
    private double learningRate = 1e-3;
    private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
    private int earlyStoppingPatience;
    private long seed = 42;
    private Path checkpointDir;
    private boolean resume;
    private Path tensorboardDir;
    private int threads;

    private Builder() {}

    public Builder kind(ModelKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder arch(Architecture arch) {
      this.arch = arch;
      return this;
    }

    /** Hidden sizes or filter counts; {@code null} (the default) means the architecture's default. */
    public Builder hidden(List<Integer> hidden) {
      this.hidden = hidden;
      return this;
    }

    public Builder latentDim(int latentDim) {
      this.latentDim = latentDim;
      return this;
    }

    public Builder likelihood(Likelihood likelihood) {
      this.likelihood = likelihood;
      return this;
    }

    public Builder beta(double beta) {
      this.beta = beta;
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

    public Builder earlyStoppingPatience(int epochs) {
      this.earlyStoppingPatience = epochs;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder checkpointDir(Path checkpointDir) {
      this.checkpointDir = checkpointDir;
      return this;
    }

    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    public Builder tensorboardDir(Path tensorboardDir) {
      this.tensorboardDir = tensorboardDir;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(
          kind, arch, hidden, latentDim, likelihood, beta, klWarmupEpochs, freeBits, epochs,
          batchSize, learningRate, schedule, earlyStoppingPatience, seed, checkpointDir, resume,
          tensorboardDir, threads);
    }
  }
}
