package dev.tfvae.train.training;

import dev.tfvae.infer.VaeModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link ReproducibilityAndExportTest}: loads a model with tf-vae-infer and writes
 * the μ and reconstruction of each input row (μ rows first).
 */
public final class ReloadProbe {
  private ReloadProbe() {}

  public static void main(String[] args) throws Exception {
    List<float[]> inputs = ReproducibilityAndExportTest.readRows(Path.of(args[1]));
    float[][] rows = inputs.toArray(float[][]::new);
    List<float[]> out = new ArrayList<>();
    try (VaeModel model = VaeModel.load(Path.of(args[0]))) {
      model.encode(rows).forEach(code -> out.add(code.mean()));
      out.addAll(List.of(model.reconstruct(rows)));
    }
    ReproducibilityAndExportTest.writeRows(Path.of(args[2]), out.toArray(float[][]::new));
  }
}
