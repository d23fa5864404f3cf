package dev.tfvae.train.factors;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.analysis.LatentActivity;
import dev.tfvae.train.data.FactorTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * What a table model learned about factors recorded in a table's extra columns ({@link FactorTable}),
 * with the method {@link FactorAnalysis} uses on {@code shapes}, and one difference: a table's decoded
 * rows carry no picture to measure, so each continuous factor is measured by a <em>linear read-out</em>
 * fitted on the real rows of the fit part (least squares of the factor on the standardised features,
 * Commons Math's QR), independent of the model. Its R² on the held-out rows says how well the features
 * reveal the factor, and so how far the gain and leaks measured through it can be trusted.
 *
 * <p>Attribute vectors come from the regression of μ on all factors at once (continuous ones as they
 * are, categorical ones as indicators), fitted on the fit part: column k is the change of μ per unit of
 * factor k with the others held fixed. Each held-out μ is moved by Δ·b_k for Δ in ±0.5 and ±1 standard
 * deviations of factor k and decoded; the read-outs of the decoded rows against that of the decoded
 * unedited μ give the gain (measured change of factor k per requested change, 1 = as asked) and the leak
 * into every other continuous factor (in its standard deviations per standard deviation asked). Every
 * factor gets its {@link MutualInformationGap} over the held-out μ; categorical factors are not edited.
 */
public final class TableFactorAnalysis {
  private TableFactorAnalysis() {}

  /**
   * Analyses {@code model} on {@code table}: attribute vectors and read-outs fitted on its fit part,
   * edits and MIG on the first {@code examples} rows of its held-out part.
   *
   * @throws IllegalArgumentException if the model does not take the table's rows, {@code examples} is
   *     outside 100..{@link FactorAnalysis#MAX_EXAMPLES}, a continuous factor is constant, or the factors
   *     are linearly dependent
   */
  public static FactorAnalysis.Report run(VaeModel model, FactorTable table, int examples) {
    checkArgument(examples >= 1 && examples <= FactorAnalysis.MAX_EXAMPLES,
        "--examples must be in 1..%s: %s", FactorAnalysis.MAX_EXAMPLES, examples);
    FactorTable.Part fit = table.fit();
    float[][] heldRows = Arrays.copyOf(table.held().rows(), Math.min(examples, table.held().count()));
    int width = fit.rows()[0].length;
    checkArgument(model.inputShape().equals(List.of(width)),
        "%s takes examples of shape %s; %s gives rows of %s columns", model.path(), model.inputShape(),
        table.file(), width);
    List<FactorTable.Column> factors = fit.factors();
    List<Integer> continuous = new ArrayList<>();
    for (int k = 0; k < factors.size(); k++) {
      if (!factors.get(k).categorical()) {
        continuous.add(k);
        checkArgument(FactorAnalysis.sd(factors.get(k).values()) > 0,
            "%s: factor column '%s' is constant in the rows fitted on; it cannot be measured",
            table.file(), factors.get(k).name());
      }
    }
    float[][] fitMu = FactorAnalysis.means(model, fit.rows());
    double[][] vectors = attributeVectors(table, fitMu, factors, continuous);

    List<LatentCode> codes = model.encode(heldRows);
    float[][] mu = codes.stream().map(LatentCode::mean).toArray(float[][]::new);
    double[][] truths = new double[factors.size()][];
    for (int k = 0; k < truths.length; k++) {
      truths[k] = Arrays.copyOf(table.held().factors().get(k).values(), heldRows.length);
    }
    List<ReadOut> readOuts = new ArrayList<>();
    double[] sd = new double[factors.size()];
    for (int k : continuous) {
      ReadOut r = ReadOut.fit(table, fit.rows(), factors.get(k).values());
      readOuts.add(r.scored(heldRows, truths[k]));
      sd[k] = FactorAnalysis.sd(truths[k]);
      checkArgument(sd[k] > 0, "%s: factor column '%s' is constant in the %s held-out rows measured;"
          + " give a table with more rows", table.file(), factors.get(k).name(), heldRows.length);
    }

    List<FactorAnalysis.Factor> out = new ArrayList<>();
    for (int k = 0; k < factors.size(); k++) {
      FactorTable.Column column = factors.get(k);
      MutualInformationGap.Factor mi = MutualInformationGap.of(
          mu, truths[k], column.categorical(), MutualInformationGap.DEFAULT_BINS);
      double info = mi.entropy() == 0 ? 0 : mi.mutualInformation()[mi.best()] / mi.entropy();
      String unit = column.categorical()
          ? "category of " + column.categories().size() : "the column's own";
      int c = continuous.indexOf(k);
      if (c < 0) {
        out.add(new FactorAnalysis.Factor(column.name(), unit, mi.gap(), mi.best(), info, Double.NaN,
            Map.of(), 0, Double.NaN));
        continue;
      }
      Edits e = edit(model, mu, vectors[c], sd[k], c, continuous, factors, readOuts, sd);
      out.add(new FactorAnalysis.Factor(column.name(), unit, mi.gap(), mi.best(), info, e.gain(),
          e.leaks(), e.count(), readOuts.get(c).r2()));
    }
    double mig = out.stream().mapToDouble(FactorAnalysis.Factor::mig).average().orElseThrow();
    double[] kl = model.isVariational() ? LatentActivity.of(codes).meanKl() : null;
    return new FactorAnalysis.Report(out, mig, kl, 0);
  }

  /** The attribute vector of each continuous factor, by regressing μ on all factors. */
  static double[][] attributeVectors(
      FactorTable table, float[][] mu, List<FactorTable.Column> factors, List<Integer> continuous) {
    int n = mu.length;
    List<double[]> columns = new ArrayList<>();
    double[] ones = new double[n];
    Arrays.fill(ones, 1);
    columns.add(ones);
    for (int k : continuous) {
      columns.add(factors.get(k).values());
    }
    for (FactorTable.Column f : factors) {
      double[] v = f.values();
      for (int category = 1; category < f.categories().size(); category++) {
        double[] indicator = new double[n];
        for (int i = 0; i < n; i++) {
          indicator[i] = v[i] == category ? 1 : 0;
        }
        columns.add(indicator);
      }
    }
    double[][] design = new double[n][columns.size()];
    double[][] response = new double[n][mu[0].length];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < columns.size(); c++) {
        design[i][c] = columns.get(c)[i];
      }
      for (int j = 0; j < mu[i].length; j++) {
        response[i][j] = mu[i][j];
      }
    }
    RealMatrix b = solve(table, design, response);
    double[][] vectors = new double[continuous.size()][];
    for (int c = 0; c < continuous.size(); c++) {
      vectors[c] = b.getRow(1 + c);
    }
    return vectors;
  }

  private static RealMatrix solve(FactorTable table, double[][] design, double[][] response) {
    checkArgument(design.length > design[0].length,
        "%s: %s rows to fit %s coefficients; give more rows", table.file(), design.length,
        design[0].length);
    try {
      return new QRDecomposition(new Array2DRowRealMatrix(design, false)).getSolver()
          .solve(new Array2DRowRealMatrix(response, false));
    } catch (SingularMatrixException e) {
      throw new IllegalArgumentException(table.file() + ": the factor columns (with a constant) are"
          + " linearly dependent in the rows fitted on, so no factor can be held fixed while another"
          + " moves; name fewer of them");
    }
  }

  /**
   * A factor as a linear function of a row's standardised features.
   *
   * @param mean per-feature mean of the rows fitted on
   * @param scale per-feature standard deviation (1 for a constant feature)
   * @param weights intercept, then one weight per standardised feature
   * @param r2 the held-out R² (NaN until {@link #scored})
   */
  record ReadOut(double[] mean, double[] scale, double[] weights, double r2) {
    static ReadOut fit(FactorTable table, float[][] rows, double[] factor) {
      int width = rows[0].length;
      double[] mean = new double[width];
      double[] scale = new double[width];
      for (int j = 0; j < width; j++) {
        double[] column = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
          column[i] = rows[i][j];
        }
        mean[j] = Arrays.stream(column).average().orElseThrow();
        double s = FactorAnalysis.sd(column);
        scale[j] = s > 0 ? s : 1;
      }
      double[][] design = new double[rows.length][width + 1];
      double[][] response = new double[rows.length][1];
      for (int i = 0; i < rows.length; i++) {
        design[i][0] = 1;
        for (int j = 0; j < width; j++) {
          design[i][j + 1] = (rows[i][j] - mean[j]) / scale[j];
        }
        response[i][0] = factor[i];
      }
      RealMatrix w;
      try {
        w = new QRDecomposition(new Array2DRowRealMatrix(design, false)).getSolver()
            .solve(new Array2DRowRealMatrix(response, false));
      } catch (SingularMatrixException e) {
        // Dependent feature columns: the least-squares read-out is then not unique, and nothing in the
        // table tells one apart from another.
        throw new IllegalArgumentException(table.file() + ": the model's feature columns are linearly"
            + " dependent in the rows fitted on, so no linear read-out of a factor is unique");
      }
      return new ReadOut(mean, scale, w.getColumn(0), Double.NaN);
    }

    double of(float[] row) {
      double v = weights[0];
      for (int j = 0; j < row.length; j++) {
        v += weights[j + 1] * (row[j] - mean[j]) / scale[j];
      }
      return v;
    }

    /** This read-out with its R² on {@code rows} whose factor values are {@code truth}. */
    ReadOut scored(float[][] rows, double[] truth) {
      double m = Arrays.stream(truth).average().orElseThrow();
      double residual = 0;
      double total = 0;
      for (int i = 0; i < rows.length; i++) {
        residual += Math.pow(truth[i] - of(rows[i]), 2);
        total += Math.pow(truth[i] - m, 2);
      }
      return new ReadOut(mean, scale, weights, total == 0 ? Double.NaN : 1 - residual / total);
    }
  }

  private record Edits(double gain, Map<String, Double> leaks, int count) {}

  private static Edits edit(VaeModel model, float[][] mu, double[] vector, double sdEdited, int edited,
      List<Integer> continuous, List<FactorTable.Column> factors, List<ReadOut> readOuts, double[] sd) {
    double[] strengths = FactorAnalysis.STRENGTHS;
    int per = strengths.length + 1;
    float[][] codes = new float[mu.length * per][];
    for (int i = 0; i < mu.length; i++) {
      codes[i * per] = mu[i];
      for (int s = 0; s < strengths.length; s++) {
        float[] moved = mu[i].clone();
        for (int j = 0; j < moved.length; j++) {
          moved[j] += (float) (strengths[s] * sdEdited * vector[j]);
        }
        codes[i * per + 1 + s] = moved;
      }
    }
    float[][] rows = model.decode(codes);
    double[] slopeSum = new double[continuous.size()];
    double squares = 0;
    for (int i = 0; i < mu.length; i++) {
      for (int s = 0; s < strengths.length; s++) {
        squares += strengths[s] * strengths[s];
        for (int c = 0; c < continuous.size(); c++) {
          ReadOut r = readOuts.get(c);
          double change = r.of(rows[i * per + 1 + s]) - r.of(rows[i * per]);
          slopeSum[c] += strengths[s] * change / sd[continuous.get(c)];
        }
      }
    }
    Map<String, Double> leaks = new LinkedHashMap<>();
    for (int c = 0; c < continuous.size(); c++) {
      if (c != edited) {
        leaks.put(factors.get(continuous.get(c)).name(), slopeSum[c] / squares);
      }
    }
    return new Edits(slopeSum[edited] / squares, leaks, mu.length * strengths.length);
  }
}
