package dev.tfvae.core.contract;

import static dev.tfvae.core.contract.SignatureContract.*;

import dev.tfvae.core.graph.MlpNetwork;
import dev.tfvae.core.graph.MlpWeights;
import dev.tfvae.core.graph.VaeLosses;
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
 * {@code reconstruction_loss + kl}.
 */
public final class InferenceGraph {
  private InferenceGraph() {}

  /** Adds the serving ops for {@code config} to {@code tf}'s graph and returns their signatures. */
  public static List<Signature> build(Ops tf, VaeConfig config, MlpWeights weights) {
    List<Integer> shape = config.inputShape();
    int size = config.inputSize();
    Placeholder<TFloat32> x =
        tf.withName(X)
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(config.batchShape(-1))));
    Placeholder<TFloat32> z =
        tf.withName(Z)
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, config.latentDim())));

    MlpNetwork.Encoding encoding = MlpNetwork.encode(tf, weights, x, size);
    Operand<TFloat32> meanLogits = MlpNetwork.decodeLogits(tf, weights, encoding.mean(), shape);
    Operand<TFloat32> reconstruction = tf.withName(RECONSTRUCTION).math.sigmoid(meanLogits);
    Operand<TFloat32> decoded =
        tf.withName("decoded").math.sigmoid(MlpNetwork.decodeLogits(tf, weights, z, shape));
    Operand<TFloat32> reconstructionLoss =
        tf.withName(RECONSTRUCTION_LOSS)
            .identity(VaeLosses.bernoulliNegLogLikelihood(tf, x, meanLogits, size));

    List<Signature> signatures = new ArrayList<>();
    signatures.add(
        predict(SERVING_DEFAULT).input(X, x).output(RECONSTRUCTION, reconstruction).build());
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
      Operand<TInt32> noiseShape =
          g.stack(List.of(n, g.constant(config.latentDim())));
      Operand<TFloat32> prior = g.random.statelessRandomNormal(noiseShape, seed);
      Operand<TFloat32> samples =
          tf.withName(SAMPLES).math.sigmoid(MlpNetwork.decodeLogits(tf, weights, prior, shape));
      signatures.add(predict(GENERATE).input(N, n).input(SEED, seed).output(SAMPLES, samples).build());
    }
    signatures.add(encode.build());
    signatures.add(predict(DECODE).input(Z, z).output(RECONSTRUCTION, decoded).build());
    signatures.add(score.build());
    return signatures;
  }

  private static Signature.Builder predict(String key) {
    return Signature.builder().key(key).methodName(METHOD_NAME);
  }
}
