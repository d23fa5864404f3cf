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
  Encoding encode(Ops tf, Weights w, Operand<TFloat32> x);

  /**
   * Decodes codes {@code z} of shape {@code [batch, L]} into the decoder's raw output of shape
   * {@code [batch, d1, d2, …]}: logits for a Bernoulli likelihood, means for a Gaussian one.
   */
  Operand<TFloat32> decode(Ops tf, Weights w, Operand<TFloat32> z);

  /**
   * The output of the encoder.
   *
   * @param mean μ, {@code [batch, L]}
   * @param logVariance log σ², {@code [batch, L]}, or {@code null} for a plain autoencoder
   */
  record Encoding(Operand<TFloat32> mean, Operand<TFloat32> logVariance) {}
}
