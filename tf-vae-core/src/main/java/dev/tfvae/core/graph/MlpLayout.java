package dev.tfvae.core.graph;

import com.google.common.collect.ImmutableList;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.VaeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The parameter list of an MLP autoencoder derived from its configuration: names (which are the variable
 * names in graphs, checkpoints and SavedModels) and shapes. One place decides both, so the training graph,
 * the exported graph and the checkpoints always agree.
 */
public final class MlpLayout {

  /**
   * One parameter tensor.
   *
   * @param name variable name, e.g. {@code encoder/dense0/kernel}
   * @param shape {@code [in, out]} for kernels, {@code [out]} for biases
   * @param fanIn input width of the layer it belongs to (for initialisation)
   */
  public record Parameter(String name, long[] shape, int fanIn) {}

  private final VaeConfig config;
  private final List<Parameter> parameters;

  public MlpLayout(VaeConfig config) {
    this.config = config;
    List<Parameter> list = new ArrayList<>();
    int width = config.inputSize();
    for (int i = 0; i < config.hidden().size(); i++) {
      int out = config.hidden().get(i);
      addDense(list, "encoder/dense" + i, width, out);
      width = out;
    }
    addDense(list, "encoder/mean", width, config.latentDim());
    if (config.kind() == ModelKind.VAE) {
      addDense(list, "encoder/log_variance", width, config.latentDim());
    }
    width = config.latentDim();
    List<Integer> decoderHidden = com.google.common.collect.Lists.reverse(config.hidden());
    for (int i = 0; i < decoderHidden.size(); i++) {
      int out = decoderHidden.get(i);
      addDense(list, "decoder/dense" + i, width, out);
      width = out;
    }
    addDense(list, "decoder/logits", width, config.inputSize());
    this.parameters = ImmutableList.copyOf(list);
  }

  private static void addDense(List<Parameter> list, String prefix, int in, int out) {
    list.add(new Parameter(prefix + "/kernel", new long[] {in, out}, in));
    list.add(new Parameter(prefix + "/bias", new long[] {out}, in));
  }

  public VaeConfig config() {
    return config;
  }

  /** Parameters in the order of {@link MlpWeights#values()}. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** Number of scalar parameters. */
  public long parameterCount() {
    long n = 0;
    for (Parameter p : parameters) {
      long size = 1;
      for (long d : p.shape()) {
        size *= d;
      }
      n += size;
    }
    return n;
  }

  /** Assembles weights from one value per parameter, given in {@link #parameters()} order. */
  public MlpWeights weights(Function<Parameter, Operand<TFloat32>> valueOf) {
    List<Operand<TFloat32>> values = parameters.stream().map(valueOf).toList();
    int next = 0;
    List<Dense> encoder = new ArrayList<>();
    for (int i = 0; i < config.hidden().size(); i++) {
      encoder.add(new Dense(values.get(next++), values.get(next++)));
    }
    Dense mean = new Dense(values.get(next++), values.get(next++));
    Dense logVariance =
        config.kind() == ModelKind.VAE ? new Dense(values.get(next++), values.get(next++)) : null;
    List<Dense> decoder = new ArrayList<>();
    for (int i = 0; i < config.hidden().size(); i++) {
      decoder.add(new Dense(values.get(next++), values.get(next++)));
    }
    Dense logits = new Dense(values.get(next++), values.get(next++));
    return new MlpWeights(encoder, mean, logVariance, decoder, logits);
  }
}
