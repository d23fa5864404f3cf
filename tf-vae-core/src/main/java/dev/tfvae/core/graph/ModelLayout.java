package dev.tfvae.core.graph;

import dev.tfvae.core.model.Architecture;
import dev.tfvae.core.model.Likelihood;
import dev.tfvae.core.model.VaeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The parameter list of a model derived from its configuration: names (which are the variable names in
 * graphs, checkpoints and SavedModels) and shapes. One place decides both, so the training graph, the
 * exported graph and the checkpoints always agree.
 *
 * <p>Besides the network's parameters, a Gaussian likelihood has {@code decoder/log_variance}
 * {@code [D]}: one learned log σ² per data dimension, initialised to 0 (σ = 1); a linear model's is
 * {@code [1]}, one σ² shared by all dimensions.
 */
public final class ModelLayout {
  /**
   * The most scalar parameters a model may have: 200,000,000 weights are 800 MB as float32, 2.4 GB with
   * Adam's two moment estimates. A configuration beyond it is refused before any graph is built.
   */
  public static final long MAX_PARAMETERS = 200_000_000L;

  /** Name of the Gaussian likelihood's per-dimension log-variance. */
  public static final String OUTPUT_LOG_VARIANCE = "decoder/log_variance";

  private final VaeConfig config;
  private final Network network;
  private final List<Parameter> parameters;

  public ModelLayout(VaeConfig config) {
    this.config = config;
    this.network = Network.of(config);
    List<Parameter> list = new ArrayList<>(network.parameters());
    if (config.likelihood() == Likelihood.GAUSSIAN) {
      // A linear model shares one variance over all dimensions (probabilistic PCA); others learn one each.
      list.add(Parameter.zeros(
          OUTPUT_LOG_VARIANCE, config.arch() == Architecture.LINEAR ? 1 : config.inputSize()));
    }
    this.parameters = List.copyOf(list);
    long count = 0;
    for (Parameter p : parameters) {
      count = Math.addExact(count, p.size());
    }
    if (count > MAX_PARAMETERS) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "this model would have %,d parameters (%s hidden, latent %d, input %s); at most %,d are"
              + " supported (%.1f GB as float32)", count, config.hidden(), config.latentDim(),
          config.inputShape(), MAX_PARAMETERS, MAX_PARAMETERS * 4 / 1e9));
    }
  }

  public VaeConfig config() {
    return config;
  }

  public Network network() {
    return network;
  }

  /** Parameters in the order of {@link Weights#values()}. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** Number of scalar parameters. */
  public long parameterCount() {
    return parameters.stream().mapToLong(Parameter::size).sum();
  }

  /** Assembles weights from one value per parameter. */
  public Weights weights(Function<Parameter, ? extends Operand<TFloat32>> valueOf) {
    return new Weights(parameters, parameters.stream().map(valueOf).toList());
  }
}
