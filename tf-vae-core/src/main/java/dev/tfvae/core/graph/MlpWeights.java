package dev.tfvae.core.graph;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * All parameters of an MLP autoencoder, as graph values. The same record is filled from variables (training
 * and export) or from placeholders (gradient checks), so the network code never knows which.
 *
 * @param encoderHidden encoder hidden layers, input side first
 * @param mean layer producing the latent mean μ
 * @param logVariance layer producing log σ²; {@code null} for a plain autoencoder
 * @param decoderHidden decoder hidden layers, latent side first
 * @param logits output layer (logits of the Bernoulli likelihood)
 */
public record MlpWeights(
    List<Dense> encoderHidden,
    Dense mean,
    Dense logVariance,
    List<Dense> decoderHidden,
    Dense logits) {

  public MlpWeights {
    encoderHidden = ImmutableList.copyOf(encoderHidden);
    decoderHidden = ImmutableList.copyOf(decoderHidden);
  }

  /** Every kernel and bias in a fixed order (the order of {@link MlpLayout#parameters()}). */
  public List<Operand<TFloat32>> values() {
    ImmutableList.Builder<Operand<TFloat32>> all = ImmutableList.builder();
    for (Dense d : encoderHidden) {
      all.add(d.kernel(), d.bias());
    }
    all.add(mean.kernel(), mean.bias());
    if (logVariance != null) {
      all.add(logVariance.kernel(), logVariance.bias());
    }
    for (Dense d : decoderHidden) {
      all.add(d.kernel(), d.bias());
    }
    all.add(logits.kernel(), logits.bias());
    return all.build();
  }
}
