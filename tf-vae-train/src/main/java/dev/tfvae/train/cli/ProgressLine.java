package dev.tfvae.train.cli;

import java.util.List;
import java.util.Locale;

/**
 * Lays out one line of training progress in a given width. Fields are listed most important first;
 * those that do not fit are dropped from the end, and a bar keeps its minimum width until every
 * optional field is gone.
 */
final class ProgressLine {
  /** The narrowest bar drawn, brackets included; below it fields go first. */
  static final int MIN_BAR = 12;

  private static final int MAX_BAR = 32;

  private ProgressLine() {}

  /**
   * {@code head [====>    ] pct fields…}, at most {@code width} characters.
   *
   * @param fraction done, 0 … 1
   * @param fields optional fields, most important first
   */
  static String withBar(int width, String head, double fraction, List<String> fields) {
    String percent = String.format(Locale.ROOT, "%3d%%", (int) Math.floor(100 * clamp(fraction)));
    int fixed = head.length() + 1 + 1 + percent.length();
    StringBuilder tail = new StringBuilder();
    for (String f : fields) {
      if (fixed + MIN_BAR + tail.length() + 1 + f.length() > width) {
        break;
      }
      tail.append(' ').append(f);
    }
    int barWidth = Math.min(MAX_BAR, width - fixed - tail.length());
    String line = barWidth >= 3
        ? head + ' ' + bar(barWidth, fraction) + ' ' + percent + tail
        : head + ' ' + percent + tail;
    return cut(line, width);
  }

  /** {@code head fields…} separated by {@code ", "}, dropping fields from the end to fit {@code width}. */
  static String fitted(int width, String head, List<String> fields) {
    StringBuilder line = new StringBuilder(head);
    String separator = ": ";
    for (String f : fields) {
      if (line.length() + separator.length() + f.length() > width) {
        break;
      }
      line.append(separator).append(f);
      separator = ", ";
    }
    return cut(line.toString(), width);
  }

  /** {@code [=====>    ]} in exactly {@code width} characters. */
  static String bar(int width, double fraction) {
    int inside = width - 2;
    int done = (int) Math.floor(inside * clamp(fraction));
    StringBuilder b = new StringBuilder(width).append('[');
    for (int i = 0; i < inside; i++) {
      b.append(i < done ? '=' : i == done ? '>' : ' ');
    }
    return b.append(']').toString();
  }

  /** A duration as {@code m:ss} or {@code h:mm:ss}. */
  static String duration(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private static String cut(String line, int width) {
    return line.length() <= width ? line : line.substring(0, Math.max(0, width));
  }

  private static double clamp(double f) {
    return Double.isFinite(f) ? Math.max(0, Math.min(1, f)) : 0;
  }
}
