package dev.tfvae.core.contract;

import static dev.tfvae.core.contract.SignatureContract.*;

import dev.tfvae.core.graph.ModelLayout;
import dev.tfvae.core.graph.Network;
import dev.tfvae.core.graph.VaeLosses;
import dev.tfvae.core.graph.Weights;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.VaeConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Builds the serving graph of the SavedModel contract on top of a model's weights: placeholders with a −1
 * batch dimension, the encoder and decoder, and one {@link Signature} per contract entry. Nothing here
 * trains, saves or reads files, so the exported graph holds inference ops only.
 *
 * <p>{@code score} evaluates the reconstruction term at z = μ, so an anomaly score is a deterministic
 * function of one input, independent of the batch it arrives in; {@code neg_elbo} there is
 * {@code reconstruction_loss + kl}. The reconstruction term is the training graph's own ({@link
 * VaeLosses#negLogLikelihood}), built from op types that model validation allows.
 *
 * <p>A conditional model's signatures all take {@code label} besides, the one-hot label float32
 * {@code [-1, C]}; {@code generate}'s label has one row (for every sample) or {@code n} rows (one per
 * sample), broadcast by a multiplication with ones {@code [n, 1]}.
 *
 * <p>With a {@link ModelManifest.Standardization}, inputs are standardised and outputs
 * ({@code reconstruction}, {@code samples}) mapped back inside the graph, so every caller works in the
 * data's own units; scores are then in standardised units.
 */
public final class InferenceGraph {
  private InferenceGraph() {}

  /** Adds the serving ops for {@code layout} to {@code tf}'s graph and returns their signatures. */
  public static List<Signature> build(
      Ops tf, ModelLayout layout, Weights weights, ModelManifest.Standardization standardization) {
    VaeConfig config = layout.config();
    Network network = layout.network();
    Placeholder<TFloat32> x =
        tf.withName(X)
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(config.batchShape(-1))));
    Placeholder<TFloat32> z =
        tf.withName(Z)
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, config.latentDim())));
    Placeholder<TFloat32> label =
        config.conditional()
            ? tf.withName(LABEL)
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, config.classes())))
            : null;
    Scaling scaling = new Scaling(tf, config, standardization);

    Operand<TFloat32> modelInput = scaling.standardize(x);
    Network.Encoding encoding = network.encode(tf, weights, modelInput, label);
    Operand<TFloat32> meanOutput = network.decode(tf, weights, encoding.mean(), label);
    Operand<TFloat32> reconstruction =
        tf.withName(RECONSTRUCTION).identity(scaling.restore(expected(tf, config, meanOutput)));
    Operand<TFloat32> decoded =
        tf.withName("decoded")
            .identity(scaling.restore(expected(tf, config, network.decode(tf, weights, z, label))));
    Operand<TFloat32> reconstructionLoss =
        tf.withName(RECONSTRUCTION_LOSS)
            .identity(
                VaeLosses.negLogLikelihood(tf, layout, weights, modelInput, meanOutput));

    List<Signature.Builder> builders = new ArrayList<>();
    builders.add(predict(SERVING_DEFAULT).input(X, x).output(RECONSTRUCTION, reconstruction));
    Signature.Builder encode = predict(ENCODE).input(X, x).output(MEAN, encoding.mean());
    Signature.Builder score =
        predict(SCORE).input(X, x).output(RECONSTRUCTION_LOSS, reconstructionLoss);
    if (config.kind() == ModelKind.VAE) {
      encode.output(LOG_VARIANCE, encoding.logVariance());
      Operand<TFloat32> kl =
          tf.withName(KL)
              .identity(VaeLosses.klToStandardNormal(tf, encoding.mean(), encoding.logVariance()));
      score.output(KL, kl).output(NEG_ELBO, tf.withName(NEG_ELBO).math.add(reconstructionLoss, kl));

      Placeholder<TInt32> n =
          tf.withName(N).placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
      Placeholder<TInt64> seed =
          tf.withName(SEED).placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Ops g = tf.withSubScope("prior");
      Operand<TInt32> noiseShape = g.stack(List.of(n, g.constant(config.latentDim())));
      Operand<TFloat32> prior = g.random.statelessRandomNormal(noiseShape, seed);
      Operand<TFloat32> sampleLabels =
          label == null
              ? null
              : g.withName("labels")
                  .math.mul(label, g.fill(g.stack(List.of(n, g.constant(1))), g.constant(1f)));
      Operand<TFloat32> samples =
          tf.withName(SAMPLES)
              .identity(
                  scaling.restore(
                      expected(tf, config, network.decode(tf, weights, prior, sampleLabels))));
      builders.add(predict(GENERATE).input(N, n).input(SEED, seed).output(SAMPLES, samples));

      Operand<TFloat32> logLikelihood =
          tf.withName(LOG_PX_Z)
              .math.neg(
                  VaeLosses.negLogLikelihood(
                      tf, layout, weights, modelInput, network.decode(tf, weights, z, label)));
      builders.add(predict(LOG_LIKELIHOOD).input(X, x).input(Z, z).output(LOG_PX_Z, logLikelihood));
    }
    builders.add(encode);
    builders.add(predict(DECODE).input(Z, z).output(RECONSTRUCTION, decoded));
    builders.add(score);
    List<Signature> signatures = new ArrayList<>();
    for (Signature.Builder b : builders) {
      signatures.add(label == null ? b.build() : b.input(LABEL, label).build());
    }
    return signatures;
  }

  private static Operand<TFloat32> expected(Ops tf, VaeConfig config, Operand<TFloat32> output) {
    return VaeLosses.expectedValue(tf, config.likelihood(), output);
  }

  private static Signature.Builder predict(String key) {
    return Signature.builder().key(key).methodName(METHOD_NAME);
  }

  /** The in-graph standardisation, or the identity when the model has none. */
  private static final class Scaling {
    private final Ops tf;
    private final Operand<TFloat32> mean;
    private final Operand<TFloat32> std;

    Scaling(Ops tf, VaeConfig config, ModelManifest.Standardization s) {
      this.tf = tf.withSubScope("standardization");
      if (s == null) {
        mean = null;
        std = null;
      } else {
        if (s.mean().size() != config.inputSize()) {
          throw new IllegalArgumentException(
              "standardization has " + s.mean().size() + " columns, the model has "
                  + config.inputSize() + " inputs");
        }
        Shape shape = Shape.of(config.batchShape(1));
        mean = this.tf.constant(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(s.meanArray()));
        std = this.tf.constant(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(s.stdArray()));
      }
    }

    Operand<TFloat32> standardize(Operand<TFloat32> raw) {
      return mean == null ? raw : tf.math.realDiv(tf.math.sub(raw, mean), std);
    }

    Operand<TFloat32> restore(Operand<TFloat32> standardized) {
      return mean == null ? standardized : tf.math.add(tf.math.mul(standardized, std), mean);
    }
  }
}
