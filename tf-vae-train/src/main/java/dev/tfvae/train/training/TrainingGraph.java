package dev.tfvae.train.training;

import dev.tfvae.core.graph.AdamOptimizer;
import dev.tfvae.core.graph.MlpLayout;
import dev.tfvae.core.graph.MlpNetwork;
import dev.tfvae.core.graph.ModelVariables;
import dev.tfvae.core.graph.VaeLosses;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.VaeConfig;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The graph used to train and evaluate a model: inputs, the stochastic forward pass, every metric that
 * evaluation reports (per example), and — when asked for — the Adam step. Holds graph handles only; the
 * {@link Graph} belongs to the caller.
 *
 * <p>The reparameterisation noise is {@code StatelessRandomNormal} keyed by the fed {@link #noiseSeed},
 * so the noise of a step is a pure function of (seed, step): runs are reproducible and can be resumed.
 */
final class TrainingGraph {
  final VaeConfig config;
  final ModelVariables variables;
  final Placeholder<TFloat32> x;
  final Placeholder<TInt64> noiseSeed;
  final Placeholder<TFloat32> learningRate;
  final Placeholder<TFloat32> beta;
  /** Mean over the batch of recon + β·kl. */
  final Operand<TFloat32> loss;
  /** Per example, with a sampled z: −log p(x|z). */
  final Operand<TFloat32> recon;
  /** Per example: KL(q(z|x) ‖ p(z)); zeros for a plain autoencoder. */
  final Operand<TFloat32> kl;
  /** Per example, decoding z = μ: −log p(x|μ). */
  final Operand<TFloat32> reconAtMean;
  /** Per example: Σ (sigmoid(logits at μ) − x)². */
  final Operand<TFloat32> squaredError;
  /** [batch, D] reconstruction from z = μ (probabilities), flattened. */
  final Operand<TFloat32> reconstruction;
  /** Per example: log p(x|z) + log p(z) − log q(z|x) for the sampled z (one importance weight). */
  final Operand<TFloat32> logWeight;
  /** [batch, L] encoder means. */
  final Operand<TFloat32> mean;
  final Operand<TFloat32> meanRecon;
  final Operand<TFloat32> meanKl;
  /** The Adam step, or {@code null} for an evaluation-only graph. */
  final Op trainStep;

  private TrainingGraph(Graph graph, VaeConfig config, ModelVariables variables, boolean train) {
    this.config = config;
    this.variables = variables;
    Ops tf = Ops.create(graph);
    int size = config.inputSize();
    Ops in = tf.withSubScope("inputs");
    x = in.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(config.batchShape(-1))));
    noiseSeed = in.withName("noise_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    learningRate =
        in.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta = in.withName("beta").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

    MlpNetwork.Encoding encoding = MlpNetwork.encode(tf, variables.weights(), x, size);
    mean = encoding.mean();
    Ops loss = tf.withSubScope("loss");
    Operand<TFloat32> z;
    if (config.kind() == ModelKind.VAE) {
      // The noise shape comes from the input placeholder, never from a trainable tensor, so the
      // gradient pass does not reach the (gradient-less) random op.
      Operand<TInt32> batch =
          tf.reshape(
              tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
              tf.constant(new int[0]));
      Operand<TInt32> noiseShape = tf.stack(List.of(batch, tf.constant(config.latentDim())));
      Operand<TFloat32> epsilon =
          tf.withSubScope("noise").random.statelessRandomNormal(noiseShape, noiseSeed);
      z = VaeLosses.reparameterize(tf, encoding.mean(), encoding.logVariance(), epsilon);
      kl = VaeLosses.klToStandardNormal(loss, encoding.mean(), encoding.logVariance());
      Operand<TFloat32> logits =
          MlpNetwork.decodeLogits(tf, variables.weights(), z, config.inputShape());
      recon = VaeLosses.bernoulliNegLogLikelihood(loss, x, logits, size);
      logWeight =
          loss.math.sub(
              VaeLosses.logPriorMinusLogPosterior(loss, z, encoding.logVariance(), epsilon), recon);
    } else {
      z = encoding.mean();
      Operand<TFloat32> logits =
          MlpNetwork.decodeLogits(tf, variables.weights(), z, config.inputShape());
      recon = VaeLosses.bernoulliNegLogLikelihood(loss, x, logits, size);
      kl = loss.math.mul(recon, loss.constant(0f));
      logWeight = loss.math.neg(recon);
    }
    Operand<TInt32> batchAxis = loss.constant(0);
    meanRecon = loss.withName("mean_recon").math.mean(recon, batchAxis);
    meanKl = loss.withName("mean_kl").math.mean(kl, batchAxis);
    this.loss =
        loss.withName("objective").math.mean(loss.math.add(recon, loss.math.mul(beta, kl)), batchAxis);

    Ops eval = tf.withSubScope("eval");
    Operand<TFloat32> meanLogits =
        MlpNetwork.decodeLogits(tf, variables.weights(), encoding.mean(), config.inputShape());
    reconAtMean = VaeLosses.bernoulliNegLogLikelihood(eval, x, meanLogits, size);
    Operand<TFloat32> flatX = eval.reshape(x, eval.constant(new int[] {-1, size}));
    reconstruction =
        eval.reshape(eval.math.sigmoid(meanLogits), eval.constant(new int[] {-1, size}));
    squaredError =
        eval.reduceSum(eval.math.squaredDifference(reconstruction, flatX), eval.constant(1));

    trainStep =
        train
            ? AdamOptimizer.minimize(
                tf,
                this.loss,
                variables.variables(),
                variables.weights().values(),
                learningRate,
                AdamOptimizer.Settings.DEFAULT)
            : null;
  }

  /** A trainable graph whose weights are initialised from {@code seed}. */
  static TrainingGraph forTraining(Graph graph, VaeConfig config, long seed) {
    Ops tf = Ops.create(graph);
    return new TrainingGraph(
        graph, config, ModelVariables.initialized(tf, new MlpLayout(config), seed), true);
  }

  /** An evaluation graph whose weights must be restored from a checkpoint or SavedModel. */
  static TrainingGraph forEvaluation(Graph graph, VaeConfig config) {
    Ops tf = Ops.create(graph);
    return new TrainingGraph(
        graph, config, ModelVariables.forRestore(tf, new MlpLayout(config)), false);
  }
}
