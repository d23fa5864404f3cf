package dev.tfvae.train.quality;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Split;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Class-conditional samples from a plain (unconditional) VAE: for each class, the Gaussian that matches
 * the first two moments of its examples' posteriors q(z|x) — per latent dimension, the mean of μ and the
 * variance of μ plus the mean of σ² — is sampled and decoded. It asks the latent space for a class
 * without training for it, so its class-match share shows how far the classes separate there; a
 * conditional model's own generator is the intended source. Holds the model (not owned) and the fitted
 * moments.
 */
public final class LatentClassGaussians implements LabelledGenerator {
  private final VaeModel model;
  private final double[][] means;
  private final double[][] stds;

  private LatentClassGaussians(VaeModel model, double[][] means, double[][] stds) {
    this.model = model;
    this.means = means;
    this.stds = stds;
  }

  /**
   * Fits each class's Gaussian to the encodings of {@code examples} (labelled, in model-input units).
   *
   * @param classes labels 0 … classes − 1; each must occur at least twice
   */
  public static LatentClassGaussians fit(VaeModel model, Split examples, int classes) {
    checkArgument(model.isVariational(), "class Gaussians need a VAE (a plain autoencoder has no σ)");
    checkArgument(examples.labels() != null, "class Gaussians need labelled examples");
    int latent = model.latentDim();
    double[][] sum = new double[classes][latent];
    double[][] squares = new double[classes][latent];
    double[][] variance = new double[classes][latent];
    int[] count = new int[classes];
    int batch = 1000;
    for (int begin = 0; begin < examples.count(); begin += batch) {
      int n = Math.min(batch, examples.count() - begin);
      float[][] xs = new float[n][];
      for (int i = 0; i < n; i++) {
        xs[i] = examples.example(begin + i);
      }
      List<LatentCode> codes = model.encode(xs);
      for (int i = 0; i < n; i++) {
        int label = examples.labels()[begin + i];
        checkArgument(label >= 0 && label < classes, "example %s has label %s, expected 0..%s",
            begin + i, label, classes - 1);
        count[label]++;
        LatentCode code = codes.get(i);
        for (int j = 0; j < latent; j++) {
          double m = code.mean()[j];
          sum[label][j] += m;
          squares[label][j] += m * m;
          variance[label][j] += Math.exp(code.logVariance()[j]);
        }
      }
    }
    double[][] means = new double[classes][latent];
    double[][] stds = new double[classes][latent];
    for (int c = 0; c < classes; c++) {
      checkArgument(count[c] >= 2, "class %s has %s examples; fitting its Gaussian needs 2", c, count[c]);
      for (int j = 0; j < latent; j++) {
        double m = sum[c][j] / count[c];
        means[c][j] = m;
        stds[c][j] = Math.sqrt(Math.max(0, squares[c][j] / count[c] - m * m) + variance[c][j] / count[c]);
      }
    }
    return new LatentClassGaussians(model, means, stds);
  }

  @Override
  public int classes() {
    return means.length;
  }

  @Override
  public float[][] generate(int label, int n, long seed) {
    checkArgument(label >= 0 && label < means.length, "label %s is not in 0..%s", label, means.length - 1);
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + label);
    int latent = means[label].length;
    float[][] zs = new float[n][latent];
    for (float[] z : zs) {
      for (int j = 0; j < latent; j++) {
        z[j] = (float) (means[label][j] + stds[label][j] * gaussian(random));
      }
    }
    return model.decode(zs);
  }

  /** A standard normal draw (Box–Muller). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Override
  public String source() {
    return "class_gaussians";
  }
}
