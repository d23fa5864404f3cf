package dev.tfvae.train.analysis;

import dev.tfvae.train.data.Split;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Distance from each query to its nearest reference example, computed with TensorFlow as
 * ‖q‖² − 2 q·r + ‖r‖² (one matrix product per block of queries) and a minimum over the references:
 * either the squared Euclidean distance, or the relative one ‖q − r‖² / ‖r‖², which asks how well the
 * query matches a reference example as a fraction of that example's own energy (a dim or empty output
 * is then far from every bright example instead of near all of them).
 */
public final class NearestNeighbours implements AutoCloseable {
  private static final int BLOCK = 256;

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> queries;
  private final Operand<TFloat32> nearest;
  private final int size;

  /** An index over the examples of {@code reference} by squared Euclidean distance. */
  public NearestNeighbours(Split reference) {
    this(reference, false);
  }

  /**
   * An index over the examples of {@code reference}.
   *
   * @param relative divide each squared distance by the reference example's squared norm (+ 1e-6)
   */
  public NearestNeighbours(Split reference, boolean relative) {
    size = reference.exampleSize();
    Ops tf = Ops.create(graph);
    Operand<TFloat32> r =
        tf.constant(
            Shape.of(reference.count(), size), DataBuffers.of(reference.values(), true, false));
    queries = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size)));
    Operand<TFloat32> rr = tf.reduceSum(tf.math.square(r), tf.constant(1));
    Operand<TFloat32> qq =
        tf.reduceSum(tf.math.square(queries), tf.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true));
    Operand<TFloat32> cross = tf.linalg.matMul(queries, r, MatMul.transposeB(true));
    Operand<TFloat32> distances =
        tf.math.maximum(tf.math.add(tf.math.sub(qq, tf.math.mul(tf.constant(2f), cross)), rr), tf.constant(0f));
    if (relative) {
      distances = tf.math.div(distances, tf.math.add(rr, tf.constant(1e-6f)));
    }
    nearest = tf.min(distances, tf.constant(1));
    try {
      session = new Session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** For each query, the (relative) squared distance to the nearest reference example. */
  public double[] nearestSquaredDistances(float[][] rows) {
    double[] out = new double[rows.length];
    for (int start = 0; start < rows.length; start += BLOCK) {
      int count = Math.min(BLOCK, rows.length - start);
      float[] flat = new float[count * size];
      for (int i = 0; i < count; i++) {
        System.arraycopy(rows[start + i], 0, flat, i * size, size);
      }
      try (TFloat32 q = TFloat32.tensorOf(Shape.of(count, size), DataBuffers.of(flat, true, false));
          Result r = session.runner().feed(queries, q).fetch(nearest).run()) {
        float[] d = new float[count];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(d, false, false));
        for (int i = 0; i < count; i++) {
          out[start + i] = d[i];
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
