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
      add(all, d);
    }
    add(all, mean);
    if (logVariance != null) {
      add(all, logVariance);
    }
    for (Dense d : decoderHidden) {
      add(all, d);
    }
    add(all, logits);
    return all.build();
  }

  private static void add(ImmutableList.Builder<Operand<TFloat32>> all, Dense layer) {
    all.add(layer.kernel());
    all.add(layer.bias());
  }
}
