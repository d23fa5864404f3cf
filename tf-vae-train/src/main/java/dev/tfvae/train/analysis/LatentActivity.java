package dev.tfvae.train.analysis;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.VaeModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Which latent dimensions a VAE uses: the mean over examples of each dimension's KL divergence from the
 * prior, {@code KL_j = ½(μ_j² + σ_j² − log σ_j² − 1)} nats, from the encoder's μ and log σ². A dimension
 * whose mean KL stays below {@link #INACTIVE_BELOW} carries (almost) no information about the input: its
 * posterior is the prior whatever the example ("posterior collapse"), so traversing it changes nothing.
 *
 * <p>The per-dimension values sum to the mean of the model's own KL score ({@code Score.kl}).
 */
public final class LatentActivity {
  /** Mean KL, in nats, below which a dimension counts as inactive. */
  public static final double INACTIVE_BELOW = 0.01;

  private final double[] meanKl;

  private LatentActivity(double[] meanKl) {
    this.meanKl = meanKl;
  }

  /** KL(N(μ, σ²) ‖ N(0, 1)) of one dimension, with {@code logVariance} = log σ². */
  public static double kl(double mu, double logVariance) {
    return 0.5 * (mu * mu + Math.exp(logVariance) - logVariance - 1);
  }

  /** The activity over {@code codes} (all with a log-variance, i.e. from a VAE). */
  public static LatentActivity of(List<LatentCode> codes) {
    checkArgument(!codes.isEmpty(), "no codes");
    int dims = codes.get(0).mean().length;
    double[] sum = new double[dims];
    for (int i = 0; i < codes.size(); i++) {
      LatentCode c = codes.get(i);
      checkArgument(c.logVariance() != null, "code %s has no log-variance (a plain autoencoder's)", i);
      checkArgument(c.mean().length == dims && c.logVariance().length == dims,
          "code %s has %s dimensions, code 0 has %s", i, c.mean().length, dims);
      for (int j = 0; j < dims; j++) {
        sum[j] += kl(c.mean()[j], c.logVariance()[j]);
      }
    }
    for (int j = 0; j < dims; j++) {
      sum[j] /= codes.size();
    }
    return new LatentActivity(sum);
  }

  /** The activity of {@code model}'s latent dimensions over {@code examples} (in the model's units). */
  public static LatentActivity measure(VaeModel model, float[][] examples) {
    checkArgument(model.isVariational(), "a plain autoencoder has no posterior variance: %s", model.path());
    return of(model.encode(examples));
  }

  /** Number of latent dimensions. */
  public int latentDim() {
    return meanKl.length;
  }

  /** Mean KL of each dimension, nats. */
  public double[] meanKl() {
    return meanKl.clone();
  }

  /** Whether dimension {@code j} has a mean KL of at least {@link #INACTIVE_BELOW}. */
  public boolean isActive(int j) {
    return meanKl[j] >= INACTIVE_BELOW;
  }

  /** The inactive dimensions, ascending. */
  public List<Integer> inactive() {
    List<Integer> out = new ArrayList<>();
    for (int j = 0; j < meanKl.length; j++) {
      if (!isActive(j)) {
        out.add(j);
      }
    }
    return out;
  }

  /** The sum over dimensions: the mean KL term of the examples, nats. */
  public double total() {
    double t = 0;
    for (double v : meanKl) {
      t += v;
    }
    return t;
  }
}
