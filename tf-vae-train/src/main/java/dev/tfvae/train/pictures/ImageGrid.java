package dev.tfvae.train.pictures;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import dev.tfvae.train.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of examples with a title, row labels and column labels. Examples of shape {@code [H, W]} are
 * drawn in gray, {@code [H, W, 3]} in colour, both from values in [0, 1]; any other shape (a table row) is
 * drawn as a strip of cells, blue below 0 through white to red above, over ±{@code 3} (standardised
 * units). Each value becomes a {@code scale × scale} block so small images stay legible.
 */
public final class ImageGrid {
  private static final int GAP = 2;
  private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  private final List<Integer> shape;
  private final int scale;

  /**
   * @param shape the shape of one example
   * @param scale screen pixels per value
   */
  public ImageGrid(List<Integer> shape, int scale) {
    checkArgument(scale > 0, "scale must be positive: %s", scale);
    this.shape = List.copyOf(shape);
    this.scale = scale;
  }

  private boolean isImage() {
    return shape.size() == 2 || (shape.size() == 3 && (shape.get(2) == 3 || shape.get(2) == 1));
  }

  private int cellHeight() {
    return (isImage() ? shape.get(0) : 1) * scale;
  }

  private int cellWidth() {
    return (isImage() ? shape.get(1) : shape.stream().reduce(1, Math::multiplyExact)) * scale;
  }

  /**
   * Renders {@code rows} (each a list of examples) with labels.
   *
   * @param rowLabels one per row, or empty for none
   * @param columnLabels one per column, or empty for none
   */
  public BufferedImage render(
      String title, List<List<float[]>> rows, List<String> rowLabels, List<String> columnLabels) {
    checkArgument(!rows.isEmpty(), "nothing to draw");
    checkArgument(rowLabels.isEmpty() || rowLabels.size() == rows.size(), "one label per row");
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    FontMetrics fm = pg.getFontMetrics(FONT);
    int labelWidth = rowLabels.stream().mapToInt(fm::stringWidth).max().orElse(0);
    labelWidth = labelWidth == 0 ? 0 : labelWidth + 8;
    pg.dispose();
    int titleHeight = title == null ? 0 : 24;
    int headerHeight = columnLabels.isEmpty() ? 0 : 18;
    int width =
        Math.max(labelWidth + columns * (cellWidth() + GAP) + GAP, title == null ? 0 : 8 + 8 * title.length());
    int height = titleHeight + headerHeight + rows.size() * (cellHeight() + GAP) + GAP;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    if (title != null) {
      g.setFont(TITLE);
      g.drawString(title, 6, 17);
    }
    g.setFont(FONT);
    for (int c = 0; c < columnLabels.size() && c < columns; c++) {
      int x = labelWidth + GAP + c * (cellWidth() + GAP);
      g.drawString(fit(fm, columnLabels.get(c), cellWidth()), x, titleHeight + 13);
    }
    for (int r = 0; r < rows.size(); r++) {
      int y = titleHeight + headerHeight + GAP + r * (cellHeight() + GAP);
      if (!rowLabels.isEmpty()) {
        g.setColor(Color.BLACK);
        g.drawString(rowLabels.get(r), 4, y + cellHeight() / 2 + 5);
      }
      for (int c = 0; c < rows.get(r).size(); c++) {
        int x = labelWidth + GAP + c * (cellWidth() + GAP);
        draw(image, rows.get(r).get(c), x, y);
      }
    }
    g.dispose();
    return image;
  }

  private static String fit(FontMetrics fm, String text, int width) {
    String t = text;
    while (t.length() > 1 && fm.stringWidth(t) > width) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  private void draw(BufferedImage image, float[] values, int x0, int y0) {
    int h = isImage() ? shape.get(0) : 1;
    int w = isImage() ? shape.get(1) : values.length;
    boolean colour = isImage() && shape.size() == 3 && shape.get(2) == 3;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb;
        if (!isImage()) {
          rgb = diverging(values[x]);
        } else if (colour) {
          int base = (y * w + x) * 3;
          rgb = (level(values[base]) << 16) | (level(values[base + 1]) << 8) | level(values[base + 2]);
        } else {
          int v = level(values[y * w + x]);
          rgb = (v << 16) | (v << 8) | v;
        }
        for (int dy = 0; dy < scale; dy++) {
          for (int dx = 0; dx < scale; dx++) {
            image.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
          }
        }
      }
    }
  }

  private static int level(float v) {
    return Math.max(0, Math.min(255, Math.round(v * 255)));
  }

  /** Blue (−3) through white (0) to red (+3). */
  private static int diverging(float v) {
    float t = Math.max(-1, Math.min(1, v / 3));
    int fade = Math.round(255 * (1 - Math.abs(t)));
    return t >= 0 ? (255 << 16) | (fade << 8) | fade : (fade << 16) | (fade << 8) | 255;
  }

  /** Writes {@code image} as a PNG, creating parent folders. */
  /** Writes {@code image} as a PNG file, replacing {@code file} atomically. */
  public static void write(BufferedImage image, Path file) throws IOException {
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer available for " + file);
      }
    });
  }
}
