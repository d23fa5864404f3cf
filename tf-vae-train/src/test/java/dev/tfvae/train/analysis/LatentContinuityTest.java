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
  void priorGapIsTheRatioOfRelativeNearestDistancesComputedByHand() {
    // One training example at (2, 0), |x|² = 4; held-out examples at (3, 0), reconstructed exactly, so their
    // relative distance is 1/4; the gap is the mean of |z − (2, 0)|² / 4 over the prior draws, over 1/4.
    Split train = new Split(new float[] {2, 0}, 2, null);
    float[] held = new float[2 * 300];
    for (int i = 0; i < 300; i++) {
      held[2 * i] = 3;
    }
    Split heldOut = new Split(held, 2, null);
    float[][] z = LatentContinuity.standardNormal(300, 2, 17);
    double samples = 0;
    for (float[] row : z) {
      samples += ((row[0] - 2) * (row[0] - 2) + row[1] * row[1]) / 4.0;
    }
    samples /= 300;
    assertEquals(samples / 0.25, LatentContinuity.priorGap(IDENTITY, train, heldOut, 300, 17), 1e-3);
    assertEquals(6.0 / 4 / 0.25, samples / 0.25, 1.0, "E|z − (2,0)|² = 2 + 4 = 6");
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

  /**
   * Two clusters of 4-value examples, A = [1, 1, 0, 0] at z = −1 and B = [0, 0, 1, 1] at z = +1; the
   * decoder draws 0.9·A for z < −0.5, 0.9·B for z > 0.5 and the blend 0.45·(A + B) in the gap between.
   */
  private static final Codec GAP =
      new Codec() {
        @Override
        public int latentDim() {
          return 1;
        }

        @Override
        public float[][] encode(float[][] inputs) {
          float[][] out = new float[inputs.length][];
          for (int i = 0; i < inputs.length; i++) {
            out[i] = new float[] {inputs[i][0] > 0.5f ? -1 : 1};
          }
          return out;
        }

        @Override
        public float[][] decode(float[][] codes) {
          float[][] out = new float[codes.length][];
          for (int i = 0; i < codes.length; i++) {
            float z = codes[i][0];
            float a = z < -0.5f ? 0.9f : z > 0.5f ? 0 : 0.45f;
            float b = z > 0.5f ? 0.9f : z < -0.5f ? 0 : 0.45f;
            out[i] = new float[] {a, a, b, b};
          }
          return out;
        }
      };

  private static Split clusters(String order) {
    float[] values = new float[order.length() * 4];
    for (int i = 0; i < order.length(); i++) {
      boolean a = order.charAt(i) == 'A';
      values[4 * i] = a ? 1 : 0;
      values[4 * i + 1] = a ? 1 : 0;
      values[4 * i + 2] = a ? 0 : 1;
      values[4 * i + 3] = a ? 0 : 1;
    }
    return new Split(values, 4, null);
  }

  @Test
  void pathRealismSeesTheGapBetweenTwoClusters() {
    Split train = clusters("AB");
    // Endpoints reconstruct to 0.9·A or 0.9·B: relative distance 2·0.01 / 2 = 0.01. A midpoint between
    // A and B decodes to the blend: (0.55² + 0.55² + 0.45² + 0.45²) / 2 = 0.505 from either. So a path
    // from A to B scores 0.505 / 0.01 = 50.5, and a path within one cluster 1.
    assertEquals(50.5, LatentContinuity.pathRealism(GAP, train, clusters("ABBAAB"), 3), 1e-3);
    assertEquals(1.0, LatentContinuity.pathRealism(GAP, train, clusters("AABBAA"), 3), 1e-4);
    // Two of four paths cross: mean midpoint distance (2·0.505 + 2·0.01) / 4 = 0.2575, over 0.01.
    assertEquals(25.75, LatentContinuity.pathRealism(GAP, train, clusters("ABAABABB"), 4), 1e-3);
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
    try (NearestNeighbours index = new NearestNeighbours(new Split(ref, d, null));
        NearestNeighbours relative = new NearestNeighbours(new Split(ref, d, null), true)) {
      double[] got = index.nearestSquaredDistances(queries);
      double[] gotRelative = relative.nearestSquaredDistances(queries);
      for (int i = 0; i < queries.length; i++) {
        double best = Double.MAX_VALUE;
        double bestRelative = Double.MAX_VALUE;
        for (int r = 0; r < 300; r++) {
          double s = 0;
          double norm = 0;
          for (int j = 0; j < d; j++) {
            double diff = queries[i][j] - ref[r * d + j];
            s += diff * diff;
            norm += ref[r * d + j] * ref[r * d + j];
          }
          best = Math.min(best, s);
          bestRelative = Math.min(bestRelative, s / norm);
        }
        assertEquals(best, got[i], 1e-4 * (1 + best), "query " + i);
        assertEquals(bestRelative, gotRelative[i], 1e-4 * (1 + bestRelative), "relative, query " + i);
      }
    }
  }
}
