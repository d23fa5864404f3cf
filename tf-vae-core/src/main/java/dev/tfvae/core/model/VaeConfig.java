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
 * @param inputShape shape of one example without the batch dimension, e.g. {@code [28, 28]}
 * @param hidden sizes of the hidden layers of the encoder; the decoder mirrors them
 * @param latentDim number of latent dimensions
 * @param likelihood decoder output distribution
 * @param beta weight of the KL term in the training loss (reported figures always use 1)
 */
public record VaeConfig(
    ModelKind kind,
    List<Integer> inputShape,
    List<Integer> hidden,
    int latentDim,
    Likelihood likelihood,
    double beta) {

  public VaeConfig {
    checkNotNull(kind, "kind");
    checkNotNull(likelihood, "likelihood");
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
    checkArgument(latentDim > 0, "latent dimension must be positive: %s", latentDim);
    checkArgument(
        Double.isFinite(beta) && beta >= 0, "beta must be a finite number >= 0: %s", beta);
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

  /** Builder with the defaults of the reference configuration (784-400-20, Bernoulli, beta 1). */
  public static final class Builder {
    private ModelKind kind = ModelKind.VAE;
    private List<Integer> inputShape = List.of(28, 28);
    private List<Integer> hidden = List.of(400);
    private int latentDim = 20;
    private Likelihood likelihood = Likelihood.BERNOULLI;
    private double beta = 1.0;

    private Builder() {}

    public Builder kind(ModelKind kind) {
      this.kind = kind;
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

    /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
    public VaeConfig build() {
      return new VaeConfig(kind, inputShape, hidden, latentDim, likelihood, beta);
    }
  }
}
