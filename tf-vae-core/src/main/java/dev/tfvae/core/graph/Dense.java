package dev.tfvae.core.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The values of one fully connected layer: {@code y = x · kernel + bias}.
 *
 * @param kernel {@code [in, out]} weights, already read (never a ref-typed variable output)
 * @param bias {@code [out]} bias
 */
public record Dense(Operand<TFloat32> kernel, Operand<TFloat32> bias) {

  /** Applies the layer to {@code x} of shape {@code [batch, in]}. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return tf.nn.biasAdd(tf.linalg.matMul(x, kernel), bias);
  }
}
