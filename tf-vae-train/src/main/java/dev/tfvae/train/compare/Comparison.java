package dev.tfvae.train.compare;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.Architecture;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.analysis.Codec;
import dev.tfvae.train.analysis.LatentContinuity;
import dev.tfvae.train.analysis.LinearSubspace;
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
 * components, and measures all three the same way: reconstruction error on held-out data and the three
 * {@link LatentContinuity} numbers (plus the negative ELBO for the VAE). With {@code --arch linear} each
 * decoder's subspace is also compared with PCA's ({@link LinearSubspace}). All figures are in model-input
 * units (pixels in [0, 1], or standardised table columns).
 */
public final class Comparison {
  /** Prior samples (and held-out reconstructions) for the prior gap. */
  static final int GAP_SAMPLES = 500;
  /** Nearest-neighbour reference: at most this many training examples. */
  static final int REFERENCE_EXAMPLES = 10_000;
  static final int PATH_PAIRS = 50;
  static final int PATH_STEPS = 24;
  /** Pairs whose midpoints the path realism decodes (so 2 × this many endpoints). */
  static final int REALISM_PAIRS = 250;
  private static final long METRIC_SEED = 0xC0DEC;

  /**
   * One contender's figures.
   *
   * @param msePerPixel held-out mean squared reconstruction error per value
   * @param priorGap see {@link LatentContinuity}
   * @param pathJumpiness see {@link LatentContinuity}
   * @param pathRealism see {@link LatentContinuity}
   * @param negElbo held-out negative ELBO (VAE only, else NaN)
   * @param linear the decoder's subspace against PCA's ({@code --arch linear} only, else null)
   * @param exportPath the SavedModel written (null for PCA)
   */
  public record Section(
      double msePerPixel,
      double priorGap,
      double pathJumpiness,
      double pathRealism,
      double negElbo,
      LinearFit linear,
      Path exportPath) {

    /** The figures under their JSON names. */
    public Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("mse_per_pixel", msePerPixel);
      map.put("prior_gap", priorGap);
      map.put("path_jumpiness", pathJumpiness);
      map.put("path_realism", pathRealism);
      if (!Double.isNaN(negElbo)) {
        map.put("neg_elbo", negElbo);
      }
      if (linear != null) {
        map.put("pca_subspace_angles_deg", linear.anglesDegrees());
        map.put("max_angle_deg", linear.maxAngle());
        map.put("basis_max_cosine", linear.orthogonality().maxCosine());
        map.put("basis_rms_cosine", linear.orthogonality().offDiagonal());
        map.put("basis_condition", linear.orthogonality().condition());
      }
      if (exportPath != null) {
        map.put("export_path", exportPath.toString());
      }
      return map;
    }
  }

  /**
   * A linear decoder's subspace against PCA's.
   *
   * @param anglesDegrees the principal angles, smallest first
   * @param orthogonality how far the decoder's basis (its columns) is from orthogonal
   */
  public record LinearFit(double[] anglesDegrees, LinearSubspace.Orthogonality orthogonality) {
    public LinearFit {
      anglesDegrees = anglesDegrees.clone();
    }

    @Override
    public double[] anglesDegrees() {
      return anglesDegrees.clone();
    }

    /** The largest principal angle, degrees (0 when the subspaces coincide). */
    public double maxAngle() {
      double max = 0;
      for (double a : anglesDegrees) {
        max = Math.max(max, a);
      }
      return max;
    }

    static LinearFit of(Codec codec, double[][] pcaBasis) {
      double[][] w = LinearSubspace.decoderBasis(codec);
      return new LinearFit(
          LinearSubspace.principalAnglesDegrees(w, pcaBasis), LinearSubspace.orthogonality(w));
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
    listener.message("fitting PCA with " + config.model().latentDim() + " components");
    Pca pca = Pca.fit(train, config.model().latentDim());
    double[][] pcaBasis =
        config.model().arch() == Architecture.LINEAR ? LinearSubspace.basis(pca) : null;
    Measures measures = new Measures(reference, heldOut, pcaBasis);
    Section ae = trainAndMeasure(data, config, ModelKind.AE, modelsDir.resolve(name + "-ae"),
        measures, pictures, listener);
    Section vae = trainAndMeasure(data, config, ModelKind.VAE, modelsDir.resolve(name + "-vae"),
        measures, pictures, listener);
    Codec codec = pca.whitened();
    if (pictures != null) {
      pictures.add("pca", codec);
      pictures.finish();
    }
    return new Result(ae, vae, measures.of(codec, pca.reconstructionMse(heldOut), Double.NaN, null));
  }

  /** The measurements every contender gets, on the same data. */
  private record Measures(Split reference, Split heldOut, double[][] pcaBasis) {
    Section of(Codec codec, double mse, double negElbo, Path exportPath) {
      int pairs = Math.min(PATH_PAIRS, heldOut.count() / 2);
      int realismPairs = Math.min(REALISM_PAIRS, heldOut.count() / 2);
      return new Section(
          mse,
          LatentContinuity.priorGap(codec, reference, heldOut, GAP_SAMPLES, METRIC_SEED),
          LatentContinuity.pathJumpiness(codec, heldOut, pairs, PATH_STEPS),
          LatentContinuity.pathRealism(codec, reference, heldOut, realismPairs),
          negElbo,
          pcaBasis == null ? null : LinearFit.of(codec, pcaBasis),
          exportPath);
    }
  }

  private static Section trainAndMeasure(
      Dataset data,
      TrainingConfig config,
      ModelKind kind,
      Path base,
      Measures measures,
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
        return measures.of(
            codec,
            result.exported().validation().msePerPixel(),
            kind == ModelKind.VAE ? result.exported().validation().negElbo() : Double.NaN,
            version);
      }
    } finally {
      MoreFiles.deleteRecursively(checkpoints, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
