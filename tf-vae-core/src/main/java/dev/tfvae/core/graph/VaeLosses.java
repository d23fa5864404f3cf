package dev.tfvae.core.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The terms of the VAE objective as graph functions, each per example (shape {@code [batch]}), summed over
 * data or latent dimensions. Definitions follow DESIGN.md ("Loss definitions").
 */
public final class VaeLosses {
  private VaeLosses() {}

  /**
   * −log p(x | logits) for independent Bernoulli pixels: Σ BCE(x, sigmoid(l)) in the stable logits form
   * {@code max(l, 0) − l·x + log(1 + exp(−|l|))}, which never takes the log of 0 or exponentiates a large
   * positive number. {@code x} may be any value in [0, 1] (not only 0 or 1).
   */
  public static Operand<TFloat32> bernoulliNegLogLikelihood(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> logits, int inputSize) {
    Ops s = tf.withSubScope("bernoulli_nll");
    Operand<TFloat32> l = s.reshape(logits, s.constant(new int[] {-1, inputSize}));
    Operand<TFloat32> t = s.reshape(x, s.constant(new int[] {-1, inputSize}));
    Operand<TFloat32> elementwise =
        s.math.add(
            s.math.sub(s.math.maximum(l, s.constant(0f)), s.math.mul(l, t)),
            s.math.log1p(s.math.exp(s.math.neg(s.math.abs(l)))));
    return s.reduceSum(elementwise, s.constant(1));
  }

  /** KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − log σ_j² − 1). */
  public static Operand<TFloat32> klToStandardNormal(
      Ops tf, Operand<TFloat32> mean, Operand<TFloat32> logVariance) {
    Ops s = tf.withSubScope("kl");
    Operand<TFloat32> terms =
        s.math.sub(
            s.math.sub(s.math.add(s.math.square(mean), s.math.exp(logVariance)), logVariance),
            s.constant(1f));
    return s.math.mul(s.constant(0.5f), s.reduceSum(terms, s.constant(1)));
  }

  /** The reparameterisation z = μ + exp(½ log σ²) · ε, with ε ~ N(0, I) supplied by the caller. */
  public static Operand<TFloat32> reparameterize(
      Ops tf, Operand<TFloat32> mean, Operand<TFloat32> logVariance, Operand<TFloat32> epsilon) {
    Ops s = tf.withSubScope("sampler");
    Operand<TFloat32> std = s.math.exp(s.math.mul(s.constant(0.5f), logVariance));
    return s.withName("z").math.add(mean, s.math.mul(std, epsilon));
  }

  /**
   * log N(z; 0, I) − log N(z; μ, σ²) per example, the latent part of an importance weight, written with
   * ε = (z − μ)/σ (the noise that produced z) so the log 2π terms cancel exactly:
   * ½ Σ_j (ε_j² + log σ_j² − z_j²).
   */
  public static Operand<TFloat32> logPriorMinusLogPosterior(
      Ops tf, Operand<TFloat32> z, Operand<TFloat32> logVariance, Operand<TFloat32> epsilon) {
    Ops s = tf.withSubScope("log_weight");
    Operand<TFloat32> terms =
        s.math.sub(s.math.add(s.math.square(epsilon), logVariance), s.math.square(z));
    return s.math.mul(s.constant(0.5f), s.reduceSum(terms, s.constant(1)));
  }
}
