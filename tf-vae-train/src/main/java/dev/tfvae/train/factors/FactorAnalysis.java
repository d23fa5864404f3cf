package dev.tfvae.train.factors;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.analysis.LatentActivity;
import dev.tfvae.train.data.ShapesDataset;
import dev.tfvae.train.pictures.ImageGrid;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * What a model trained on {@code shapes} learned about the generator's factors.
 *
 * <p><b>Attribute vectors by regression.</b> μ of {@link #FIT_EXAMPLES} training images is regressed on
 * all factors at once (least squares, Commons Math's QR): {@code μ = a + B f}, with the shape kind as
 * two indicator columns and the orientation as {@code cos 2θ} and {@code sin 2θ} of ellipses only. Column
 * k of B is the attribute vector of factor k: the change of μ per unit of that factor <em>with the others
 * held fixed</em>. A difference of mean μ between high and low values would do as well only if the
 * other factors were balanced between the two groups, which for a factor defined on one shape kind
 * (orientation) or any factor in a sample they are not exactly; and it has no natural unit, where the
 * regression's vector is per pixel (or per unit of cos 2θ), so an edit by Δ asks for a change of Δ.
 *
 * <p><b>Edits checked on the decoded image.</b> Each held-out example's μ is moved by Δ·b_k for Δ in
 * ±0.5 and ±1 standard deviations of factor k, decoded, and measured with {@link ShapeMeasurement},
 * against the decoded unedited μ (so reconstruction error cancels). The <em>gain</em> is the slope of
 * the measured change of factor k against Δ (1 = the edit does what it asks); the <em>leak</em> into
 * factor j is the slope of j's measured change against Δ, both in standard deviations (0 = untouched).
 * The orientation is edited, and its leaks measured, on ellipses only.
 *
 * <p><b>Disentanglement.</b> The {@link MutualInformationGap} of μ over the held-out examples for every
 * factor, the most informative dimension of each, and for a VAE the mean KL of each dimension.
 */
public final class FactorAnalysis {
  /** Training images whose μ the attribute regression is fitted on. */
  public static final int FIT_EXAMPLES = 5_000;
  /** The most held-out examples one analysis takes (the validation split of shapes). */
  public static final int MAX_EXAMPLES = 2_000;
  /** Edit strengths, in standard deviations of the edited factor (shapes and tables alike). */
  static final double[] STRENGTHS = {-1, -0.5, 0.5, 1};
  /** Columns of a traversal, and its reach in standard deviations of the dimension's μ. */
  static final int TRAVERSAL_STEPS = 9;
  static final double TRAVERSAL_REACH = 2.5;

  private FactorAnalysis() {}

  /**
   * One factor's figures.
   *
   * @param factor its name
   * @param unit the unit of its values
   * @param mig the mutual information gap of this factor
   * @param bestDim the latent dimension with the most mutual information about it
   * @param bestInformation that dimension's I(z; v) over H(v)
   * @param gain measured change per requested change (NaN for the shape kind, which is not edited)
   * @param leaks measured change of each other factor per requested change, in standard deviations
   * @param edits the edited images that were measured
   * @param readOutR2 for a table's factor, the held-out R² of the linear read-out that measures it on
   *     decoded rows; NaN where the measurement is not fitted (shapes, categorical factors)
   */
  public record Factor(
      String factor,
      String unit,
      double mig,
      int bestDim,
      double bestInformation,
      double gain,
      Map<String, Double> leaks,
      int edits,
      double readOutR2) {
    public Factor {
      leaks = Map.copyOf(leaks);
    }

    /** The largest |leak|, or NaN when none was measured. */
    public double maxLeak() {
      return leaks.values().stream().mapToDouble(Math::abs).max().orElse(Double.NaN);
    }
  }

  /**
   * A model's figures.
   *
   * @param factors per factor, in the order shape, scale, orientation, x, y
   * @param mig the mean of the factors' gaps
   * @param klPerDim mean KL of each latent dimension, nats (null for a plain autoencoder)
   * @param blank edited images that held no shape to measure (left out of the slopes)
   */
  public record Report(List<Factor> factors, double mig, double[] klPerDim, int blank) {
    public Report {
      factors = List.copyOf(factors);
      klPerDim = klPerDim == null ? null : klPerDim.clone();
    }

    @Override
    public double[] klPerDim() {
      return klPerDim == null ? null : klPerDim.clone();
    }

    /** The figures under their JSON names. */
    public Map<String, Object> asMap() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("mig", mig);
      if (klPerDim != null) {
        out.put("kl_per_dim", klPerDim);
      }
      out.put("blank_edits", blank);
      List<Map<String, Object>> list = new ArrayList<>();
      for (Factor f : factors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("factor", f.factor());
        m.put("unit", f.unit());
        m.put("mig", f.mig());
        m.put("best_dim", f.bestDim());
        m.put("best_dim_information", f.bestInformation());
        if (!Double.isNaN(f.gain())) {
          m.put("gain", f.gain());
          m.put("leaks", new java.util.TreeMap<>(f.leaks()));
          m.put("edits", f.edits());
        }
        if (!Double.isNaN(f.readOutR2())) {
          m.put("read_out_r2", f.readOutR2());
        }
        list.add(m);
      }
      out.put("factors", list);
      return out;
    }
  }

  /**
   * Analyses {@code model} on the first {@code examples} held-out images of {@code shapes}.
   *
   * @throws IllegalArgumentException if the model does not take 28×28 images or {@code examples} is
   *     outside 100..{@link #MAX_EXAMPLES}
   */
  public static Report run(VaeModel model, int examples) {
    checkShapesModel(model);
    checkArgument(examples >= 100 && examples <= MAX_EXAMPLES,
        "--examples must be in 100..%s: %s", MAX_EXAMPLES, examples);
    ShapesDataset.WithFactors fit = ShapesDataset.withFactors(false, FIT_EXAMPLES);
    ShapesDataset.WithFactors held = ShapesDataset.withFactors(true, examples);
    double[][] vectors = attributeVectors(means(model, rows(fit)), fit.factors());

    List<LatentCode> codes = model.encode(rows(held));
    float[][] mu = codes.stream().map(LatentCode::mean).toArray(float[][]::new);
    Map<ShapeFactors, Double> sd = new LinkedHashMap<>();
    for (ShapeFactors f : ShapeFactors.CONTINUOUS) {
      sd.put(f, sd(truths(held.factors(), f)));
    }

    List<Factor> factors = new ArrayList<>();
    int blank = 0;
    for (ShapeFactors f : ShapeFactors.values()) {
      MutualInformationGap.Factor mi = MutualInformationGap.of(
          mu, truths(held.factors(), f), f == ShapeFactors.SHAPE, MutualInformationGap.DEFAULT_BINS);
      double info = mi.entropy() == 0 ? 0 : mi.mutualInformation()[mi.best()] / mi.entropy();
      if (f == ShapeFactors.SHAPE) {
        factors.add(new Factor(f.label(), f.unit(), mi.gap(), mi.best(), info, Double.NaN, Map.of(), 0,
            Double.NaN));
        continue;
      }
      Edits e = edit(model, mu, held.factors(), f, vectors[f.ordinal() - 1], sd);
      blank += e.blank();
      factors.add(new Factor(f.label(), f.unit(), mi.gap(), mi.best(), info, e.gain(), e.leaks(), e.count(),
          Double.NaN));
    }
    double mig = factors.stream().mapToDouble(Factor::mig).average().orElseThrow();
    double[] kl = model.isVariational() ? LatentActivity.of(codes).meanKl() : null;
    return new Report(factors, mig, kl, blank);
  }

  /**
   * One row per factor: the first held-out image with the factor's most informative dimension of μ set
   * to 9 values over its mean ± 2.5 standard deviations.
   */
  public static BufferedImage traversals(VaeModel model, Report report, int examples, String title) {
    checkShapesModel(model);
    float[][] mu = means(model, rows(ShapesDataset.withFactors(true, examples)));
    List<List<float[]>> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (Factor f : report.factors()) {
      int j = f.bestDim();
      double[] column = new double[mu.length];
      for (int i = 0; i < mu.length; i++) {
        column[i] = mu[i][j];
      }
      double mean = java.util.Arrays.stream(column).average().orElseThrow();
      double sd = sd(column);
      float[][] path = new float[TRAVERSAL_STEPS][];
      for (int s = 0; s < TRAVERSAL_STEPS; s++) {
        path[s] = mu[0].clone();
        path[s][j] = (float) (mean + sd * TRAVERSAL_REACH * (2.0 * s / (TRAVERSAL_STEPS - 1) - 1));
      }
      rows.add(List.of(model.decode(path)));
      labels.add(String.format(Locale.ROOT, "%s: z%d (MIG %.2f)", f.factor(), j, f.mig()));
    }
    List<String> columns = new ArrayList<>();
    for (int s = 0; s < TRAVERSAL_STEPS; s++) {
      columns.add(String.format(Locale.ROOT, "%+.1fσ",
          TRAVERSAL_REACH * (2.0 * s / (TRAVERSAL_STEPS - 1) - 1)));
    }
    return new ImageGrid(model.inputShape(), 3).render(title, rows, labels, columns);
  }

  /** The attribute vector of each continuous factor (scale, orientation, x, y), by regression. */
  static double[][] attributeVectors(float[][] mu, List<ShapesDataset.Factors> factors) {
    int n = mu.length;
    int latent = mu[0].length;
    double[][] design = new double[n][8];
    double[][] response = new double[n][latent];
    for (int i = 0; i < n; i++) {
      ShapesDataset.Factors f = factors.get(i);
      boolean ellipse = f.shape() == ShapeFactors.ELLIPSE;
      design[i] = new double[] {
        1, ellipse ? 1 : 0, f.shape() == 2 ? 1 : 0, f.scale(),
        ellipse ? Math.cos(2 * f.rotation()) : 0, f.x(), f.y(),
        ellipse ? Math.sin(2 * f.rotation()) : 0
      };
      for (int j = 0; j < latent; j++) {
        response[i][j] = mu[i][j];
      }
    }
    RealMatrix b = new QRDecomposition(new Array2DRowRealMatrix(design, false)).getSolver()
        .solve(new Array2DRowRealMatrix(response, false));
    // Design columns 3..6 are scale, orientation (cos 2θ), x, y: the order of ShapeFactors.CONTINUOUS.
    double[][] vectors = new double[4][];
    for (int k = 0; k < 4; k++) {
      vectors[k] = b.getRow(3 + k);
    }
    return vectors;
  }

  private record Edits(double gain, Map<String, Double> leaks, int count, int blank) {}

  private static Edits edit(
      VaeModel model, float[][] mu, List<ShapesDataset.Factors> truth, ShapeFactors factor,
      double[] vector, Map<ShapeFactors, Double> sd) {
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < mu.length; i++) {
      if (factor != ShapeFactors.ORIENTATION || truth.get(i).shape() == ShapeFactors.ELLIPSE) {
        chosen.add(i);
      }
    }
    int per = STRENGTHS.length + 1;
    float[][] codes = new float[chosen.size() * per][];
    for (int c = 0; c < chosen.size(); c++) {
      float[] base = mu[chosen.get(c)];
      codes[c * per] = base;
      for (int s = 0; s < STRENGTHS.length; s++) {
        double delta = STRENGTHS[s] * sd.get(factor);
        float[] edited = base.clone();
        for (int j = 0; j < edited.length; j++) {
          edited[j] += (float) (delta * vector[j]);
        }
        codes[c * per + 1 + s] = edited;
      }
    }
    float[][] images = model.decode(codes);
    Map<ShapeFactors, double[]> sums = new LinkedHashMap<>(); // {Σ Δ·δ, Σ Δ²} in sd units
    int count = 0;
    int blank = 0;
    for (int c = 0; c < chosen.size(); c++) {
      int shape = truth.get(chosen.get(c)).shape();
      ShapeMeasurement before = ShapeMeasurement.of(images[c * per], shape);
      for (int s = 0; s < STRENGTHS.length; s++) {
        ShapeMeasurement after = ShapeMeasurement.of(images[c * per + 1 + s], shape);
        if (!before.valid() || !after.valid()) {
          blank++;
          continue;
        }
        count++;
        for (ShapeFactors other : ShapeFactors.CONTINUOUS) {
          double change = other.measured(after, shape) - other.measured(before, shape);
          if (Double.isNaN(change)) {
            continue;
          }
          double[] acc = sums.computeIfAbsent(other, k -> new double[2]);
          acc[0] += STRENGTHS[s] * change / sd.get(other);
          acc[1] += STRENGTHS[s] * STRENGTHS[s];
        }
      }
    }
    double gain = Double.NaN;
    Map<String, Double> leaks = new LinkedHashMap<>();
    for (Map.Entry<ShapeFactors, double[]> e : sums.entrySet()) {
      double slope = e.getValue()[0] / e.getValue()[1];
      if (e.getKey() == factor) {
        gain = slope;
      } else {
        leaks.put(e.getKey().label(), slope);
      }
    }
    return new Edits(gain, leaks, count, blank);
  }

  private static void checkShapesModel(VaeModel model) {
    checkArgument(
        model.inputShape().equals(List.of(ShapesDataset.SIZE, ShapesDataset.SIZE)),
        "%s takes examples of shape %s; the factors of shapes are known for 28×28 images",
        model.path(), model.inputShape());
  }

  static float[][] means(VaeModel model, float[][] images) {
    return model.encode(images).stream().map(LatentCode::mean).toArray(float[][]::new);
  }

  private static float[][] rows(ShapesDataset.WithFactors data) {
    float[][] out = new float[data.images().count()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = data.images().example(i);
    }
    return out;
  }

  private static double[] truths(List<ShapesDataset.Factors> factors, ShapeFactors f) {
    return factors.stream().mapToDouble(f::truth).toArray();
  }

  static double sd(double[] values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    double mean = sum / n;
    double ss = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        ss += (v - mean) * (v - mean);
      }
    }
    return Math.sqrt(ss / (n - 1));
  }
}
