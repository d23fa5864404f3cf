package dev.tfvae.core.graph;

import static dev.tfvae.core.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Uniform in ±1/√fanIn (PyTorch's default for linear and convolution layers), drawn by a stateless
 * generator keyed by {@code (seed, parameterIndex)}: the same key gives bit-identical values, and each
 * parameter of a model gets its own draw.
 *
 * <p>Why not the framework's {@code RandomUniform}: it keys every draw by {@code (seed, 0)}, so two
 * parameters of one shape would start equal unless each got its own seed, and no seed reproduces the
 * {@code (seed, i)} draws that the shipped models were initialised with. Its {@code VarianceScaling}
 * family is unsuitable as well (docs/tensorflow-framework.md).
 *
 * @param seed the model's initialisation seed
 * @param parameterIndex the parameter's position in {@link ModelLayout#parameters()}
 * @param fanIn the input width of the parameter's layer, positive
 */
record FanInUniform(long seed, int parameterIndex, int fanIn) implements Initializer<TFloat32> {

  FanInUniform {
    checkArgument(fanIn > 0, "fanIn must be positive: %s", fanIn);
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TInt64> dims, Class<TFloat32> type) {
    float bound = (float) (1.0 / Math.sqrt(fanIn));
    Operand<TFloat32> unit =
        tf.random.statelessRandomUniform(dims, tf.constant(new long[] {seed, parameterIndex}));
    return tf.math.sub(tf.math.mul(unit, tf.constant(2 * bound)), tf.constant(bound));
  }
}
