package dev.tfvae.train.training;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.tfvae.core.model.Likelihood;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.VaeConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything that decides a training run except the data. Defaults are the reference configuration of
 * BENCHMARKS.md: VAE 784-400-20, Bernoulli, Adam 1e-3, batch 128, 10 epochs, seed 42.
 *
 * @param kind VAE or plain autoencoder
 * @param hidden encoder hidden layer sizes (the decoder mirrors them)
 * @param latentDim latent dimensions
 * @param beta KL weight used in the training loss
 * @param epochs passes over the training data
 * @param batchSize examples per Adam step
 * @param learningRate Adam learning rate
 * @param seed fixes initialisation, data order and noise: same seed and machine ⇒ identical weights
 * @param checkpointDir where epoch checkpoints go; {@code null} for a fresh temporary folder
 * @param threads TensorFlow intra-op threads, 0 for TensorFlow's default (all cores)
 */
public record TrainingConfig(
    ModelKind kind,
    List<Integer> hidden,
    int latentDim,
    double beta,
    int epochs,
    int batchSize,
    double learningRate,
    long seed,
    Path checkpointDir,
    int threads) {

  public TrainingConfig {
    hidden = ImmutableList.copyOf(hidden);
    checkArgument(epochs > 0, "epochs must be positive: %s", epochs);
    checkArgument(batchSize > 0, "batch size must be positive: %s", batchSize);
    checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "learning rate must be a positive number: %s",
        learningRate);
    checkArgument(threads >= 0, "threads must be >= 0: %s", threads);
    checkArgument(kind != null, "kind must be set");
    // Validates hidden, latent and beta with the model's own rules (fields are not assigned yet).
    VaeConfig.builder().kind(kind).inputShape(List.of(1)).hidden(hidden).latentDim(latentDim)
        .beta(beta).build();
  }

  /** The model configuration for examples of shape {@code inputShape}. */
  public VaeConfig modelConfig(List<Integer> inputShape) {
    return VaeConfig.builder()
        .kind(kind)
        .inputShape(inputShape)
        .hidden(hidden)
        .latentDim(latentDim)
        .likelihood(Likelihood.BERNOULLI)
        .beta(beta)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; {@link #build()} validates every field. */
  public static final class Builder {
    private ModelKind kind = ModelKind.VAE;
    private List<Integer> hidden = List.of(400);
    private int latentDim = 20;
    private double beta = 1.0;
    private int epochs = 10;
    private int batchSize = 128;
    private double learningRate = 1e-3;
    private long seed = 42;
    private Path checkpointDir;
    private int threads;

    private Builder() {}

    public Builder kind(ModelKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder hidden(List<Integer> hidden) {
      this.hidden = hidden;
      return this;
    }

    public Builder latentDim(int latentDim) {
      this.latentDim = latentDim;
      return this;
    }

    public Builder beta(double beta) {
      this.beta = beta;
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

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder checkpointDir(Path checkpointDir) {
      this.checkpointDir = checkpointDir;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public TrainingConfig build() {
      return new TrainingConfig(
          kind, hidden, latentDim, beta, epochs, batchSize, learningRate, seed, checkpointDir,
          threads);
    }
  }
}
