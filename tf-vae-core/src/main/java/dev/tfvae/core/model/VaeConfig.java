package dev.tfvae.core.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The architecture of a model: what goes in, how large the layers and the latent space are, and what the
 * loss is. Immutable; build one with {@link #builder()}.
 *
 * @param kind VAE or plain autoencoder
 * @param arch network shape (MLP or convolutional); {@code null} in an old manifest means MLP
 * @param inputShape shape of one example without the batch dimension, e.g. {@code [28, 28]}
 * @param hidden sizes of the encoder's hidden layers (MLP) or filter counts of its stride-2
 *     convolutions (conv); the decoder mirrors them
 * @param latentDim number of latent dimensions
 * @param likelihood decoder output distribution
 * @param beta weight of the KL term in the training loss (reported figures always use 1)
 */
public record VaeConfig(
    ModelKind kind,
    Architecture arch,
    List<Integer> inputShape,
    List<Integer> hidden,
    int latentDim,
    Likelihood likelihood,
    double beta) {

  public VaeConfig {
    checkNotNull(kind, "kind");
    checkNotNull(likelihood, "likelihood");
    arch = arch == null ? Architecture.MLP : arch;
    inputShape = ImmutableList.copyOf(inputShape);
    hidden = ImmutableList.copyOf(hidden);
    checkArgument(!inputShape.isEmpty(), "input shape must have at least one dimension");
    for (int d : inputShape) {
      checkArgument(d > 0, "input shape dimensions must be positive: %s", inputShape);
    }
    checkArgument(
        inputShape.stream().mapToLong(Integer::longValue).reduce(1, Math::multiplyExact)
            <= Integer.MAX_VALUE,
        "input shape %s has more than 2^31 elements",
        inputShape);
    checkArgument(!hidden.isEmpty(), "at least one hidden layer is required");
    for (int h : hidden) {
      checkArgument(h > 0, "hidden layer sizes must be positive: %s", hidden);
    }
    checkArgument(
        arch != Architecture.CONV || inputShape.size() == 2 || inputShape.size() == 3,
        "--arch conv needs images of shape [height, width] or [height, width, channels]; the data has"
            + " examples of shape %s",
        inputShape);
    checkArgument(latentDim > 0, "latent dimension must be positive: %s", latentDim);
    checkArgument(
        Double.isFinite(beta) && beta >= 0, "beta must be a finite number >= 0: %s", beta);
  }

  /** Image height, width and channels for a convolutional model ({@code [H, W]} means one channel). */
  public int[] imageDims() {
    checkArgument(inputShape.size() == 2 || inputShape.size() == 3, "not an image shape: %s", inputShape);
    return new int[] {
      inputShape.get(0), inputShape.get(1), inputShape.size() == 3 ? inputShape.get(2) : 1
    };
  }

  /** Number of values in one example (the product of {@link #inputShape()}). */
  public int inputSize() {
    int size = 1;
    for (int d : inputShape) {
      size *= d;
    }
    return size;
  }

  /**
   * The shape of a batch of {@code batchSize} inputs: {@code [batchSize, d1, d2, …]}; −1 stands for a batch
   * of any size (the SavedModel contract's batch dimension).
   */
  public long[] batchShape(long batchSize) {
    long[] dims = new long[inputShape.size() + 1];
    dims[0] = batchSize;
    for (int i = 0; i < inputShape.size(); i++) {
      dims[i + 1] = inputShape.get(i);
    }
    return dims;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with the defaults of the reference configuration (MLP 784-400-20, Bernoulli, beta 1). */
  public static final class Builder {
    private ModelKind kind = ModelKind.VAE;
    private Architecture arch = Architecture.MLP;
    private List<Integer> inputShape = List.of(28, 28);
    private List<Integer> hidden;
    private int latentDim = 20;
    private Likelihood likelihood = Likelihood.BERNOULLI;
    private double beta = 1.0;

    private Builder() {}

    public Builder kind(ModelKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder arch(Architecture arch) {
      this.arch = arch;
      return this;
    }

    public Builder inputShape(List<Integer> inputShape) {
      this.inputShape = inputShape;
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

    public Builder likelihood(Likelihood likelihood) {
      this.likelihood = likelihood;
      return this;
    }

    public Builder beta(double beta) {
      this.beta = beta;
      return this;
    }

    /**
     * Validates and builds; throws {@link IllegalArgumentException} naming the bad field. Without
     * {@link #hidden} the architecture's {@linkplain Architecture#defaultHidden() default} is used.
     */
    public VaeConfig build() {
      checkNotNull(arch, "arch");
      return new VaeConfig(
          kind, arch, inputShape, hidden == null ? arch.defaultHidden() : hidden, latentDim,
          likelihood, beta);
    }
  }
}
