package dev.tfvae.train.analysis;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.train.data.Split;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.SelfAdjointEig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Principal component analysis: the k directions of largest variance of a data set, which is also the
 * subspace a linear autoencoder with a k-dimensional code converges to. The covariance matrix is built with
 * a float32 TensorFlow matrix product of the centred data and decomposed in float64 by TensorFlow's
 * {@code SelfAdjointEigV2}; projecting and reconstructing are plain Java.
 *
 * <pre>{@code
 * Pca pca = Pca.fit(data.train(), 20);
 * double mse = pca.reconstructionMse(data.validation());
 * }</pre>
 */
public final class Pca {
  private final float[] mean;
  /** Row j is the j-th principal direction (unit length), in order of decreasing variance. */
  private final float[][] components;
  private final double[] variances;

  private Pca(float[] mean, float[][] components, double[] variances) {
    this.mean = mean;
    this.components = components;
    this.variances = variances;
  }

  /** Fits the top {@code k} components of {@code data}. */
  public static Pca fit(Split data, int k) {
    int d = data.exampleSize();
    int n = data.count();
    checkArgument(k > 0 && k <= d, "PCA needs 1..%s components, asked for %s", d, k);
    checkArgument(n > 1, "PCA needs at least 2 examples, got %s", n);
    double[] sums = new double[d];
    float[] values = data.values();
    for (int i = 0; i < values.length; i++) {
      sums[i % d] += values[i];
    }
    float[] mean = new float[d];
    for (int j = 0; j < d; j++) {
      mean[j] = (float) (sums[j] / n);
    }
    float[] centred = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      centred[i] = values[i] - mean[i % d];
    }
    double[] eigenvalues = new double[d];
    double[] eigenvectors = new double[d * d];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(Shape.of(n, d), DataBuffers.of(centred, true, false));
      Operand<TFloat32> scatter = tf.linalg.matMul(x, x, org.tensorflow.op.linalg.MatMul.transposeA(true));
      Operand<TFloat64> covariance =
          tf.math.div(tf.dtypes.cast(scatter, TFloat64.class), tf.constant((double) (n - 1)));
      SelfAdjointEig<TFloat64> eig = tf.linalg.selfAdjointEig(covariance, SelfAdjointEig.computeV(true));
      try (Session s = new Session(g);
          Result r = s.runner().fetch(eig.e()).fetch(eig.v()).run()) {
        ((TFloat64) r.get(0)).copyTo(DataBuffers.of(eigenvalues, false, false));
        ((TFloat64) r.get(1)).copyTo(DataBuffers.of(eigenvectors, false, false));
      }
    }
    // Eigenvalues come in ascending order; eigenvector j is column j of v.
    float[][] components = new float[k][d];
    double[] variances = new double[k];
    for (int c = 0; c < k; c++) {
      int column = d - 1 - c;
      variances[c] = eigenvalues[column];
      for (int row = 0; row < d; row++) {
        components[c][row] = (float) eigenvectors[row * d + column];
      }
    }
    return new Pca(mean, components, variances);
  }

  /** Number of components. */
  public int components() {
    return components.length;
  }

  /** Principal direction {@code c} (unit length), a copy. */
  public float[] direction(int c) {
    return components[c].clone();
  }

  /** The variance of the data along each direction, largest first. */
  public double[] variances() {
    return variances.clone();
  }

  /** The coordinates of {@code x} along the directions. */
  public float[] project(float[] x) {
    checkArgument(x.length == mean.length, "expected %s values, got %s", mean.length, x.length);
    float[] out = new float[components.length];
    for (int c = 0; c < components.length; c++) {
      double dot = 0;
      for (int j = 0; j < x.length; j++) {
        dot += (double) (x[j] - mean[j]) * components[c][j];
      }
      out[c] = (float) dot;
    }
    return out;
  }

  /** The point with coordinates {@code code} in the original space. */
  public float[] reconstruct(float[] code) {
    checkArgument(code.length == components.length, "expected %s coordinates", components.length);
    float[] out = mean.clone();
    for (int c = 0; c < code.length; c++) {
      for (int j = 0; j < out.length; j++) {
        out[j] += code[c] * components[c][j];
      }
    }
    return out;
  }

  /**
   * This PCA as a {@link Codec} in whitened coordinates (each projection divided by the square root of
   * its variance), so that N(0, I) is its prior as in probabilistic PCA.
   */
  public Codec whitened() {
    Pca pca = this;
    return new Codec() {
      @Override
      public int latentDim() {
        return components.length;
      }

      @Override
      public float[][] encode(float[][] inputs) {
        float[][] out = new float[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
          out[i] = pca.project(inputs[i]);
          for (int c = 0; c < out[i].length; c++) {
            out[i][c] /= (float) Math.sqrt(variances[c]);
          }
        }
        return out;
      }

      @Override
      public float[][] decode(float[][] codes) {
        float[][] out = new float[codes.length][];
        for (int i = 0; i < codes.length; i++) {
          float[] scaled = codes[i].clone();
          for (int c = 0; c < scaled.length; c++) {
            scaled[c] *= (float) Math.sqrt(variances[c]);
          }
          out[i] = pca.reconstruct(scaled);
        }
        return out;
      }
    };
  }

  /** Mean squared error per value of projecting {@code data} onto the components and back. */
  public double reconstructionMse(Split data) {
    double sum = 0;
    for (int i = 0; i < data.count(); i++) {
      float[] x = data.example(i);
      float[] back = reconstruct(project(x));
      for (int j = 0; j < x.length; j++) {
        double diff = back[j] - x[j];
        sum += diff * diff;
      }
    }
    return sum / ((double) data.count() * data.exampleSize());
  }
}
