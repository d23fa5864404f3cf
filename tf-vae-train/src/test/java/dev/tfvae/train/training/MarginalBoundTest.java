package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.VaeModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A conditional model's bound on −log p(x) with the label summed out equals −log of the mean over labels
 * of exp(−bound given that label), each label's bound computed on its own; it lies between the best
 * label's bound and that plus log C; a plain model is refused.
 */
class MarginalBoundTest {
  private static final Path MODELS = Path.of("..", "savedmodels");

  @Test
  void theLabelIsSummedOutOfTheConditionalBound() throws Exception {
    try (VaeModel model = VaeModel.load(MODELS.resolve("fashion-mnist-cvae"))) {
      // Inputs: the model's own samples of three classes (any images in [0, 1] would do).
      float[][] xs = new float[6][];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = model.generate(i % 3, 1, 11 + i)[0];
      }
      int classes = model.classes();
      double[] marginal = ImportanceBound.marginalScores(model, xs, 7, 5);
      for (int i = 0; i < xs.length; i++) {
        double mean = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int y = 0; y < classes; y++) {
          double s = ImportanceBound.scores(model, new float[][] {xs[i]}, new int[] {y}, 7, 5)[0];
          mean += Math.exp(-s) / classes; // about e^-230: well within double's range
          best = Math.min(best, s);
        }
        assertEquals(-Math.log(mean), marginal[i], 1e-9, "example " + i);
        assertTrue(marginal[i] >= best && marginal[i] <= best + Math.log(classes) + 1e-9,
            marginal[i] + " against the best label's " + best);
      }
    }
    try (VaeModel plain = VaeModel.load(MODELS.resolve("fashion-mnist-vae"))) {
      assertThrows(IllegalArgumentException.class,
          () -> ImportanceBound.marginalScores(plain, new float[][] {new float[784]}, 3, 1));
    }
  }
}
