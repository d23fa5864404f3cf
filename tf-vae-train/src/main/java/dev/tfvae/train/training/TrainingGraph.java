package dev.tfvae.train.training;

import dev.tfvae.core.device.ComputeDevice;
import dev.tfvae.core.graph.AdamOptimizer;
import dev.tfvae.core.graph.ModelLayout;
import dev.tfvae.core.graph.ModelVariables;
import dev.tfvae.core.graph.Network;
import dev.tfvae.core.graph.VaeLosses;
import dev.tfvae.core.graph.Weights;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.Objective;
import dev.tfvae.core.model.TrainingSettings;
import dev.tfvae.core.model.VaeConfig;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The graph used to train and evaluate a model: inputs, the stochastic forward pass, every single-sample
 * metric that evaluation reports (per example), and — when asked for — the Adam step. Holds graph handles only; the
 * {@link Graph} belongs to the caller.
 *
 * <p>The reparameterisation noise is {@code StatelessRandomNormal} keyed by the fed {@link #noiseSeed},
 * so the noise of a step is a pure function of (seed, step): runs are reproducible and can be resumed.
 */
final class TrainingGraph {
  final VaeConfig config;
  final ModelVariables variables;
  /**
   * The model input. Fed directly for evaluation; when not fed, it is the rows {@link #indices} of
   * {@link #trainingData}, which is how training steps get their batch without copying it.
   */
  final PlaceholderWithDefault<TFloat32> x;
  /** Every training example, fed once per step as the same native tensor (fed tensors are not copied). */
  final Placeholder<TFloat32> trainingData;
  /** The rows of {@link #trainingData} that make up a step's batch, in order. */
  final Placeholder<TInt32> indices;
  /**
   * A conditional model's one-hot labels {@code [batch, C]}: fed with {@link #x} for evaluation, else
   * the rows {@link #indices} of {@link #trainingLabels}; {@code null} for an unconditional model.
   */
  final PlaceholderWithDefault<TFloat32> label;
  /** Every training example's one-hot label, fed with {@link #trainingData}; {@code null} if unconditional. */
  final Placeholder<TFloat32> trainingLabels;
  /**
   * The input the encoder sees: {@link #x}, or for a denoising model while training x corrupted by noise
   * keyed by {@link #noiseSeed} (the loss still compares with the clean x). Feeding {@link #corrupt}
   * false (the default for evaluation is false; training steps feed true) makes it x itself.
   */
  final Operand<TFloat32> encoderInput;
  /** Whether {@link #encoderInput} is corrupted: fed true by training steps of a denoising model. */
  final PlaceholderWithDefault<org.tensorflow.types.TBool> corrupt;
  final Placeholder<TInt64> noiseSeed;
  final Placeholder<TFloat32> learningRate;
  final Placeholder<TFloat32> beta;
  /**
   * The training objective: mean over the batch of recon + β·kl (kl floored per dimension with free
   * bits), or of the negative importance-weighted bound.
   */
  final Operand<TFloat32> loss;
  /** Per example, with one sampled z: −log p(x|z) (what evaluation reports, whatever the objective). */
  final Operand<TFloat32> recon;
  /** Per example: KL(q(z|x) ‖ p(z)); zeros for a plain autoencoder. */
  final Operand<TFloat32> kl;
  /** Per example, decoding z = μ: −log p(x|μ). */
  final Operand<TFloat32> reconAtMean;
  /** Per example: Σ (E[x | z = μ] − x)², in model-input units. */
  final Operand<TFloat32> squaredError;
  /** [batch, D] reconstruction from z = μ (probabilities or Gaussian means), flattened. */
  final Operand<TFloat32> reconstruction;
  /** [batch, L] encoder means. */
  final Operand<TFloat32> mean;
  /** [batch, L] encoder log-variances; {@code null} for a plain autoencoder. */
  final Operand<TFloat32> logVariance;
  final Operand<TFloat32> meanRecon;
  final Operand<TFloat32> meanKl;
  /**
   * The reparameterisation noise ε {@code [batch, L]} of {@link #recon}; {@code null} for a plain
   * autoencoder. A caller may feed it (tests do) instead of the seeded draw.
   */
  final Operand<TFloat32> epsilon;
  /**
   * The noise {@code [K, batch, L]} of the importance-weighted objective, or {@code null} for the ELBO
   * objective; feedable like {@link #epsilon}.
   */
  final Operand<TFloat32> importanceEpsilon;
  /** The Adam step, or {@code null} for an evaluation-only graph. */
  final Op trainStep;

  /**
   * What the training steps minimise.
   *
   * @param objective the ELBO or the importance-weighted bound
   * @param samples K of the importance-weighted bound (1 for the ELBO)
   * @param freeBits minimum KL per latent dimension of the ELBO objective, 0 for none
   */
  record StepObjective(Objective objective, int samples, double freeBits) {
    static final StepObjective ELBO = new StepObjective(Objective.ELBO, 1, 0);

    static StepObjective of(TrainingSettings settings) {
      return new StepObjective(
          settings.objective(), settings.importanceSamples(), settings.freeBits());
    }
  }

  /**
   * The importance-weighted objective's batch mean, its mean reconstruction term over K × batch, and
   * its noise.
   */
  private record ImportanceWeighted(
      Operand<TFloat32> loss, Operand<TFloat32> meanRecon, Operand<TFloat32> epsilon) {}

  private TrainingGraph(
      Graph graph,
      ModelLayout layout,
      ModelVariables variables,
      boolean train,
      StepObjective objective,
      Corruption corruption) {
    this.config = layout.config();
    this.variables = variables;
    ComputeDevice device = ComputeDevice.detect();
    Ops tf = device.place(Ops.create(graph));
    int size = config.inputSize();
    Network network = layout.network();
    Weights w = variables.weights();
    // On a GPU the batch is picked out of the host-side training data on the CPU: only its rows travel.
    Ops in = device.onHost(tf.withSubScope("inputs"));
    Shape examples = Shape.of(config.batchShape(-1));
    trainingData =
        in.withName("training_data").placeholder(TFloat32.class, Placeholder.shape(examples));
    indices = in.withName("indices").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    x =
        in.withName("x")
            .placeholderWithDefault(in.gather(trainingData, indices, in.constant(0)), examples);
    noiseSeed = in.withName("noise_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    learningRate =
        in.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta = in.withName("beta").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    if (config.conditional()) {
      Shape labels = Shape.of(-1, config.classes());
      trainingLabels =
          in.withName("training_labels").placeholder(TFloat32.class, Placeholder.shape(labels));
      label =
          in.withName("label")
              .placeholderWithDefault(in.gather(trainingLabels, indices, in.constant(0)), labels);
    } else {
      trainingLabels = null;
      label = null;
    }
    corrupt = in.withName("corrupt").placeholderWithDefault(in.constant(false), Shape.scalar());
    encoderInput = corruption.apply(tf.withSubScope("corruption"), x, noiseSeed, corrupt);

    Network.Encoding encoding = network.encode(tf, w, encoderInput, label);
    mean = encoding.mean();
    logVariance = encoding.logVariance();
    Ops loss = tf.withSubScope("loss");
    Operand<TInt32> batchAxis = loss.constant(0);
    Operand<TFloat32> klTerm;
    Operand<TFloat32> iwaeLoss = null;
    Operand<TFloat32> iwaeMeanRecon = null;
    Operand<TFloat32> iwaeEpsilon = null;
    if (config.kind() == ModelKind.VAE) {
      // The noise shape comes from the input placeholder, never from a trainable tensor, so the
      // gradient pass does not reach the (gradient-less) random op.
      Operand<TInt32> batch =
          tf.reshape(
              tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
              tf.constant(new int[0]));
      Operand<TInt32> noiseShape = tf.stack(List.of(batch, tf.constant(config.latentDim())));
      epsilon = tf.withSubScope("noise").random.statelessRandomNormal(noiseShape, noiseSeed);
      Operand<TFloat32> z =
          VaeLosses.reparameterize(tf, encoding.mean(), encoding.logVariance(), epsilon);
      kl = VaeLosses.klToStandardNormal(loss, encoding.mean(), encoding.logVariance());
      recon = VaeLosses.negLogLikelihood(loss, layout, w, x, network.decode(tf, w, z, label));
      // Free bits (Kingma et al. 2016): each latent dimension's batch-mean KL counts as at least
      // freeBits nats, so the optimiser gains nothing by pushing it below that.
      klTerm =
          objective.freeBits() > 0
              ? loss.reduceSum(
                  loss.math.maximum(
                      loss.math.mean(
                          VaeLosses.klPerDimension(loss, encoding.mean(), encoding.logVariance()),
                          batchAxis),
                      loss.constant((float) objective.freeBits())),
                  loss.constant(0))
              : null;
      if (objective.objective() == Objective.IWAE) {
        ImportanceWeighted iwae =
            importanceWeighted(tf, layout, w, encoding, batch, objective.samples());
        iwaeLoss = iwae.loss();
        iwaeMeanRecon = iwae.meanRecon();
        iwaeEpsilon = iwae.epsilon();
      }
    } else {
      recon =
          VaeLosses.negLogLikelihood(loss, layout, w, x, network.decode(tf, w, encoding.mean(), label));
      kl = loss.math.mul(recon, loss.constant(0f));
      klTerm = null;
      epsilon = null;
    }
    importanceEpsilon = iwaeEpsilon;
    meanRecon =
        iwaeMeanRecon != null
            ? loss.withName("mean_recon").identity(iwaeMeanRecon)
            : loss.withName("mean_recon").math.mean(recon, batchAxis);
    meanKl = loss.withName("mean_kl").math.mean(kl, batchAxis);
    this.loss =
        iwaeLoss != null
            ? loss.withName("objective").identity(iwaeLoss)
            : klTerm == null
                ? loss.withName("objective")
                    .math.mean(loss.math.add(recon, loss.math.mul(beta, kl)), batchAxis)
                : loss.withName("objective").math.add(meanRecon, loss.math.mul(beta, klTerm));

    Ops eval = tf.withSubScope("eval");
    Operand<TFloat32> meanOutput = network.decode(tf, w, encoding.mean(), label);
    reconAtMean = VaeLosses.negLogLikelihood(eval, layout, w, x, meanOutput);
    Operand<TFloat32> flatX = eval.reshape(x, eval.constant(new int[] {-1, size}));
    reconstruction =
        eval.reshape(
            VaeLosses.expectedValue(eval, config.likelihood(), meanOutput),
            eval.constant(new int[] {-1, size}));
    squaredError =
        eval.reduceSum(eval.math.squaredDifference(reconstruction, flatX), eval.constant(1));

    trainStep =
        train
            ? AdamOptimizer.minimize(
                tf,
                this.loss,
                variables.variables(),
                w.values(),
                learningRate,
                AdamOptimizer.Settings.DEFAULT)
            : null;
  }

  /**
   * The negative importance-weighted bound with K samples of z per example (Burda et al. 2016), averaged
   * over the batch. Noise {@code [K, batch, L]} keyed by the step's seed gives codes z_k = μ + σ·ε_k;
   * the K × batch codes are decoded in one pass against the example repeated K times, and
   * {@code log w_k = log p(x|z_k) + β(log p(z_k) − log q(z_k|x))} (β = 1 outside warm-up) goes through
   * {@link VaeLosses#negImportanceWeightedBound}.
   */
  private ImportanceWeighted importanceWeighted(
      Ops tf,
      ModelLayout layout,
      Weights w,
      Network.Encoding encoding,
      Operand<TInt32> batch,
      int samples) {
    // The K × batch codes are ordered sample-major (all of the batch for k = 0, then k = 1, ...), so the
    // clean input (the reconstruction target) and a conditional model's labels are tiled K times the
    // same way.
    Ops s = tf.withSubScope("iwae_objective");
    int latent = config.latentDim();
    Operand<TInt32> noiseShape =
        s.stack(List.of(s.constant(samples), batch, s.constant(latent)));
    Operand<TFloat32> epsilon =
        s.withSubScope("noise").random.statelessRandomNormal(noiseShape, noiseSeed);
    // [K, batch, L]: μ and log σ² broadcast over the K samples.
    Operand<TFloat32> z = VaeLosses.reparameterize(s, encoding.mean(), encoding.logVariance(), epsilon);
    Operand<TFloat32> codes = s.reshape(z, s.constant(new int[] {-1, latent}));
    Operand<TFloat32> repeated =
        s.tile(
            s.reshape(x, s.constant(new int[] {-1, config.inputSize()})),
            s.constant(new int[] {samples, 1}));
    Operand<TFloat32> repeatedLabel =
        label == null ? null : s.tile(label, s.constant(new int[] {samples, 1}));
    Operand<TFloat32> nll =
        VaeLosses.negLogLikelihood(
            s, layout, w, repeated, layout.network().decode(s, w, codes, repeatedLabel));
    Operand<TFloat32> latentTerm =
        VaeLosses.latentLogWeights(s, z, encoding.logVariance(), epsilon);
    Operand<TFloat32> logWeights =
        s.math.add(
            s.math.neg(s.reshape(nll, s.constant(new int[] {samples, -1}))),
            s.math.mul(beta, latentTerm));
    Operand<TFloat32> bound = VaeLosses.negImportanceWeightedBound(s, logWeights, samples);
    return new ImportanceWeighted(
        s.math.mean(bound, s.constant(0)), s.math.mean(nll, s.constant(0)), epsilon);
  }

  /** A trainable graph with the ELBO objective, initialised from {@code seed}. */
  static TrainingGraph forTraining(Graph graph, VaeConfig config, long seed, double freeBits) {
    return forTraining(
        graph, config, seed, new StepObjective(Objective.ELBO, 1, freeBits), Corruption.NONE);
  }

  /**
   * A trainable graph with the ELBO objective, initialised from {@code seed}, whose training steps
   * corrupt their inputs as {@code corruption} says.
   */
  static TrainingGraph forTraining(
      Graph graph, VaeConfig config, long seed, double freeBits, Corruption corruption) {
    return forTraining(
        graph, config, seed, new StepObjective(Objective.ELBO, 1, freeBits), corruption);
  }

  /** A trainable graph minimising {@code objective}, its weights initialised from {@code seed}. */
  static TrainingGraph forTraining(
      Graph graph, VaeConfig config, long seed, StepObjective objective) {
    return forTraining(graph, config, seed, objective, Corruption.NONE);
  }

  /**
   * A trainable graph minimising {@code objective}, its weights initialised from {@code seed}, whose
   * training steps corrupt their inputs as {@code corruption} says (a denoising autoencoder: the
   * encoder sees the corrupted input, the objective compares with the clean one).
   */
  static TrainingGraph forTraining(
      Graph graph, VaeConfig config, long seed, StepObjective objective, Corruption corruption) {
    Ops tf = ComputeDevice.detect().place(Ops.create(graph));
    ModelLayout layout = new ModelLayout(config);
    if (objective.objective() == Objective.IWAE && config.kind() != ModelKind.VAE) {
      throw new IllegalArgumentException(
          "the iwae objective needs a VAE: a plain autoencoder samples no codes");
    }
    return new TrainingGraph(
        graph, layout, ModelVariables.initialized(tf, layout, seed), true, objective, corruption);
  }

  /** An evaluation graph whose weights must be restored from a checkpoint or SavedModel. */
  static TrainingGraph forEvaluation(Graph graph, VaeConfig config) {
    Ops tf = ComputeDevice.detect().place(Ops.create(graph));
    ModelLayout layout = new ModelLayout(config);
    return new TrainingGraph(
        graph, layout, ModelVariables.forRestore(tf, layout), false, StepObjective.ELBO,
        Corruption.NONE);
  }
}
