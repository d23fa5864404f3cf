package dev.tfvae.infer.examples;

import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.Interpolation;
import dev.tfvae.infer.LatentSpace;
import dev.tfvae.infer.VaeModel;
import java.nio.file.Path;

/** The README's tf-vae-infer example; {@code InferenceExampleTest} runs it. */
public final class InferenceExample {
  private InferenceExample() {}

  /**
   * Returns {μ₀, reconstruction pixel 0, first sample pixel 0, anomaly score, IWAE bound, path length,
   * traversal rows, edits} for the test to check.
   */
  public static double[] run(Path modelDir) throws Exception {
    // README:infer-begin
    try (VaeModel model = VaeModel.load(modelDir)) {        // a version folder or its base folder
      float[] image = new float[model.inputSize()];          // 28×28 pixels in [0, 1], row-major
      LatentCode code = model.encode(image);                 // μ (the embedding) and log σ²
      float[] reconstruction = model.decode(code.mean());    // pixel probabilities
      float[][] samples = model.generate(16, 42L);           // 16 new images from N(0, I), seeded
      double anomaly = model.score(image).negElbo();         // higher = less like the training data
      double bound = model.importanceScore(image, 100, 7L);  // tighter score: IWAE bound, K = 100
      LatentSpace space = new LatentSpace(model);            // what the latent space is for:
      float[][] path = space.interpolate(image, samples[0], 8, Interpolation.LINEAR);
      float[][][] grid = space.traverse(image, LatentSpace.range(-3, 3, 7));  // [L][7][784]
      float[] sleeves = space.attributeVector(new float[][] {samples[1]}, new float[][] {samples[2]});
      float[][] edited = space.applyAttribute(image, sleeves, new double[] {0, 0.5, 1});
      // README:infer-end
      return new double[] {
        code.mean()[0], reconstruction[0], samples[0][0], anomaly, bound, path.length, grid.length,
        edited.length
      };
    }
  }
}
