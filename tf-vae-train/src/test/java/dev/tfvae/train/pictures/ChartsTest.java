package dev.tfvae.train.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartsTest {
  /** The Okabe–Ito based palette the latent map used before: orange beside vermillion, blue beside sky blue. */
  private static final List<Color> OLD = List.of(
      new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xD55E00),
      new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xF0E442), new Color(0x000000),
      new Color(0x999999), new Color(0x882255));

  /** The smallest CIE76 ΔE a pair of label colours may have (about where hues stop being confused at a glance). */
  private static final double FLOOR = 35;

  /** CIE L*a*b* (D65) of an sRGB colour, from the sRGB and CIE 1976 definitions. */
  private static double[] lab(Color c) {
    double[] linear = new double[3];
    int[] rgb = {c.getRed(), c.getGreen(), c.getBlue()};
    for (int i = 0; i < 3; i++) {
      double v = rgb[i] / 255.0;
      linear[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    double x = (0.4124 * linear[0] + 0.3576 * linear[1] + 0.1805 * linear[2]) / 0.95047;
    double y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
    double z = (0.0193 * linear[0] + 0.1192 * linear[1] + 0.9505 * linear[2]) / 1.08883;
    double fx = f(x);
    double fy = f(y);
    double fz = f(z);
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  private static double f(double t) {
    double d = 6.0 / 29;
    return t > d * d * d ? Math.cbrt(t) : t / (3 * d * d) + 4.0 / 29;
  }

  private static double deltaE(Color p, Color q) {
    double[] a = lab(p);
    double[] b = lab(q);
    return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
  }

  private static double minimumPairwise(List<Color> palette) {
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < palette.size(); i++) {
      for (int j = i + 1; j < palette.size(); j++) {
        min = Math.min(min, deltaE(palette.get(i), palette.get(j)));
      }
    }
    return min;
  }

  @Test
  void labelColoursAreFarApart() {
    assertEquals(100, lab(Color.WHITE)[0], 0.01, "white is L* = 100");
    assertEquals(0, lab(Color.WHITE)[1], 0.01, "white is neutral");
    assertEquals(53.24, lab(Color.RED)[0], 0.01, "sRGB red, L* from the published table");
    assertEquals(10, Charts.PALETTE.size(), "one colour per Fashion-MNIST class");
    double now = minimumPairwise(Charts.PALETTE);
    double before = minimumPairwise(OLD);
    assertTrue(now >= FLOOR, "smallest pairwise ΔE of the palette: " + now);
    assertTrue(before < FLOOR, "the floor separates the palette from the old one (" + before + ")");
    for (Color c : Charts.PALETTE) {
      assertTrue(deltaE(c, Color.WHITE) >= 45, c + " stands out on the white chart: " + deltaE(c, Color.WHITE));
    }
  }

  @Test
  void histogramsDrawBothGroups() {
    Map<String, double[]> groups = new LinkedHashMap<>();
    groups.put("normal", new double[] {100, 120, 140});
    groups.put("noise", new double[] {5000, 5200});
    BufferedImage image = Charts.histograms("t", "neg_elbo", groups, 20);
    assertEquals(720, image.getWidth());
    boolean first = false;
    boolean second = false;
    Color a = Charts.PALETTE.get(0);
    Color b = Charts.PALETTE.get(1);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        Color c = new Color(image.getRGB(x, y));
        first |= c.equals(a);
        second |= c.equals(b);
      }
    }
    assertTrue(first && second, "both outlines are drawn in their palette colours");
  }
}
