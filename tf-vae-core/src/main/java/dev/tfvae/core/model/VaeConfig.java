package dev.tfvae.core.model;

import static dev.tfvae.core.base.Preconditions.checkArgument;
import static dev.tfvae.core.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/**
 * A model as it is built: the user's {@link ModelSettings} with the likelihood resolved, and the shape of
 * the data's examples. Immutable; made by {@link ModelSettings#forData} or {@link #builder()}.
 *
 * <p>In JSON (the manifest's {@code config}) it is one flat object: {@code kind}, {@code arch},
 * {@code input_shape}, {@code hidden}, {@code latent_dim}, {@code likelihood}, {@code beta}, and for a
 * conditional model {@code classes}; a manifest without {@code arch} (written before convolutional models
 * existed) means MLP, one without {@code classes} an unconditional model.
 *
 * @param model kind, networks, latent size, likelihood (never {@code null} here), β, conditional or not
 * @param inputShape shape of one example without the batch dimension, e.g. {@code [28, 28]}
 * @param classes the number of label values a conditional model takes as a one-hot vector (at least 2);
 *     0 for an unconditional model
 */
@JsonPropertyOrder({
  "kind", "arch", "input_shape", "hidden", "latent_dim", "likelihood", "beta", "classes"
})
public record VaeConfig(
    @JsonIgnore ModelSettings model,
    @JsonProperty("input_shape") List<Integer> inputShape,
    @JsonProperty("classes") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int classes) {
  /** The most classes a conditional model may have. */
  public static final int MAX_CLASSES = 10_000;

  /** An unconditional model. */
  public VaeConfig(ModelSettings model, List<Integer> inputShape) {
    this(model, inputShape, 0);
  }

  public VaeConfig {
    checkNotNull(model, "model");
    checkArgument(model.likelihood() != null, "a model's likelihood must be chosen or resolved");
    inputShape = List.copyOf(inputShape);
    checkArgument(!inputShape.isEmpty(), "input shape must have at least one dimension");
    for (int d : inputShape) {
      checkArgument(d > 0, "input shape dimensions must be positive: %s", inputShape);
    }
    checkArgument(
        inputShape.stream().mapToLong(Integer::longValue).reduce(1, Math::multiplyExact)
            <= Integer.MAX_VALUE,
        "input shape %s has more than 2^31 elements",
        inputShape);
    checkArgument(
        model.arch() != Architecture.CONV || inputShape.size() == 2 || inputShape.size() == 3,
        "--arch conv needs images of shape [height, width] or [height, width, channels]; the data has"
            + " examples of shape %s",
        inputShape);
    if (model.conditional()) {
      checkArgument(classes >= 2 && classes <= MAX_CLASSES,
          "a conditional model needs labels with 2..%s classes; the data has %s", MAX_CLASSES, classes);
    } else {
      checkArgument(classes == 0, "an unconditional model has no classes, got %s", classes);
    }
  }

  /** Whether encoder and decoder take the example's label (one-hot, {@link #classes()} values). */
  @JsonIgnore
  public boolean conditional() {
    return classes > 0;
  }

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /**
   * This configuration in the manifest's flat JSON form. Code outside tf-vae-core writes a
   * {@code VaeConfig} through this method, never with a JSON library of its own: the published
   * tf-vae-core carries its JSON library relocated, so another library's annotations readers would not
   * see the ones used here.
   */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a model configuration cannot be written as JSON", e);
    }
  }

  /** Parses {@link #toJson()}'s form. */
  public static VaeConfig parse(String json) {
    try {
      return JSON.readValue(json, VaeConfig.class);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a model configuration: " + e.getMessage(), e);
    }
  }

  /** Reads the manifest's flat form; a missing {@code arch} means MLP, missing {@code classes} 0. */
  @JsonCreator
  static VaeConfig fromJson(
      @JsonProperty("kind") ModelKind kind,
      @JsonProperty("arch") Architecture arch,
      @JsonProperty("input_shape") List<Integer> inputShape,
      @JsonProperty("hidden") List<Integer> hidden,
      @JsonProperty("latent_dim") int latentDim,
      @JsonProperty("likelihood") Likelihood likelihood,
      @JsonProperty("beta") double beta,
      @JsonProperty("classes") Integer classes) {
    checkArgument(inputShape != null, "input_shape is missing");
    checkArgument(hidden != null, "hidden is missing");
    int classCount = classes == null ? 0 : classes;
    return new VaeConfig(
        new ModelSettings(
            kind, arch == null ? Architecture.MLP : arch, hidden, latentDim, likelihood, beta,
            classCount > 0),
        inputShape,
        classCount);
  }

  @JsonProperty("kind")
  public ModelKind kind() {
    return model.kind();
  }

  @JsonProperty("arch")
  public Architecture arch() {
    return model.arch();
  }

  @JsonProperty("hidden")
  public List<Integer> hidden() {
    return model.hidden();
  }

  @JsonProperty("latent_dim")
  public int latentDim() {
    return model.latentDim();
  }

  @JsonProperty("likelihood")
  public Likelihood likelihood() {
    return model.likelihood();
  }

  @JsonProperty("beta")
  public double beta() {
    return model.beta();
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

  /**
   * A builder for tests and graph code that have no dataset: the {@link ModelSettings} defaults, 28×28
   * examples, and Bernoulli (the likelihood of values in [0, 1]) when none is chosen.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder over a {@link ModelSettings.Builder} and an input shape. */
  public static final class Builder {
    private final ModelSettings.Builder model = ModelSettings.builder();
    private List<Integer> inputShape = List.of(28, 28);
    private int classes;

    private Builder() {}

    public Builder kind(ModelKind kind) {
      model.kind(kind);
      return this;
    }

    public Builder arch(Architecture arch) {
      model.arch(arch);
      return this;
    }

    public Builder inputShape(List<Integer> inputShape) {
      this.inputShape = inputShape;
      return this;
    }

    public Builder hidden(List<Integer> hidden) {
      model.hidden(hidden);
      return this;
    }

    public Builder latentDim(int latentDim) {
      model.latentDim(latentDim);
      return this;
    }

    public Builder likelihood(Likelihood likelihood) {
      model.likelihood(likelihood);
      return this;
    }

    public Builder beta(double beta) {
      model.beta(beta);
      return this;
    }

    /** A conditional model over labels of {@code classes} values (0: unconditional, the default). */
    public Builder classes(int classes) {
      model.conditional(classes > 0);
      this.classes = classes;
      return this;
    }

    /**
     * Validates and builds; throws {@link IllegalArgumentException} naming the bad field. Without
     * {@link #hidden} the architecture's {@linkplain Architecture#defaultHidden() default} is used.
     */
    public VaeConfig build() {
      checkNotNull(inputShape, "inputShape");
      return model.build().forData(inputShape, Likelihood.BERNOULLI, classes);
    }
  }
}
