package dev.tfvae.train.training;

import dev.tfvae.infer.VaeModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link ConditionalModelTest}: loads a conditional model with tf-vae-infer and
 * writes, for input row i with label i mod classes, μ, then the reconstructions, then 3 samples of class
 * 1 (seed 7).
 */
public final class ConditionalReloadProbe {
  private ConditionalReloadProbe() {}

  public static void main(String[] args) throws Exception {
    float[][] rows = ReproducibilityAndExportTest.readRows(Path.of(args[1])).toArray(float[][]::new);
    List<float[]> out = new ArrayList<>();
    try (VaeModel model = VaeModel.load(Path.of(args[0]))) {
      int[] labels = ConditionalModelTest.labels(rows.length, model.classes());
      model.encode(rows, labels).forEach(code -> out.add(code.mean()));
      out.addAll(List.of(model.reconstruct(rows, labels)));
      out.addAll(List.of(model.generate(1, 3, 7L)));
    }
    ReproducibilityAndExportTest.writeRows(Path.of(args[2]), out.toArray(float[][]::new));
  }
}
