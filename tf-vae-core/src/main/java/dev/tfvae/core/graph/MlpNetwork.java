package dev.tfvae.core.graph;

import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.VaeConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The fully connected network: the example is flattened, passes ReLU layers of the configured widths, and
 * linear heads give μ and log σ²; the decoder mirrors the widths and ends in a linear layer to the input
 * size. Parameters: {@code encoder/dense{i}}, {@code encoder/mean}, {@code encoder/log_variance},
 * {@code decoder/dense{i}}, {@code decoder/logits}, each with {@code kernel} and {@code bias}. A
 * conditional network appends the one-hot label to the flattened input and to the code.
 */
final class MlpNetwork implements Network {
  private final VaeConfig config;

  MlpNetwork(VaeConfig config) {
    this.config = config;
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> list = new ArrayList<>();
    int width = config.inputSize() + config.classes();
    for (int i = 0; i < config.hidden().size(); i++) {
      width = Dense.declare(list, "encoder/dense" + i, width, config.hidden().get(i));
    }
    Dense.declare(list, "encoder/mean", width, config.latentDim());
    if (config.kind() == ModelKind.VAE) {
      Dense.declare(list, "encoder/log_variance", width, config.latentDim());
    }
    width = config.latentDim() + config.classes();
    List<Integer> decoderHidden = reversed(config.hidden());
    for (int i = 0; i < decoderHidden.size(); i++) {
      width = Dense.declare(list, "decoder/dense" + i, width, decoderHidden.get(i));
    }
    Dense.declare(list, "decoder/logits", width, config.inputSize());
    return list;
  }

  @Override
  public Encoding encode(Ops tf, Weights w, Operand<TFloat32> x, Operand<TFloat32> label) {
    Ops scope = tf.withSubScope("encoder");
    Operand<TFloat32> h =
        Network.withLabel(
            scope, config, scope.reshape(x, scope.constant(new int[] {-1, config.inputSize()})), label);
    for (int i = 0; i < config.hidden().size(); i++) {
      h = scope.nn.relu(w.dense("encoder/dense" + i).apply(scope, h));
    }
    return Dense.heads(scope, w, config, h);
  }

  @Override
  public Operand<TFloat32> decode(Ops tf, Weights w, Operand<TFloat32> z, Operand<TFloat32> label) {
    Ops scope = tf.withSubScope("decoder");
    Operand<TFloat32> h = Network.withLabel(scope, config, z, label);
    for (int i = 0; i < config.hidden().size(); i++) {
      h = scope.nn.relu(w.dense("decoder/dense" + i).apply(scope, h));
    }
    Operand<TFloat32> flat = w.dense("decoder/logits").apply(scope, h);
    return scope.withName("logits").reshape(flat, scope.constant(Dense.toInts(config.batchShape(-1))));
  }

  private static List<Integer> reversed(List<Integer> values) {
    List<Integer> out = new java.util.ArrayList<>(values);
    java.util.Collections.reverse(out);
    return out;
  }
}
