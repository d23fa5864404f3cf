package dev.tfvae.infer;

import static dev.tfvae.core.base.Preconditions.checkArgument;
import static dev.tfvae.core.base.Preconditions.checkNotNull;

/**
 * What a VAE's latent space is for, on a loaded {@link VaeModel}: interpolation between two inputs,
 * attribute vectors, traversals of one latent dimension, all through the encoder's means μ. Thread-safe
 * as its model is; it owns nothing (closing the model ends it).
 *
 * <pre>{@code
 * LatentSpace space = new LatentSpace(model);
 * float[][] path = space.interpolate(shoe, shirt, 8, Interpolation.LINEAR);   // 8 decoded steps
 * float[] sleeves = space.attributeVector(shirts, pullovers);                      // mean μ difference
 * float[][] edited = space.applyAttribute(shirt, sleeves, new double[] {0, 0.5, 1});
 * }</pre>
 */
public final class LatentSpace {
  /** The most points of one interpolation, strengths of one attribute edit, or values of a traversal. */
  public static final int MAX_POINTS = 4096;

  private final VaeModel model;

  public LatentSpace(VaeModel model) {
    this.model = checkNotNull(model, "model");
  }

  /** {@code steps} codes from {@code a} to {@code b}, both included. */
  public static float[][] codesBetween(float[] a, float[] b, int steps, Interpolation interpolation) {
    checkArgument(steps >= 2 && steps <= MAX_POINTS, "an interpolation needs 2..%s steps, got %s",
        MAX_POINTS, steps);
    checkArgument(a.length == b.length, "codes of different lengths: %s and %s", a.length, b.length);
    checkNotNull(interpolation, "interpolation");
    double omega = interpolation == Interpolation.SPHERICAL ? angle(a, b) : 0;
    float[][] out = new float[steps][a.length];
    for (int s = 0; s < steps; s++) {
      double t = s / (double) (steps - 1);
      double wa;
      double wb;
      if (interpolation == Interpolation.SPHERICAL && omega > 1e-6) {
        wa = Math.sin((1 - t) * omega) / Math.sin(omega);
        wb = Math.sin(t * omega) / Math.sin(omega);
      } else {
        wa = 1 - t;
        wb = t;
      }
      for (int j = 0; j < a.length; j++) {
        out[s][j] = (float) (wa * a[j] + wb * b[j]);
      }
    }
    return out;
  }

  private static double angle(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int j = 0; j < a.length; j++) {
      dot += (double) a[j] * b[j];
      na += (double) a[j] * a[j];
      nb += (double) b[j] * b[j];
    }
    if (na == 0 || nb == 0) {
      return 0;
    }
    return Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb))));
  }

  /** Decodes {@code steps} points from μ of {@code from} to μ of {@code to} (both ends included). */
  public float[][] interpolate(float[] from, float[] to, int steps, Interpolation interpolation) {
    float[][] ends = model.embed(new float[][] {from, to});
    return model.decode(codesBetween(ends[0], ends[1], steps, interpolation));
  }

  /**
   * {@link #interpolate(float[], float[], int, Interpolation)} on a conditional model with the label
   * fixed: both ends are encoded with {@code label} and every point is decoded with it.
   */
  public float[][] interpolate(
      float[] from, float[] to, int label, int steps, Interpolation interpolation) {
    float[][] ends = model.embed(new float[][] {from, to}, new int[] {label, label});
    float[][] codes = codesBetween(ends[0], ends[1], steps, interpolation);
    return model.decode(codes, repeat(label, codes.length));
  }

  /**
   * "Same style, other class" on a conditional model: μ of {@code x} encoded with its own
   * {@code label}, decoded with every label in turn. Returns {@code [classes][D]}; row {@code label}
   * is the reconstruction.
   */
  public float[][] otherClasses(float[] x, int label) {
    float[] code = model.embed(new float[][] {x}, new int[] {label})[0];
    int classes = model.classes();
    float[][] codes = new float[classes][];
    int[] labels = new int[classes];
    for (int c = 0; c < classes; c++) {
      codes[c] = code;
      labels[c] = c;
    }
    return model.decode(codes, labels);
  }

  private static int[] repeat(int label, int count) {
    int[] out = new int[count];
    java.util.Arrays.fill(out, label);
    return out;
  }

  /**
   * The attribute vector from group {@code without} to group {@code with}: mean μ of {@code with} minus
   * mean μ of {@code without} (in double precision).
   */
  public float[] attributeVector(float[][] without, float[][] with) {
    double[] a = meanCode(without);
    double[] b = meanCode(with);
    float[] out = new float[a.length];
    for (int j = 0; j < a.length; j++) {
      out[j] = (float) (b[j] - a[j]);
    }
    return out;
  }

  private double[] meanCode(float[][] xs) {
    float[][] codes = model.embed(xs);
    double[] mean = new double[model.latentDim()];
    for (float[] code : codes) {
      for (int j = 0; j < mean.length; j++) {
        mean[j] += code[j];
      }
    }
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= codes.length;
    }
    return mean;
  }

  /** Decodes μ of {@code x} plus {@code strength × vector}, once per strength. */
  public float[][] applyAttribute(float[] x, float[] vector, double[] strengths) {
    checkArgument(
        vector.length == model.latentDim(), "attribute vector has %s values, the latent space %s",
        vector.length, model.latentDim());
    checkArgument(strengths.length > 0 && strengths.length <= MAX_POINTS,
        "give 1..%s strengths, got %s", MAX_POINTS, strengths.length);
    float[] code = model.embed(new float[][] {x})[0];
    float[][] codes = new float[strengths.length][code.length];
    for (int s = 0; s < strengths.length; s++) {
      checkArgument(Double.isFinite(strengths[s]), "strength %s is %s", (Object) s, strengths[s]);
      for (int j = 0; j < code.length; j++) {
        codes[s][j] = (float) (code[j] + strengths[s] * vector[j]);
      }
    }
    return model.decode(codes);
  }

  /**
   * A traversal of {@code x}: for each latent dimension j, μ of x with dimension j set to each of
   * {@code values}, decoded. Returns {@code [L][values.length][D]}.
   */
  public float[][][] traverse(float[] x, double[] values) {
    return traverse(x, null, values);
  }

  /**
   * {@link #traverse(float[], double[])} on a conditional model with the label fixed: x encoded and
   * every point decoded with {@code label}; {@code null} for an unconditional model.
   */
  public float[][][] traverse(float[] x, Integer label, double[] values) {
    checkArgument(values.length > 0 && values.length <= MAX_POINTS,
        "give 1..%s values, got %s", MAX_POINTS, values.length);
    checkArgument((long) values.length * model.latentDim() <= VaeModel.MAX_BATCH_ROWS,
        "%s values × %s latent dimensions is more than %s decoded images", values.length,
        model.latentDim(), VaeModel.MAX_BATCH_ROWS);
    float[] code =
        model.embed(new float[][] {x}, label == null ? null : new int[] {label})[0];
    int dims = code.length;
    float[][] codes = new float[dims * values.length][];
    for (int j = 0; j < dims; j++) {
      for (int v = 0; v < values.length; v++) {
        float[] c = code.clone();
        c[j] = (float) values[v];
        codes[j * values.length + v] = c;
      }
    }
    float[][] decoded =
        model.decode(codes, label == null ? null : repeat(label, codes.length));
    float[][][] out = new float[dims][values.length][];
    for (int j = 0; j < dims; j++) {
      for (int v = 0; v < values.length; v++) {
        out[j][v] = decoded[j * values.length + v];
      }
    }
    return out;
  }

  /** Evenly spaced values from {@code low} to {@code high}, both included. */
  public static double[] range(double low, double high, int count) {
    checkArgument(count >= 2 && count <= MAX_POINTS, "count must be in 2..%s: %s", MAX_POINTS, count);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = low + (high - low) * i / (count - 1);
    }
    return out;
  }
}
