package dev.tfvae.train.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfvae.train.data.Split;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The continuity measures on codecs whose answers are known in closed form. */
class LatentContinuityTest {

  /** encode(x) = x, decode(z) = z in 2-D. */
  private static final Codec IDENTITY =
      new Codec() {
        @Override
        public int latentDim() {
          return 2;
        }

        @Override
        public float[][] encode(float[][] inputs) {
          return inputs;
        }

        @Override
        public float[][] decode(float[][] codes) {
          return codes;
        }
      };

  @Test
  void priorGapIsTheRatioOfNearestDistancesComputedByHand() {
    // One training example at the origin; held-out examples at (1, 0), reconstructed exactly, so their
    // nearest squared distance is 1 and the gap is the mean of |z|² over the prior draws themselves.
    Split train = new Split(new float[] {0, 0}, 2, null);
    float[] held = new float[2 * 300];
    for (int i = 0; i < 300; i++) {
      held[2 * i] = 1;
    }
    Split heldOut = new Split(held, 2, null);
    float[][] z = LatentContinuity.standardNormal(300, 2, 17);
    double expected = 0;
    for (float[] row : z) {
      expected += row[0] * row[0] + row[1] * row[1];
    }
    expected /= 300;
    assertEquals(expected, LatentContinuity.priorGap(IDENTITY, train, heldOut, 300, 17), 1e-4);
    assertEquals(2.0, expected, 0.3, "E|z|² = 2 in two dimensions");
  }

  @Test
  void aLinearDecoderIsPerfectlyEvenAndAStepDecoderJumpsOnce() {
    Random random = new Random(3);
    float[] values = new float[2 * 40];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    Split heldOut = new Split(values, 2, null);
    assertEquals(1.0, LatentContinuity.pathJumpiness(IDENTITY, heldOut, 20, 24), 1e-4);

    // decode(z) = [1, 1, 1] if z0 > 0 else [0, 0, 0]: a path from z0 = −1 to +1 changes in exactly one of
    // its 24 steps, so largest step / mean step = 24.
    Codec step =
        new Codec() {
          @Override
          public int latentDim() {
            return 1;
          }

          @Override
          public float[][] encode(float[][] inputs) {
            float[][] out = new float[inputs.length][];
            for (int i = 0; i < inputs.length; i++) {
              out[i] = new float[] {inputs[i][0]};
            }
            return out;
          }

          @Override
          public float[][] decode(float[][] codes) {
            float[][] out = new float[codes.length][];
            for (int i = 0; i < codes.length; i++) {
              float v = codes[i][0] > 0.01f ? 1 : 0;
              out[i] = new float[] {v, v, v};
            }
            return out;
          }
        };
    Split ends = new Split(new float[] {-1, 0, 1, 0}, 2, null);
    assertEquals(24.0, LatentContinuity.pathJumpiness(step, ends, 1, 24), 1e-9);
  }

  @Test
  void nearestNeighboursAgreeWithBruteForce() {
    Random random = new Random(9);
    int d = 7;
    float[] ref = new float[300 * d];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = (float) random.nextGaussian();
    }
    float[][] queries = new float[600][d];
    for (float[] q : queries) {
      for (int j = 0; j < d; j++) {
        q[j] = (float) (2 * random.nextGaussian());
      }
    }
    try (NearestNeighbours index = new NearestNeighbours(new Split(ref, d, null))) {
      double[] got = index.nearestSquaredDistances(queries);
      for (int i = 0; i < queries.length; i++) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 300; r++) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            double diff = queries[i][j] - ref[r * d + j];
            s += diff * diff;
          }
          best = Math.min(best, s);
        }
        assertEquals(best, got[i], 1e-4 * (1 + best), "query " + i);
      }
    }
  }
}
