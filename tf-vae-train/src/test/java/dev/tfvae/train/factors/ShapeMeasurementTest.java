package dev.tfvae.train.factors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.train.data.ShapesDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The measurements recover the factors of images drawn with known factors: the generator's own images
 * (with their recorded factors) and hand-chosen ones.
 */
class ShapeMeasurementTest {
  private static final int PIXELS = ShapesDataset.SIZE * ShapesDataset.SIZE;

  private static ShapeMeasurement draw(ShapesDataset.Factors f) {
    float[] image = new float[PIXELS];
    ShapesDataset.render(f, image, 0);
    return ShapeMeasurement.of(image, f.shape());
  }

  @Test
  void recoversPositionScaleAndOrientationOfTheGeneratorsImages() {
    ShapesDataset.WithFactors data = ShapesDataset.withFactors(true, 300);
    double worstX = 0;
    double sumX = 0;
    double worstScale = 0;
    double worstOrientation = 0;
    for (int i = 0; i < 300; i++) {
      ShapesDataset.Factors f = data.factors().get(i);
      ShapeMeasurement m = ShapeMeasurement.of(data.images().example(i), f.shape());
      worstX = Math.max(worstX, Math.max(Math.abs(m.x() - f.x()), Math.abs(m.y() - f.y())));
      sumX += Math.abs(m.x() - f.x()) + Math.abs(m.y() - f.y());
      worstScale = Math.max(worstScale, Math.abs(m.scale() / f.scale() - 1));
      if (f.shape() == ShapeFactors.ELLIPSE) {
        worstOrientation = Math.max(worstOrientation, Math.abs(m.orientation() - Math.cos(2 * f.rotation())));
      }
    }
    // The generator covers each pixel with a 3×3 grid of samples, so a small shape's edges are quantised:
    // its centroid moves by a few hundredths of a pixel on average, at worst by about a sixth.
    assertTrue(sumX / 600 < 0.04, "centroid off by " + sumX / 600 + " px on average");
    assertTrue(worstX < 0.2, "centroid off by " + worstX + " px");
    assertTrue(worstScale < 0.04, "scale off by " + worstScale);
    assertTrue(worstOrientation < 0.12, "cos 2θ off by " + worstOrientation);
  }

  @Test
  void theEllipsesAngleIsItsRotationModuloAHalfTurn() {
    for (double degrees : List.of(0.0, 30.0, 75.0, 120.0, 210.0)) {
      double r = Math.toRadians(degrees);
      ShapeMeasurement m = draw(new ShapesDataset.Factors(ShapeFactors.ELLIPSE, 6, r, 14, 13));
      double expected = Math.toRadians(degrees % 180);
      assertEquals(expected, m.angle(), Math.toRadians(2), "ellipse at " + degrees + "°");
      assertEquals(14, m.x(), 0.02);
      assertEquals(13, m.y(), 0.02);
    }
    ShapeMeasurement horizontal = draw(new ShapesDataset.Factors(ShapeFactors.ELLIPSE, 6, 0, 14, 14));
    ShapeMeasurement vertical =
        draw(new ShapesDataset.Factors(ShapeFactors.ELLIPSE, 6, Math.PI / 2, 14, 14));
    assertEquals(1, horizontal.orientation(), 1e-6);
    assertEquals(-1, vertical.orientation(), 1e-6);
  }

  @Test
  void scaleFollowsTheAreaOfEachKind() {
    for (int shape = 0; shape < 3; shape++) {
      for (double scale : List.of(3.5, 5.0, 6.5)) {
        ShapeMeasurement m = draw(new ShapesDataset.Factors(shape, scale, 0.3, 14, 14));
        assertEquals(scale, m.scale(), 0.04 * scale, "kind " + shape + " at scale " + scale);
      }
    }
    // A square of side 10 (scale 5, axis-aligned, on pixel edges) covers exactly 100 pixels.
    assertEquals(100, draw(new ShapesDataset.Factors(0, 5, 0, 14, 14)).mass(), 1e-4);
  }

  @Test
  void aBlankImageHoldsNothingToMeasure() {
    ShapeMeasurement m = ShapeMeasurement.of(new float[PIXELS], 1);
    assertFalse(m.valid());
    assertTrue(Double.isNaN(m.x()) && Double.isNaN(m.scale()));
  }
}
