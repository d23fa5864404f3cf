package dev.tfvae.train.training;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.core.model.TrainingSettings;
import dev.tfvae.train.data.ExampleSource;
import dev.tfvae.train.data.Split;
import java.io.IOException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The input corruption of a denoising autoencoder, as graph ops: masking (each value set to 0 with
 * probability {@code maskRate}), then Gaussian noise of standard deviation {@code sigma} with the
 * result clipped to the training data's range {@code [low, high]}. The noise is stateless, keyed by the
 * step's noise seed with the step moved by {@value #NOISE_KEY} (noise) and twice that (mask), so it never
 * repeats the reparameterisation noise of the same step and a resumed run corrupts as the original did.
 *
 * @param sigma standard deviation of the additive noise, 0 for none
 * @param maskRate share of values set to 0, 0 for none
 * @param low the smallest training value (the lower clip)
 * @param high the largest training value (the upper clip)
 */
record Corruption(double sigma, double maskRate, float low, float high) {
  /** No corruption: the encoder sees x. */
  static final Corruption NONE = new Corruption(0, 0, 0, 0);

  /** Added to the step of the noise seed (2^40, above any step count) to key the corruption. */
  static final long NOISE_KEY = 1L << 40;

  /** Values read at a time when scanning streamed data for its range. */
  private static final int SCAN_VALUES = 1 << 20;

  Corruption {
    checkArgument(sigma >= 0 && Double.isFinite(sigma), "noise sigma must be >= 0: %s", sigma);
    checkArgument(maskRate >= 0 && maskRate < 1, "mask rate must be in [0, 1): %s", maskRate);
    checkArgument(low <= high, "data range [%s, %s] is empty", low, high);
  }

  /** The corruption {@code settings} ask for, clipped to the range of {@code trainingValues}. */
  static Corruption of(TrainingSettings settings, float[] trainingValues) {
    if (!settings.denoising()) {
      return NONE;
    }
    float low = Float.POSITIVE_INFINITY;
    float high = Float.NEGATIVE_INFINITY;
    for (float v : trainingValues) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
    return new Corruption(settings.denoiseSigma(), settings.maskRate(), low, high);
  }

  /**
   * The corruption {@code settings} ask for, clipped to the range of {@code train}'s values (read a
   * range at a time, so streamed data is scanned once without being held in memory).
   *
   * @throws IOException if streamed examples cannot be read
   */
  static Corruption of(TrainingSettings settings, ExampleSource train) throws IOException {
    if (!settings.denoising()) {
      return NONE;
    }
    if (train instanceof Split inMemory) {
      return of(settings, inMemory.values());
    }
    int chunk = Math.max(1, SCAN_VALUES / train.exampleSize());
    float[] buffer = new float[Math.multiplyExact(Math.min(chunk, train.count()), train.exampleSize())];
    float low = Float.POSITIVE_INFINITY;
    float high = Float.NEGATIVE_INFINITY;
    for (int first = 0; first < train.count(); first += chunk) {
      int n = Math.min(chunk, train.count() - first);
      train.read(first, n, buffer);
      for (int i = 0; i < n * train.exampleSize(); i++) {
        low = Math.min(low, buffer[i]);
        high = Math.max(high, buffer[i]);
      }
    }
    return new Corruption(settings.denoiseSigma(), settings.maskRate(), low, high);
  }

  boolean active() {
    return sigma > 0 || maskRate > 0;
  }

  /**
   * {@code x} corrupted when {@code corrupt} is true, else {@code x} itself.
   *
   * @param seed the step's noise seed {@code [seed, step]}
   */
  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TInt64> seed, Operand<TBool> corrupt) {
    if (!active()) {
      return x;
    }
    Operand<TInt32> shape = tf.shape(x);
    Operand<TFloat32> noisy = x;
    if (maskRate > 0) {
      Operand<TFloat32> u =
          tf.random.statelessRandomUniform(shape, key(tf, seed, 2), TFloat32.class);
      Operand<TFloat32> keep =
          tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) maskRate)), TFloat32.class);
      noisy = tf.withName("masked").math.mul(noisy, keep);
    }
    if (sigma > 0) {
      Operand<TFloat32> noise =
          tf.math.mul(
              tf.random.statelessRandomNormal(shape, key(tf, seed, 1), TFloat32.class),
              tf.constant((float) sigma));
      noisy =
          tf.withName("noisy")
              .clipByValue(tf.math.add(noisy, noise), tf.constant(low), tf.constant(high));
    }
    return tf.withName("encoder_input").select(corrupt, noisy, x);
  }

  private static Operand<TInt64> key(Ops tf, Operand<TInt64> seed, long times) {
    return tf.math.add(seed, tf.constant(new long[] {0, times * NOISE_KEY}));
  }
}
