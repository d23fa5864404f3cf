package dev.tfvae.train.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.model.Architecture;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.TestData;
import dev.tfvae.train.analysis.Pca;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.training.TrainingConfig;
import dev.tfvae.train.training.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison trains and exports both networks and measures all three contenders; PCA's decoder is
 * linear, so its paths are perfectly even, and its error equals a direct PCA fit.
 */
class ComparisonTest {

  @Test
  void comparesAeVaeAndPca(@TempDir Path dir) throws Exception {
    Dataset data = TestData.smallShapes();
    TrainingConfig config =
        TrainingConfig.builder().hidden(List.of(64)).latentDim(4).epochs(2).build();
    Comparison.Result r = Comparison.run(data, config, dir, "small", TrainingListener.NONE);

    assertEquals(dir.resolve("small-ae").resolve("1"), r.ae().exportPath());
    assertEquals(dir.resolve("small-vae").resolve("1"), r.vae().exportPath());
    try (VaeModel ae = VaeModel.load(r.ae().exportPath());
        VaeModel vae = VaeModel.load(r.vae().exportPath())) {
      assertTrue(!ae.isVariational() && vae.isVariational());
    }
    assertEquals(1.0, r.pca().pathJumpiness(), 1e-3, "a linear decoder moves evenly");
    assertEquals(Pca.fit(data.train(), 4).reconstructionMse(data.validation()), r.pca().msePerPixel(), 1e-9);
    assertTrue(Double.isNaN(r.ae().negElbo()) && Double.isFinite(r.vae().negElbo()));
    for (Comparison.Section s : List.of(r.ae(), r.vae(), r.pca())) {
      assertTrue(s.msePerPixel() > 0 && s.msePerPixel() < 0.3, s.toString());
      assertTrue(s.priorGap() > 0 && Double.isFinite(s.priorGap()), s.toString());
      assertTrue(s.pathJumpiness() >= 1, s.toString());
      assertTrue(s.pathRealism() > 0 && Double.isFinite(s.pathRealism()), s.toString());
      assertNull(s.linear(), "subspace angles are for --arch linear only");
    }
  }

  /**
   * With {@code --arch linear} every contender's decoder is affine, its subspace is compared with PCA's
   * (PCA's own: angle 0, orthogonal basis), and a longer-trained linear autoencoder is closer to PCA.
   */
  @Test
  void linearDecodersAreComparedWithPcasSubspace(@TempDir Path dir) throws Exception {
    Dataset data = TestData.smallShapes();
    TrainingConfig config = TrainingConfig.builder().arch(Architecture.LINEAR).latentDim(3).epochs(1)
        .learningRate(3e-3).build();
    Comparison.Result r = Comparison.run(data, config, dir, "linear", TrainingListener.NONE);
    assertEquals(0, r.pca().linear().maxAngle(), 1e-3);
    assertEquals(0, r.pca().linear().orthogonality().maxCosine(), 1e-4);
    assertEquals(3, r.ae().linear().anglesDegrees().length);
    Comparison.Result longer = Comparison.run(
        data, config.toBuilder().epochs(12).build(), dir, "linear-longer", TrainingListener.NONE);
    assertTrue(longer.ae().linear().maxAngle() < r.ae().linear().maxAngle(),
        longer.ae().linear().maxAngle() + " after 12 epochs, " + r.ae().linear().maxAngle() + " after 1");
    assertTrue(longer.ae().msePerPixel() < r.ae().msePerPixel());
  }
}
