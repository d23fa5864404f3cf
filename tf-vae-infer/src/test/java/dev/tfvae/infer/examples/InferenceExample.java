package dev.tfvae.infer.examples;

import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.VaeModel;
import java.nio.file.Path;

/** The README's tf-vae-infer example; {@code InferenceExampleTest} runs it. */
public final class InferenceExample {
  private InferenceExample() {}

  /** Returns {μ₀, reconstruction pixel 0, first sample pixel 0, anomaly score} for the test to check. */
  public static double[] run(Path modelDir) throws Exception {
    // README:infer-begin
    try (VaeModel model = VaeModel.load(modelDir)) {        // a version folder or its base folder
      float[] image = new float[model.inputSize()];          // 28×28 pixels in [0, 1], row-major
      LatentCode code = model.encode(image);                 // μ (the embedding) and log σ²
      float[] reconstruction = model.decode(code.mean());    // pixel probabilities
      float[][] samples = model.generate(16, 42L);           // 16 new images from N(0, I), seeded
      double anomaly = model.score(image).negElbo();         // higher = less like the training data
      // README:infer-end
      return new double[] {code.mean()[0], reconstruction[0], samples[0][0], anomaly};
    }
  }
}
