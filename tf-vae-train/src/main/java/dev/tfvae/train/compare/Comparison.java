package dev.tfvae.train.compare;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.analysis.Codec;
import dev.tfvae.train.analysis.LatentContinuity;
import dev.tfvae.train.analysis.ModelCodec;
import dev.tfvae.train.analysis.Pca;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.export.TrainingExport;
import dev.tfvae.train.training.TrainingConfig;
import dev.tfvae.train.training.TrainingListener;
import dev.tfvae.train.training.TrainingResult;
import dev.tfvae.train.training.VaeTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains a plain autoencoder and a VAE with the same networks and latent size, fits PCA with as many
 * components, and measures all three the same way: reconstruction error on held-out data and the two
 * {@link LatentContinuity} numbers (plus the negative ELBO for the VAE). All figures are in model-input
 * units (pixels in [0, 1], or standardised table columns).
 */
public final class Comparison {
  /** Prior samples (and held-out reconstructions) for the prior gap. */
  static final int GAP_SAMPLES = 500;
  /** Nearest-neighbour reference: at most this many training examples. */
  static final int REFERENCE_EXAMPLES = 10_000;
  static final int PATH_PAIRS = 50;
  static final int PATH_STEPS = 24;
  private static final long METRIC_SEED = 0xC0DEC;

  /**
   * One contender's figures.
   *
   * @param msePerPixel held-out mean squared reconstruction error per value
   * @param priorGap see {@link LatentContinuity}
   * @param pathJumpiness see {@link LatentContinuity}
   * @param negElbo held-out negative ELBO (VAE only, else NaN)
   * @param exportPath the SavedModel written (null for PCA)
   */
  public record Section(
      double msePerPixel, double priorGap, double pathJumpiness, double negElbo, Path exportPath) {

    /** The figures under their JSON names. */
    public Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("mse_per_pixel", msePerPixel);
      map.put("prior_gap", priorGap);
      map.put("path_jumpiness", pathJumpiness);
      if (!Double.isNaN(negElbo)) {
        map.put("neg_elbo", negElbo);
      }
      if (exportPath != null) {
        map.put("export_path", exportPath.toString());
      }
      return map;
    }
  }

  /** The three sections. */
  public record Result(Section ae, Section vae, Section pca) {}

  private Comparison() {}

  /**
   * Runs the comparison.
   *
   * @param config networks, latent size, epochs and seed shared by both networks (its kind is ignored)
   * @param modelsDir models are exported to {@code modelsDir/<name>-ae} and {@code <name>-vae}
   * @param name base name of the exports
   */
  public static Result run(
      Dataset data, TrainingConfig config, Path modelsDir, String name, TrainingListener listener)
      throws IOException {
    return run(data, config, modelsDir, name, null, listener);
  }

  /**
   * Runs the comparison and, when {@code picturesDir} is not null, draws it there: a latent map per
   * contender ({@code latent-map-ae.png}, …), and {@code prior-samples.png} and
   * {@code interpolations.png} with one row per contender.
   */
  public static Result run(
      Dataset data,
      TrainingConfig config,
      Path modelsDir,
      String name,
      Path picturesDir,
      TrainingListener listener)
      throws IOException {
    ModelManifest.Standardization s = data.preprocessing().standardization();
    Split train = s == null ? data.train() : data.train().standardized(s);
    Split heldOut = s == null ? data.validation() : data.validation().standardized(s);
    Split reference = train.head(REFERENCE_EXAMPLES);

    ComparisonPictures pictures =
        picturesDir == null
            ? null
            : new ComparisonPictures(picturesDir, data.exampleShape(), heldOut, data.labelNames());
    Section ae = trainAndMeasure(data, config, ModelKind.AE, modelsDir.resolve(name + "-ae"),
        reference, heldOut, pictures, listener);
    Section vae = trainAndMeasure(data, config, ModelKind.VAE, modelsDir.resolve(name + "-vae"),
        reference, heldOut, pictures, listener);
    listener.message("fitting PCA with " + config.model().latentDim() + " components");
    Pca pca = Pca.fit(train, config.model().latentDim());
    Codec codec = pca.whitened();
    if (pictures != null) {
      pictures.add("pca", codec);
      pictures.finish();
    }
    Section pcaSection =
        new Section(
            pca.reconstructionMse(heldOut),
            LatentContinuity.priorGap(codec, reference, heldOut, GAP_SAMPLES, METRIC_SEED),
            LatentContinuity.pathJumpiness(codec, heldOut, pairs(heldOut), PATH_STEPS),
            Double.NaN,
            null);
    return new Result(ae, vae, pcaSection);
  }

  private static int pairs(Split heldOut) {
    return Math.min(PATH_PAIRS, heldOut.count() / 2);
  }

  private static Section trainAndMeasure(
      Dataset data,
      TrainingConfig config,
      ModelKind kind,
      Path base,
      Split reference,
      Split heldOut,
      ComparisonPictures pictures,
      TrainingListener listener)
      throws IOException {
    listener.message("training the " + kind.cliName());
    Path checkpoints = Files.createTempDirectory("tf-vae-compare-");
    try {
      TrainingConfig c =
          config.toBuilder().kind(kind).checkpointDir(checkpoints).resume(false).build();
      TrainingResult result = new VaeTrainer(c).train(data, listener);
      Path version = TrainingExport.export(result, base, "compare (" + kind.cliName() + ")");
      try (VaeModel model = VaeModel.load(version)) {
        Codec codec = new ModelCodec(model);
        if (pictures != null) {
          pictures.add(kind.cliName(), codec);
        }
        return new Section(
            result.exported().validation().msePerPixel(),
            LatentContinuity.priorGap(codec, reference, heldOut, GAP_SAMPLES, METRIC_SEED),
            LatentContinuity.pathJumpiness(codec, heldOut, pairs(heldOut), PATH_STEPS),
            kind == ModelKind.VAE ? result.exported().validation().negElbo() : Double.NaN,
            version);
      }
    } finally {
      MoreFiles.deleteRecursively(checkpoints, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
