package dev.tfvae.train.pictures;

import dev.tfvae.core.contract.ModelManifest;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Charts drawn with XChart: the latent map (a scatter coloured by label) and loss curves. */
public final class Charts {
  /** Ten colours that stay distinguishable (Okabe–Ito plus two), one per label. */
  private static final Color[] PALETTE = {
    new Color(0x00, 0x72, 0xB2), new Color(0xE6, 0x9F, 0x00), new Color(0x00, 0x9E, 0x73),
    new Color(0xD5, 0x5E, 0x00), new Color(0xCC, 0x79, 0xA7), new Color(0x56, 0xB4, 0xE9),
    new Color(0xF0, 0xE4, 0x42), new Color(0x00, 0x00, 0x00), new Color(0x99, 0x99, 0x99),
    new Color(0x88, 0x22, 0x55)
  };

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
      series.setMarkerColor(PALETTE[index % PALETTE.length]);
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
      series.setLineColor(PALETTE[i]);
      series.setMarkerColor(PALETTE[i]);
      series.setMarker(SeriesMarkers.CIRCLE);
    }
    return BitmapEncoder.getBufferedImage(chart);
  }
}
