package dev.tfvae.core.graph;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The encoder and decoder of an MLP autoencoder as pure graph functions: ReLU hidden layers, linear heads.
 * They hold no state; each call adds ops under the {@code encoder/} or {@code decoder/} scope.
 */
public final class MlpNetwork {
  private MlpNetwork() {}

  /**
   * Encodes {@code x} of shape {@code [batch, d1, d2, …]} (flattened here) into μ and log σ².
   *
   * @return the encoding; its {@code logVariance} is {@code null} for a plain autoencoder
   */
  public static Encoding encode(Ops tf, MlpWeights w, Operand<TFloat32> x, int inputSize) {
    Ops scope = tf.withSubScope("encoder");
    Operand<TFloat32> h = scope.reshape(x, scope.constant(new int[] {-1, inputSize}));
    for (Dense layer : w.encoderHidden()) {
      h = scope.nn.relu(layer.apply(scope, h));
    }
    Operand<TFloat32> mean = scope.withName("mean").identity(w.mean().apply(scope, h));
    Operand<TFloat32> logVariance =
        w.logVariance() == null
            ? null
            : scope.withName("log_variance").identity(w.logVariance().apply(scope, h));
    return new Encoding(mean, logVariance);
  }

  /**
   * Decodes codes {@code z} of shape {@code [batch, L]} into logits reshaped to {@code [batch, shape…]}.
   */
  public static Operand<TFloat32> decodeLogits(
      Ops tf, MlpWeights w, Operand<TFloat32> z, List<Integer> outputShape) {
    Ops scope = tf.withSubScope("decoder");
    Operand<TFloat32> h = z;
    for (Dense layer : w.decoderHidden()) {
      h = scope.nn.relu(layer.apply(scope, h));
    }
    Operand<TFloat32> flat = w.logits().apply(scope, h);
    int[] shape = new int[outputShape.size() + 1];
    shape[0] = -1;
    for (int i = 0; i < outputShape.size(); i++) {
      shape[i + 1] = outputShape.get(i);
    }
    Operand<TInt32> target = scope.constant(shape);
    return scope.withName("logits").reshape(flat, target);
  }

  /**
   * The output of the encoder.
   *
   * @param mean μ, {@code [batch, L]}
   * @param logVariance log σ², {@code [batch, L]}, or {@code null} for a plain autoencoder
   */
  public record Encoding(Operand<TFloat32> mean, Operand<TFloat32> logVariance) {}
}
