package dev.tfvae.train.factors;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.train.data.ShapesDataset;

/**
 * The factors of a {@code shapes} image measured on its pixels alone, with no model: the centroid for x
 * and y (pixel centres at +0.5, as the generator draws them), the area (sum of pixel values) for the
 * scale, and the second central moments for the orientation. Only an ellipse has an orientation its
 * moments can show (a square's and an equilateral triangle's second moments are the same in every
 * direction), so the orientation is measured as {@code cos 2θ} of the ellipse's major axis: +1 along
 * the rows, −1 along the columns, unchanged by the ellipse's half-turn symmetry.
 *
 * @param mass sum of the pixel values (covered area in pixels)
 * @param x centroid column
 * @param y centroid row
 * @param scale the half-size whose shape of the given kind has that area
 * @param orientation cos 2θ of the axis of largest second moment (meaningful for ellipses)
 * @param angle θ itself, in [0, π)
 */
public record ShapeMeasurement(
    double mass, double x, double y, double scale, double orientation, double angle) {
  /** Below this mass (pixels) an image holds no shape to measure. */
  public static final double MIN_MASS = 0.5;

  /** Area of each shape kind at scale 1: square side 2, ellipse semi-axes 1 and 0.6, triangle circumradius 1.2. */
  private static final double[] UNIT_AREA = {
    4.0, Math.PI * 0.6, 3 * Math.sqrt(3) / 4 * 1.2 * 1.2
  };

  /** The measurement of {@code image} ({@code 28×28}, row-major) as a shape of kind {@code shape}. */
  public static ShapeMeasurement of(float[] image, int shape) {
    int size = ShapesDataset.SIZE;
    checkArgument(image.length == size * size, "a shapes image has %s values, got %s", size * size,
        image.length);
    checkArgument(shape >= 0 && shape < UNIT_AREA.length, "no shape kind %s", shape);
    double m = 0;
    double sx = 0;
    double sy = 0;
    for (int row = 0; row < size; row++) {
      for (int col = 0; col < size; col++) {
        double v = Math.max(0, image[row * size + col]);
        m += v;
        sx += v * (col + 0.5);
        sy += v * (row + 0.5);
      }
    }
    if (m < MIN_MASS) {
      return new ShapeMeasurement(m, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double cx = sx / m;
    double cy = sy / m;
    double mxx = 0;
    double myy = 0;
    double mxy = 0;
    for (int row = 0; row < size; row++) {
      for (int col = 0; col < size; col++) {
        double v = Math.max(0, image[row * size + col]);
        double dx = col + 0.5 - cx;
        double dy = row + 0.5 - cy;
        mxx += v * dx * dx;
        myy += v * dy * dy;
        mxy += v * dx * dy;
      }
    }
    double spread = Math.hypot(mxx - myy, 2 * mxy);
    double orientation = spread == 0 ? 0 : (mxx - myy) / spread;
    double angle = 0.5 * Math.atan2(2 * mxy, mxx - myy);
    if (angle < 0) {
      angle += Math.PI;
    }
    return new ShapeMeasurement(m, cx, cy, Math.sqrt(m / UNIT_AREA[shape]), orientation, angle);
  }

  /** Whether the image held a shape to measure. */
  public boolean valid() {
    return mass >= MIN_MASS;
  }
}
