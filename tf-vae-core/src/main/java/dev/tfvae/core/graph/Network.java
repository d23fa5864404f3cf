package dev.tfvae.core.graph;

import dev.tfvae.core.model.VaeConfig;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An encoder and decoder as pure graph functions over a model's {@link Weights}. Implementations hold only
 * the configuration; each call adds ops under the {@code encoder/} or {@code decoder/} scope.
 */
public interface Network {

  /** The network for {@code config}'s architecture. */
  static Network of(VaeConfig config) {
    return switch (config.arch()) {
      case MLP, LINEAR -> new MlpNetwork(config);
      case CONV -> new ConvNetwork(config);
    };
  }

  /** The parameters this network reads, in a fixed order. */
  List<Parameter> parameters();

  /** Encodes {@code x} of shape {@code [batch, d1, d2, …]} into μ and (for a VAE) log σ². */
  default Encoding encode(Ops tf, Weights w, Operand<TFloat32> x) {
    return encode(tf, w, x, null);
  }

  /**
   * Encodes {@code x} of shape {@code [batch, d1, d2, …]} with its one-hot {@code label}
   * {@code [batch, C]} (a conditional network; {@code null} for an unconditional one) into μ and (for a
   * VAE) log σ².
   *
   * @throws IllegalArgumentException if a conditional network gets no label, or an unconditional one
   *     gets one
   */
  Encoding encode(Ops tf, Weights w, Operand<TFloat32> x, Operand<TFloat32> label);

  /**
   * Decodes codes {@code z} of shape {@code [batch, L]} into the decoder's raw output of shape
   * {@code [batch, d1, d2, …]}: logits for a Bernoulli likelihood, means for a Gaussian one.
   */
  default Operand<TFloat32> decode(Ops tf, Weights w, Operand<TFloat32> z) {
    return decode(tf, w, z, null);
  }

  /**
   * Decodes codes {@code z} {@code [batch, L]} with one-hot labels {@code [batch, C]} (a conditional
   * network; {@code null} for an unconditional one), as {@link #decode(Ops, Weights, Operand)}.
   */
  Operand<TFloat32> decode(Ops tf, Weights w, Operand<TFloat32> z, Operand<TFloat32> label);

  /**
   * {@code features} {@code [batch, F]} followed by the one-hot {@code label} {@code [batch, C]}: what the
   * first layer of a conditional network reads; {@code features} alone when {@code config} is
   * unconditional.
   */
  static Operand<TFloat32> withLabel(
      Ops tf, VaeConfig config, Operand<TFloat32> features, Operand<TFloat32> label) {
    if (!config.conditional()) {
      if (label != null) {
        throw new IllegalArgumentException("an unconditional model takes no label");
      }
      return features;
    }
    if (label == null) {
      throw new IllegalArgumentException(
          "a conditional model (" + config.classes() + " classes) needs the one-hot label");
    }
    return tf.withName("with_label").concat(List.of(features, label), tf.constant(1));
  }

  /**
   * The output of the encoder.
   *
   * @param mean μ, {@code [batch, L]}
   * @param logVariance log σ², {@code [batch, L]}, or {@code null} for a plain autoencoder
   */
  record Encoding(Operand<TFloat32> mean, Operand<TFloat32> logVariance) {}
}
