package dev.tfvae.train.training;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.tfvae.core.model.Architecture;
import dev.tfvae.core.model.LearningRateSchedule;
import dev.tfvae.core.model.Likelihood;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.ModelSettings;
import dev.tfvae.core.model.TrainingSettings;
import dev.tfvae.core.model.VaeConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything that decides a training run except the data: the model the user chose, the settings that
 * change the result, and the folders the run writes to (which do not). Defaults are those of
 * {@link ModelSettings#builder()} and {@link TrainingSettings#builder()}.
 *
 * @param model kind, networks, latent size, likelihood (or the data's default) and β
 * @param settings epochs, batch, learning rate and schedule, warm-up, free bits, early stopping, seed,
 *     threads
 * @param checkpointDir where checkpoints go; {@code null} for a fresh temporary folder
 * @param resume continue from the newest checkpoint in {@code checkpointDir} if there is one
 * @param tensorboardDir where TensorBoard event files go, or {@code null} for none
 * @param stream how streamed data is shuffled ({@code null}: {@link StreamSettings#DEFAULT}); unused for
 *     data in memory
 */
public record TrainingConfig(
    ModelSettings model,
    TrainingSettings settings,
    Path checkpointDir,
    boolean resume,
    Path tensorboardDir,
    StreamSettings stream) {

  public TrainingConfig {
    checkNotNull(model, "model");
    checkNotNull(settings, "settings");
    checkArgument(!resume || checkpointDir != null, "resuming needs a checkpoint folder");
    stream = stream == null ? StreamSettings.DEFAULT : stream;
  }

  /** A configuration with the default {@link StreamSettings}. */
  public TrainingConfig(
      ModelSettings model,
      TrainingSettings settings,
      Path checkpointDir,
      boolean resume,
      Path tensorboardDir) {
    this(model, settings, checkpointDir, resume, tensorboardDir, null);
  }

  /**
   * The model configuration for examples of shape {@code inputShape}.
   *
   * @param dataLikelihood the likelihood that suits the data, used when none was chosen
   */
  public VaeConfig modelConfig(List<Integer> inputShape, Likelihood dataLikelihood) {
    return model.forData(inputShape, dataLikelihood);
  }

  /**
   * The model configuration for {@code data}: its example shape, its default likelihood when none was
   * chosen, and for a conditional model its number of classes ({@link ClassLabels#count}).
   *
   * @throws IllegalArgumentException if a conditional model is asked of data without labels, or of
   *     streamed data (whose batches carry no labels)
   */
  public VaeConfig modelConfig(dev.tfvae.train.data.TrainingData data) {
    if (!model.conditional()) {
      return modelConfig(data.exampleShape(), data.defaultLikelihood());
    }
    if (!(data instanceof dev.tfvae.train.data.Dataset inMemory)) {
      throw new IllegalArgumentException(
          "--conditional needs the data in memory: " + data.name() + " is streamed from disk (--stream,"
              + " or it exceeds --memory-budget), and streamed training feeds no labels");
    }
    return model.forData(
        data.exampleShape(), data.defaultLikelihood(), ClassLabels.count(inMemory));
  }

  /** The KL weight of global step {@code step} (0-based) with {@code stepsPerEpoch} steps an epoch. */
  public double betaAt(long step, int stepsPerEpoch) {
    double warmup = settings.klWarmupEpochs();
    if (warmup == 0) {
      return model.beta();
    }
    return model.beta() * Math.min(1.0, (step + 1) / (warmup * stepsPerEpoch));
  }

  public Builder toBuilder() {
    return new Builder(model.toBuilder(), settings.toBuilder())
        .checkpointDir(checkpointDir)
        .resume(resume)
        .tensorboardDir(tensorboardDir)
        .stream(stream);
  }

  public static Builder builder() {
    return new Builder(ModelSettings.builder(), TrainingSettings.builder());
  }

  /**
   * Builder over a {@link ModelSettings.Builder} and a {@link TrainingSettings.Builder} (which hold the
   * defaults); {@link #build()} validates every field.
   */
  public static final class Builder {
    private final ModelSettings.Builder model;
    private final TrainingSettings.Builder settings;
    private Path checkpointDir;
    private boolean resume;
    private Path tensorboardDir;
    private StreamSettings stream;

    private Builder(ModelSettings.Builder model, TrainingSettings.Builder settings) {
      this.model = model;
      this.settings = settings;
    }

    public Builder kind(ModelKind kind) {
      model.kind(kind);
      return this;
    }

    public Builder arch(Architecture arch) {
      model.arch(arch);
      return this;
    }

    /** Hidden sizes or filter counts; {@code null} (the default) means the architecture's default. */
    public Builder hidden(List<Integer> hidden) {
      model.hidden(hidden);
      return this;
    }

    public Builder latentDim(int latentDim) {
      model.latentDim(latentDim);
      return this;
    }

    /** The likelihood; {@code null} (the default) means the data's default. */
    public Builder likelihood(Likelihood likelihood) {
      model.likelihood(likelihood);
      return this;
    }

    public Builder beta(double beta) {
      model.beta(beta);
      return this;
    }

    /** A conditional model: encoder and decoder see the label (default false). */
    public Builder conditional(boolean conditional) {
      model.conditional(conditional);
      return this;
    }

    /** Gaussian input noise of a denoising autoencoder (default 0: none). */
    public Builder denoiseSigma(double sigma) {
      settings.denoiseSigma(sigma);
      return this;
    }

    /** Masking rate of a denoising autoencoder (default 0: none). */
    public Builder maskRate(double rate) {
      settings.maskRate(rate);
      return this;
    }

    public Builder klWarmupEpochs(double klWarmupEpochs) {
      settings.klWarmupEpochs(klWarmupEpochs);
      return this;
    }

    public Builder freeBits(double freeBits) {
      settings.freeBits(freeBits);
      return this;
    }

    public Builder epochs(int epochs) {
      settings.epochs(epochs);
      return this;
    }

    public Builder batchSize(int batchSize) {
      settings.batchSize(batchSize);
      return this;
    }

    public Builder learningRate(double learningRate) {
      settings.learningRate(learningRate);
      return this;
    }

    public Builder schedule(LearningRateSchedule schedule) {
      settings.schedule(schedule);
      return this;
    }

    public Builder earlyStoppingPatience(int epochs) {
      settings.earlyStoppingPatience(epochs);
      return this;
    }

    public Builder seed(long seed) {
      settings.seed(seed);
      return this;
    }

    public Builder threads(int threads) {
      settings.threads(threads);
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

    /** How streamed data is shuffled; {@code null} (the default) means {@link StreamSettings#DEFAULT}. */
    public Builder stream(StreamSettings stream) {
      this.stream = stream;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(
          model.build(), settings.build(), checkpointDir, resume, tensorboardDir, stream);
    }
  }
}
