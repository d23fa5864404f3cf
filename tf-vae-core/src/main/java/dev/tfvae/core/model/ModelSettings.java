package dev.tfvae.core.model;

import static dev.tfvae.core.base.Preconditions.checkArgument;
import static dev.tfvae.core.base.Preconditions.checkNotNull;

import java.util.List;

/**
 * What a user chooses about a model before any data is seen: its kind, networks, latent size, likelihood
 * and KL weight. {@link #forData} adds what the data decides (the input shape, and the likelihood when
 * none was chosen) and gives the {@link VaeConfig}. Immutable; build one with {@link #builder()}, whose
 * initial values (the reference configuration of BENCHMARKS.md) are the command line's defaults.
 *
 * @param kind VAE or plain autoencoder
 * @param arch network shape (MLP or convolutional)
 * @param hidden sizes of the encoder's hidden layers (MLP) or filter counts of its stride-2
 *     convolutions (conv), the decoder mirrors them; {@code null} means the architecture's
 *     {@linkplain Architecture#defaultHidden() default}
 * @param latentDim number of latent dimensions
 * @param likelihood the decoder's distribution, or {@code null} for the data's default (Bernoulli for
 *     values in [0, 1] such as pixels, Gaussian for standardised tables)
 * @param beta weight of the KL term in the training loss (reported figures always use 1)
 * @param conditional whether encoder and decoder both see the example's label as a one-hot vector (a
 *     conditional VAE, or a conditional autoencoder); the data decides the number of classes
 */
public record ModelSettings(
    ModelKind kind,
    Architecture arch,
    List<Integer> hidden,
    int latentDim,
    Likelihood likelihood,
    double beta,
    boolean conditional) {
  /** The most hidden layers (or convolution levels). */
  public static final int MAX_LAYERS = 16;

  /** The widest hidden layer (or the most filters of a convolution). */
  public static final int MAX_WIDTH = 65_536;

  /** The most latent dimensions. */
  public static final int MAX_LATENT = 4_096;

  public ModelSettings {
    checkNotNull(kind, "kind");
    checkNotNull(arch, "arch");
    hidden = List.copyOf(hidden == null ? arch.defaultHidden() : hidden);
    checkArgument(!hidden.isEmpty() || arch == Architecture.LINEAR, "at least one hidden layer is required");
    checkArgument(arch != Architecture.LINEAR || hidden.isEmpty(),
        "--arch linear has no hidden layers; drop --hidden %s", hidden);
    checkArgument(arch != Architecture.LINEAR || likelihood == null || likelihood == Likelihood.GAUSSIAN,
        "--arch linear uses the gaussian likelihood (its decoder's mean is linear in z), not %s",
        likelihood == null ? null : likelihood.cliName());
    checkArgument(hidden.size() <= MAX_LAYERS, "at most %s hidden layers, got %s", MAX_LAYERS, hidden.size());
    for (int h : hidden) {
      checkArgument(h > 0 && h <= MAX_WIDTH, "hidden layer sizes must be in 1..%s: %s", MAX_WIDTH, hidden);
    }
    checkArgument(latentDim > 0 && latentDim <= MAX_LATENT,
        "latent dimension must be in 1..%s: %s", MAX_LATENT, latentDim);
    checkArgument(
        Double.isFinite(beta) && beta >= 0, "beta must be a finite number >= 0: %s", beta);
  }

  /**
   * The model for examples of shape {@code inputShape}.
   *
   * @param dataLikelihood the likelihood that suits the data, used when {@link #likelihood()} is null
   *     (a linear model's is always Gaussian)
   * @throws IllegalArgumentException if the shape does not suit the architecture
   */
  public VaeConfig forData(List<Integer> inputShape, Likelihood dataLikelihood) {
    return forData(inputShape, dataLikelihood, 0);
  }

  /**
   * The model for examples of shape {@code inputShape} whose labels take {@code classes} values; a model
   * that is not {@linkplain #conditional() conditional} ignores the labels.
   *
   * @throws IllegalArgumentException if the shape does not suit the architecture, or a conditional model
   *     is asked for with fewer than two classes
   */
  public VaeConfig forData(List<Integer> inputShape, Likelihood dataLikelihood, int classes) {
    Likelihood resolved = arch == Architecture.LINEAR ? Likelihood.GAUSSIAN : checkNotNull(dataLikelihood);
    return new VaeConfig(
        likelihood != null ? this : toBuilder().likelihood(resolved).build(),
        inputShape,
        conditional ? classes : 0);
  }

  public Builder toBuilder() {
    return new Builder()
        .kind(kind)
        .arch(arch)
        .hidden(hidden)
        .latentDim(latentDim)
        .likelihood(likelihood)
        .beta(beta)
        .conditional(conditional);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; its initial values are the defaults of {@code train} and {@code compare}. */
  public static final class Builder {
    private ModelKind kind = ModelKind.VAE;
    private Architecture arch = Architecture.MLP;
    private List<Integer> hidden;
    private int latentDim = 20;
    private Likelihood likelihood;
    private double beta = 1.0;
    private boolean conditional;

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

    /** The likelihood; {@code null} (the default) means the data's default. */
    public Builder likelihood(Likelihood likelihood) {
      this.likelihood = likelihood;
      return this;
    }

    public Builder beta(double beta) {
      this.beta = beta;
      return this;
    }

    /** Whether encoder and decoder see the label (default false). */
    public Builder conditional(boolean conditional) {
      this.conditional = conditional;
      return this;
    }

    /** Validates and builds; throws {@link IllegalArgumentException} naming the bad field. */
    public ModelSettings build() {
      return new ModelSettings(kind, arch, hidden, latentDim, likelihood, beta, conditional);
    }
  }
}
