package dev.tfvae.train.factors;

import dev.tfvae.train.data.ShapesDataset;
import java.util.List;

/**
 * The factors of {@code shapes} as this package analyses them: the shape kind (categorical), and four
 * continuous ones, each with its true value from the generator and its {@link ShapeMeasurement} on an
 * image. The orientation is {@code cos 2θ} and defined for ellipses only (NaN for other kinds): the
 * generator's rotation of a square or a triangle cannot be read from its image alone.
 */
enum ShapeFactors {
  SHAPE("shape", "kind"),
  SCALE("scale", "pixels"),
  ORIENTATION("orientation", "cos 2θ"),
  X("x", "pixels"),
  Y("y", "pixels");

  /** The generator's index of the ellipse. */
  static final int ELLIPSE = ShapesDataset.SHAPE_NAMES.indexOf("ellipse");

  /** The continuous factors, which are edited and measured. */
  static final List<ShapeFactors> CONTINUOUS = List.of(SCALE, ORIENTATION, X, Y);

  private final String label;
  private final String unit;

  ShapeFactors(String label, String unit) {
    this.label = label;
    this.unit = unit;
  }

  String label() {
    return label;
  }

  String unit() {
    return unit;
  }

  /** The true value for an image drawn from {@code f}. */
  double truth(ShapesDataset.Factors f) {
    return switch (this) {
      case SHAPE -> f.shape();
      case SCALE -> f.scale();
      case ORIENTATION -> f.shape() == ELLIPSE ? Math.cos(2 * f.rotation()) : Double.NaN;
      case X -> f.x();
      case Y -> f.y();
    };
  }

  /** The measured value ({@link #SHAPE} is not measured); NaN where the image holds no shape. */
  double measured(ShapeMeasurement m, int shape) {
    return switch (this) {
      case SHAPE -> Double.NaN;
      case SCALE -> m.scale();
      case ORIENTATION -> shape == ELLIPSE ? m.orientation() : Double.NaN;
      case X -> m.x();
      case Y -> m.y();
    };
  }
}
