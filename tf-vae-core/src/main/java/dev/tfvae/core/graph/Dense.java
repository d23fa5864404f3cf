package dev.tfvae.core.graph;

import dev.tfvae.core.model.VaeConfig;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The values of one fully connected layer: {@code y = x · kernel + bias}.
 *
 * @param kernel {@code [in, out]} weights, already read (never a ref-typed variable output)
 * @param bias {@code [out]} bias
 */
record Dense(Operand<TFloat32> kernel, Operand<TFloat32> bias) {

  /** Applies the layer to {@code x} of shape {@code [batch, in]}. */
  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return tf.nn.biasAdd(tf.linalg.matMul(x, kernel), bias);
  }

  /** Declares {@code prefix/kernel} {@code [in, out]} and {@code prefix/bias}; returns {@code out}. */
  static int declare(List<Parameter> list, String prefix, int in, int out) {
    list.add(new Parameter(prefix + "/kernel", new long[] {in, out}, in));
    list.add(new Parameter(prefix + "/bias", new long[] {out}, in));
    return out;
  }

  /** The linear μ and log σ² heads ({@code encoder/mean}, {@code encoder/log_variance}) on features h. */
  static Network.Encoding heads(Ops encoder, Weights w, VaeConfig config, Operand<TFloat32> h) {
    Operand<TFloat32> mean = encoder.withName("mean").identity(w.dense("encoder/mean").apply(encoder, h));
    Operand<TFloat32> logVariance =
        config.kind() == dev.tfvae.core.model.ModelKind.VAE
            ? encoder
                .withName("log_variance")
                .identity(w.dense("encoder/log_variance").apply(encoder, h))
            : null;
    return new Network.Encoding(mean, logVariance);
  }

  static int[] toInts(long[] dims) {
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = Math.toIntExact(dims[i]);
    }
    return out;
  }
}
