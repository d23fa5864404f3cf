package dev.tfvae.train.pictures;

import dev.tfvae.core.contract.ModelManifest;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts drawn with XChart: the latent map (a scatter coloured by label), loss curves, score histograms,
 * the per-dimension KL bars and the benchmark's scaling lines.
 */
public final class Charts {
  /**
   * Ten colours, one per label: the ten of colorcet's {@code glasbey_dark} (Glasbey et al.'s maximally
   * distinct colours) with CIE L* between 30 and 80 that lie farthest apart — very dark colours look alike
   * as small markers, very light ones vanish on white. Their smallest pairwise CIE76 ΔE is 38.7 (the
   * Okabe–Ito set used before: 26.4, orange beside vermillion; Tableau 10: 25.9). The order puts the
   * farthest colours on classes that sit together in a latent map (Fashion-MNIST's tops, its footwear).
   */
  static final List<Color> PALETTE = List.of(
      new Color(0xD6, 0x00, 0x00), new Color(0xE6, 0xA5, 0x00), new Color(0x8C, 0x3B, 0xFF),
      new Color(0xFF, 0x7E, 0xD1), new Color(0x01, 0x87, 0x00), new Color(0x15, 0xE1, 0x8C),
      new Color(0x00, 0xAC, 0xC6), new Color(0xA1, 0x75, 0x69), new Color(0xBC, 0xB6, 0xFF),
      new Color(0xBF, 0x03, 0xB8));

  private static final Color ACTIVE = PALETTE.get(6);
  private static final Color INACTIVE = new Color(0xAA, 0xAA, 0xAA);

  private Charts() {}

  /**
   * A scatter of 2-D points, one series (colour) per label.
   *
   * @param labels one per point, or {@code null} for one series
   * @param labelNames display names by label value, or {@code null} to show the numbers
   */
  public static BufferedImage latentMap(
      String title, String xAxis, String yAxis, float[][] points, int[] labels, Map<Integer, String> labelNames) {
    XYChart chart =
        new XYChartBuilder().width(720).height(600).title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    Map<Integer, List<float[]>> groups = new TreeMap<>();
    for (int i = 0; i < points.length; i++) {
      groups.computeIfAbsent(labels == null ? 0 : labels[i], k -> new ArrayList<>()).add(points[i]);
    }
    int index = 0;
    for (Map.Entry<Integer, List<float[]>> e : groups.entrySet()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (float[] p : e.getValue()) {
        xs.add((double) p[0]);
        ys.add((double) p[1]);
      }
      String name =
          labels == null
              ? "examples"
              : labelNames != null && labelNames.containsKey(e.getKey())
                  ? labelNames.get(e.getKey())
                  : "label " + e.getKey();
      XYSeries series = chart.addSeries(name, xs, ys);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setMarkerColor(PALETTE.get(index % PALETTE.size()));
      index++;
    }
    return BitmapEncoder.getBufferedImage(chart);
  }

  /**
   * A rate–distortion picture: one line per series (name → points {@code [rate, distortion]}, in the
   * order given), each point labelled.
   *
   * @param pointLabels per series, one label per point
   */
  public static BufferedImage rateDistortion(
      String title, Map<String, double[][]> series, Map<String, List<String>> pointLabels) {
    XYChart chart = new XYChartBuilder().width(760).height(520).title(title)
        .xAxisTitle("rate: KL(q(z|x) || p(z)), nats per example")
        .yAxisTitle("distortion: reconstruction term, nats per example").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(7);
    int index = 0;
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (double[] point : e.getValue()) {
        xs.add(point[0]);
        ys.add(point[1]);
      }
      XYSeries s = chart.addSeries(e.getKey(), xs, ys);
      Color colour = PALETTE.get(index % PALETTE.size());
      s.setLineColor(colour);
      s.setMarkerColor(colour);
      s.setMarker(SeriesMarkers.CIRCLE);
      List<String> labels = pointLabels.getOrDefault(e.getKey(), List.of());
      for (int i = 0; i < labels.size() && i < xs.size(); i++) {
        chart.addAnnotation(new org.knowm.xchart.AnnotationText(labels.get(i), xs.get(i), ys.get(i), false));
      }
      index++;
    }
    return BitmapEncoder.getBufferedImage(chart);
  }

  /** Training objective and validation negative ELBO per epoch. */
  public static BufferedImage lossCurves(String title, List<ModelManifest.EpochSummary> history) {
    XYChart chart =
        new XYChartBuilder().width(720).height(420).title(title).xAxisTitle("epoch").yAxisTitle("nats per example").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    List<Double> epochs = new ArrayList<>();
    List<Double> train = new ArrayList<>();
    List<Double> validation = new ArrayList<>();
    List<Double> validationMu = new ArrayList<>();
    for (ModelManifest.EpochSummary e : history) {
      epochs.add((double) e.epoch());
      train.add(e.loss());
      validation.add(e.validation().getOrDefault("neg_elbo", Double.NaN));
      validationMu.add(e.validation().getOrDefault("neg_elbo_mu", Double.NaN));
    }
    String[] names = {"training objective", "validation neg_elbo", "validation neg_elbo_mu"};
    List<List<Double>> values = List.of(train, validation, validationMu);
    for (int i = 0; i < names.length; i++) {
      XYSeries series = chart.addSeries(names[i], epochs, values.get(i));
      series.setLineColor(PALETTE.get(i));
      series.setMarkerColor(PALETTE.get(i));
      series.setMarker(SeriesMarkers.CIRCLE);
    }
    return BitmapEncoder.getBufferedImage(chart);
  }

  /**
   * Lines of measured points, one series (colour) per entry of {@code series} (name → {xs, ys}), for the
   * scaling charts of BENCHMARKS.md; logarithmic axes when asked.
   */
  public static BufferedImage lines(
      String title, String xAxis, String yAxis, Map<String, double[][]> series, boolean logX, boolean logY) {
    XYChart chart =
        new XYChartBuilder().width(720).height(440).title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setXAxisLogarithmic(logX);
    chart.getStyler().setYAxisLogarithmic(logY);
    int index = 0;
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      XYSeries line = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
      Color colour = PALETTE.get(index++ % PALETTE.size());
      line.setLineColor(colour);
      line.setMarkerColor(colour);
      line.setMarker(SeriesMarkers.CIRCLE);
    }
    return BitmapEncoder.getBufferedImage(chart);
  }

  /**
   * Overlaid histograms of {@code groups} (name → scores) over common bins, on a logarithmic x-axis when
   * every score is positive and the largest is over ten times the smallest (noise scores far above normal
   * ones), else on a linear one.
   */
  public static BufferedImage histograms(String title, String xAxis, Map<String, double[]> groups, int bins) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] values : groups.values()) {
      for (double v : values) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    boolean log = lo > 0 && hi > 10 * lo;
    if (hi <= lo) {
      hi = lo + 1;
    }
    if (!log) {
      // Bins on round numbers, so the axis ticks are round too.
      double unit = Math.pow(10, Math.floor(Math.log10(hi - lo)) - 1);
      lo = Math.floor(lo / unit) * unit;
      hi = Math.ceil(hi / unit) * unit;
    }
    double[] edges = new double[bins + 1];
    for (int b = 0; b <= bins; b++) {
      double t = b / (double) bins;
      edges[b] = log ? lo * Math.pow(hi / lo, t) : lo + (hi - lo) * t;
    }
    XYChart chart = new XYChartBuilder().width(720).height(380).title(title)
        .xAxisTitle(xAxis + (log ? " (log scale)" : "")).yAxisTitle("examples per bin").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideN);
    chart.getStyler().setXAxisLogarithmic(log);
    chart.getStyler().setXAxisMin(lo);
    chart.getStyler().setXAxisMax(hi);
    chart.getStyler().setXAxisDecimalPattern(hi - lo >= 20 ? "#,##0" : "#,##0.###");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setMarkerSize(0);
    int index = 0;
    for (Map.Entry<String, double[]> e : groups.entrySet()) {
      int[] counts = new int[bins];
      for (double v : e.getValue()) {
        int b = log ? (int) (bins * Math.log(v / lo) / Math.log(hi / lo)) : (int) (bins * (v - lo) / (hi - lo));
        counts[Math.max(0, Math.min(bins - 1, b))]++;
      }
      // The outline of the bars: up and across each bin, down to 0 at the ends.
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      xs.add(edges[0]);
      ys.add(0.0);
      for (int b = 0; b < bins; b++) {
        xs.add(edges[b]);
        ys.add((double) counts[b]);
        xs.add(edges[b + 1]);
        ys.add((double) counts[b]);
      }
      xs.add(edges[bins]);
      ys.add(0.0);
      XYSeries series = chart.addSeries(e.getKey(), xs, ys);
      Color c = PALETTE.get(index++ % PALETTE.size());
      series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      series.setLineColor(c);
      series.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 90));
      series.setMarker(SeriesMarkers.NONE);
    }
    return BitmapEncoder.getBufferedImage(chart);
  }

  /**
   * One bar per latent dimension of its mean KL (nats, logarithmic axis), the dimensions below
   * {@code inactiveBelow} in grey.
   */
  public static BufferedImage klBars(String title, double[] meanKl, double inactiveBelow) {
    CategoryChart chart = new CategoryChartBuilder().width(720).height(380).title(title)
        .xAxisTitle("latent dimension").yAxisTitle("mean KL, nats (log scale)").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setOverlapped(true);
    chart.getStyler().setYAxisLogarithmic(true);
    // Bars start at the axis floor, a decade below the smallest value (and the threshold).
    double floor = inactiveBelow / 10;
    for (double v : meanKl) {
      floor = Math.min(floor, Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-6))) - 1));
    }
    chart.getStyler().setYAxisMin(floor);
    List<String> dims = new ArrayList<>();
    List<Double> active = new ArrayList<>();
    List<Double> inactive = new ArrayList<>();
    List<Double> threshold = new ArrayList<>();
    for (int j = 0; j < meanKl.length; j++) {
      dims.add("z" + j);
      double v = Math.max(meanKl[j], floor * 1.0001);
      active.add(meanKl[j] >= inactiveBelow ? v : floor);
      inactive.add(meanKl[j] >= inactiveBelow ? floor : v);
      threshold.add(inactiveBelow);
    }
    chart.addSeries("active", dims, active).setFillColor(ACTIVE);
    chart.addSeries("inactive (< " + inactiveBelow + " nats)", dims, inactive).setFillColor(INACTIVE);
    CategorySeries line = chart.addSeries(inactiveBelow + " nats", dims, threshold);
    line.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    line.setLineColor(Color.DARK_GRAY);
    line.setMarker(SeriesMarkers.NONE);
    return BitmapEncoder.getBufferedImage(chart);
  }
}
