package dev.tfvae.train.factors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfvae.train.data.ShapesDataset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The attribute regression recovers the per-unit direction of each factor from codes that are a known
 * linear function of all of them (plus noise), which a high-minus-low difference would mix.
 */
class FactorAnalysisTest {
  @Test
  void theRegressionRecoversEachFactorsDirectionWithTheOthersHeldFixed() {
    List<ShapesDataset.Factors> factors = ShapesDataset.withFactors(false, 2000).factors();
    double[][] truth = {
      {1, 0, 0.5}, // per pixel of scale
      {0, 2, 0},   // per unit of cos 2θ (ellipses)
      {0.3, 0, -1}, // per pixel of x
      {0, 0.7, 0.2} // per pixel of y
    };
    SplittableRandom noise = new SplittableRandom(5);
    float[][] mu = new float[factors.size()][3];
    for (int i = 0; i < mu.length; i++) {
      ShapesDataset.Factors f = factors.get(i);
      boolean ellipse = f.shape() == ShapeFactors.ELLIPSE;
      double[] v = {f.scale(), ellipse ? Math.cos(2 * f.rotation()) : 0, f.x(), f.y()};
      for (int j = 0; j < 3; j++) {
        double z = 0.4 * f.shape() - 1 + 0.01 * noise.nextGaussian();
        for (int k = 0; k < 4; k++) {
          z += truth[k][j] * v[k];
        }
        mu[i][j] = (float) z;
      }
    }
    double[][] vectors = FactorAnalysis.attributeVectors(mu, factors);
    for (int k = 0; k < 4; k++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(truth[k][j], vectors[k][j], 2e-3, "factor " + k + ", dimension " + j);
      }
    }
  }
}
