package dev.tfvae.train.analysis;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.VaeModel;
import java.util.List;

/**
 * An exported model as a {@link Codec} working in model-input units: for a model that standardises its
 * inputs in the graph, codes are taken from un-standardised inputs and outputs are standardised again, so
 * distances weigh every column alike (as the model's own loss does).
 */
public final class ModelCodec implements Codec {
  private final VaeModel model;
  private final float[] mean;
  private final float[] std;

  /** Does not take ownership of {@code model}. */
  public ModelCodec(VaeModel model) {
    this.model = model;
    ModelManifest.Standardization s = model.manifest().preprocessing().standardization();
    this.mean = s == null ? null : s.meanArray();
    this.std = s == null ? null : s.stdArray();
  }

  @Override
  public int latentDim() {
    return model.latentDim();
  }

  @Override
  public float[][] encode(float[][] inputs) {
    float[][] raw = new float[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      raw[i] = inputs[i].clone();
      if (mean != null) {
        for (int j = 0; j < raw[i].length; j++) {
          raw[i][j] = raw[i][j] * std[j] + mean[j];
        }
      }
    }
    List<LatentCode> codes = model.encode(raw);
    return codes.stream().map(LatentCode::mean).toArray(float[][]::new);
  }

  @Override
  public float[][] decode(float[][] codes) {
    float[][] out = model.decode(codes);
    if (mean != null) {
      for (float[] row : out) {
        for (int j = 0; j < row.length; j++) {
          row[j] = (row[j] - mean[j]) / std[j];
        }
      }
    }
    return out;
  }
}
