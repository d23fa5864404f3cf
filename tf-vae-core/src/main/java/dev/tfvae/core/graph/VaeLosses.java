package dev.tfvae.core.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The terms of the VAE objective as graph functions, each per example (shape {@code [batch]}), summed over
 * data or latent dimensions. Definitions follow DESIGN.md ("Loss definitions").
 */
public final class VaeLosses {
  private VaeLosses() {}

  /**
   * −log p(x | logits) for independent Bernoulli pixels, Σ BCE(x, sigmoid(l)), written as {@code
   * softplus(l) − l·x}, with TensorFlow's {@code Softplus} kernel for {@code log(1 + exp(l))}, which stays
   * finite and accurate for logits from −100 to 100 ({@code BernoulliTermTest}). {@code x} may be any value
   * in [0, 1] (not only 0 or 1).
   *
   * <p>Its values agree with the hand-built {@code max(l, 0) − l·x + log1p(exp(−|l|))} within float32
   * rounding, and its gradient is {@code σ(l) − x} everywhere, including {@code l = 0}. It is also the
   * cheapest form to differentiate: one {@code SoftplusGrad} kernel where the {@code max}/{@code |l|} form,
   * or TensorFlow Framework's {@code sigmoidCrossEntropyWithLogits}, has a dozen element-wise kernels over
   * the batch's pixels. Training, evaluation and exported graphs all use it ({@code Softplus} is among the
   * op types exported models may hold).
   */
  public static Operand<TFloat32> bernoulliNegLogLikelihood(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> logits, int inputSize) {
    Ops s = tf.withSubScope("bernoulli_nll");
    Operand<TFloat32> l = s.reshape(logits, s.constant(new int[] {-1, inputSize}));
    Operand<TFloat32> t = s.reshape(x, s.constant(new int[] {-1, inputSize}));
    Operand<TFloat32> elementwise = s.math.sub(s.math.softplus(l), s.math.mul(l, t));
    return s.reduceSum(elementwise, s.constant(1));
  }

  /**
   * −log N(x; μ, σ²) summed over dimensions: {@code Σ ½((x − μ)²/σ² + log σ² + log 2π)}, with {@code mean}
   * per example and {@code logVariance} either per example or one {@code [D]} vector broadcast to all.
   */
  public static Operand<TFloat32> gaussianNegLogLikelihood(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> mean, Operand<TFloat32> logVariance,
      int inputSize) {
    Ops s = tf.withSubScope("gaussian_nll");
    Operand<TFloat32> m = s.reshape(mean, s.constant(new int[] {-1, inputSize}));
    Operand<TFloat32> t = s.reshape(x, s.constant(new int[] {-1, inputSize}));
    Operand<TFloat32> elementwise =
        s.math.mul(
            s.constant(0.5f),
            s.math.add(
                s.math.add(
                    s.math.mul(s.math.squaredDifference(t, m), s.math.exp(s.math.neg(logVariance))),
                    logVariance),
                s.constant((float) Math.log(2 * Math.PI))));
    return s.reduceSum(elementwise, s.constant(1));
  }

  /**
   * −log p(x | decoder output) under {@code layout}'s likelihood, per example: Bernoulli on logits, or
   * Gaussian with the learned {@link ModelLayout#OUTPUT_LOG_VARIANCE}. Training, evaluation and exported
   * graphs share it.
   */
  public static Operand<TFloat32> negLogLikelihood(
      Ops tf, ModelLayout layout, Weights w, Operand<TFloat32> x, Operand<TFloat32> output) {
    int size = layout.config().inputSize();
    return switch (layout.config().likelihood()) {
      case BERNOULLI -> bernoulliNegLogLikelihood(tf, x, output, size);
      case GAUSSIAN ->
          gaussianNegLogLikelihood(tf, x, output, w.get(ModelLayout.OUTPUT_LOG_VARIANCE), size);
    };
  }

  /** The expected value of x under the likelihood: sigmoid of logits, or the Gaussian mean itself. */
  public static Operand<TFloat32> expectedValue(
      Ops tf, dev.tfvae.core.model.Likelihood likelihood, Operand<TFloat32> output) {
    return switch (likelihood) {
      case BERNOULLI -> tf.math.sigmoid(output);
      case GAUSSIAN -> tf.identity(output);
    };
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

  /** The KL divergence per example and latent dimension, {@code [batch, L]}: ½(μ² + σ² − log σ² − 1). */
  public static Operand<TFloat32> klPerDimension(
      Ops tf, Operand<TFloat32> mean, Operand<TFloat32> logVariance) {
    Ops s = tf.withSubScope("kl_per_dimension");
    return s.math.mul(
        s.constant(0.5f),
        s.math.sub(
            s.math.sub(s.math.add(s.math.square(mean), s.math.exp(logVariance)), logVariance),
            s.constant(1f)));
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
    return latentLogWeight(tf, z, logVariance, epsilon, 1);
  }

  /**
   * {@link #logPriorMinusLogPosterior} for K codes per example: {@code z} and {@code epsilon} of shape
   * {@code [K, batch, L]}, {@code logVariance} {@code [batch, L]} (broadcast over K); shape
   * {@code [K, batch]}.
   */
  public static Operand<TFloat32> latentLogWeights(
      Ops tf, Operand<TFloat32> z, Operand<TFloat32> logVariance, Operand<TFloat32> epsilon) {
    return latentLogWeight(tf, z, logVariance, epsilon, 2);
  }

  /** ½ Σ (ε² + log σ² − z²) over the latent axis {@code latentAxis}. */
  private static Operand<TFloat32> latentLogWeight(
      Ops tf,
      Operand<TFloat32> z,
      Operand<TFloat32> logVariance,
      Operand<TFloat32> epsilon,
      int latentAxis) {
    Ops s = tf.withSubScope("log_weight");
    Operand<TFloat32> terms =
        s.math.sub(s.math.add(s.math.square(epsilon), logVariance), s.math.square(z));
    return s.math.mul(s.constant(0.5f), s.reduceSum(terms, s.constant(latentAxis)));
  }

  /**
   * The negative importance-weighted bound per example, {@code −(log Σ_k exp(a_k) − log K)}, from the
   * log importance weights {@code a_k = log p(x|z_k) + log p(z_k) − log q(z_k|x)} of shape
   * {@code [K, batch]}; shape {@code [batch]}. The log-sum-exp subtracts the largest weight first, held
   * constant for the gradient ({@code StopGradient}: the result does not depend on it, only its
   * rounding does), so no weight overflows {@code exp}. With K = 1 it is exactly {@code −a_1}, the
   * single-sample ELBO.
   */
  public static Operand<TFloat32> negImportanceWeightedBound(
      Ops tf, Operand<TFloat32> logWeights, int samples) {
    Ops s = tf.withSubScope("iwae");
    Operand<TInt32> sampleAxis = s.constant(0);
    Operand<TFloat32> max = s.stopGradient(s.max(logWeights, sampleAxis));
    Operand<TFloat32> sumExp =
        s.reduceSum(s.math.exp(s.math.sub(logWeights, max)), sampleAxis);
    Operand<TFloat32> logMeanWeight =
        s.math.sub(s.math.add(max, s.math.log(sumExp)), s.constant((float) Math.log(samples)));
    return s.math.neg(logMeanWeight);
  }
}
