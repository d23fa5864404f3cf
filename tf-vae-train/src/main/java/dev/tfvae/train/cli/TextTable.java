package dev.tfvae.train.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An aligned plain-text table for people: a header, then rows; a column whose cells are all numbers is
 * right-aligned, others left-aligned, two spaces apart. Numbers are written by {@link #number}. The
 * machine interface is {@code --json}; this is only for reading.
 */
final class TextTable {
  private record Cell(String text, boolean numeric) {}

  private final List<String> header;
  private final List<List<Cell>> rows = new ArrayList<>();

  /** A table with these column titles; an empty list prints no header line. */
  TextTable(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row: {@link Number}s are formatted by {@link #number}, anything else by its text. */
  TextTable row(Object... cells) {
    List<Cell> row = new ArrayList<>();
    for (Object c : cells) {
      row.add(c instanceof Number n ? new Cell(number(n), true)
          : c instanceof Cell cell ? cell
          : new Cell(c == null ? "" : c.toString(), false));
    }
    rows.add(row);
    return this;
  }

  /** A number cell already formatted (e.g. with fixed decimals), right-aligned like other numbers. */
  static Object numeric(String text) {
    return new Cell(text, true);
  }

  /** The table, each line ending in a newline, trailing spaces removed. */
  String render() {
    int columns = header.size();
    for (List<Cell> row : rows) {
      columns = Math.max(columns, row.size());
    }
    int[] width = new int[columns];
    boolean[] right = new boolean[columns];
    Arrays.fill(right, true);
    boolean[] any = new boolean[columns];
    for (int c = 0; c < header.size(); c++) {
      width[c] = header.get(c).length();
    }
    for (List<Cell> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        Cell cell = row.get(c);
        width[c] = Math.max(width[c], cell.text().length());
        if (!cell.text().isEmpty()) {
          any[c] = true;
          right[c] &= cell.numeric();
        }
      }
    }
    for (int c = 0; c < columns; c++) {
      right[c] &= any[c];
    }
    StringBuilder out = new StringBuilder();
    if (!header.isEmpty()) {
      line(out, header.stream().map(h -> new Cell(h, false)).toList(), width, right);
    }
    for (List<Cell> row : rows) {
      line(out, row, width, right);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<Cell> cells, int[] width, boolean[] right) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String text = cells.get(c).text();
      String pad = " ".repeat(width[c] - text.length());
      if (c > 0) {
        line.append("  ");
      }
      line.append(right[c] ? pad + text : text + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  /**
   * A number as people read it: whole numbers as integers with thousands separators ({@code 10,000}),
   * others to six significant digits ({@code 244.270}, {@code 0.0136285}), large ones to one or no
   * decimal ({@code 23,913}), tiny ones in scientific notation; {@code -} for NaN.
   */
  static String number(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return String.format(Locale.ROOT, "%,d", n.longValue());
    }
    double v = n.doubleValue();
    if (Double.isNaN(v)) {
      return "-";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "-∞";
    }
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    if (a >= 10_000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 1_000) {
      return String.format(Locale.ROOT, "%,.1f", v);
    }
    if (a >= 1e-4) {
      return new BigDecimal(v).round(new MathContext(6)).toPlainString();
    }
    return String.format(Locale.ROOT, "%.5g", v);
  }

  /** {@code v} with {@code decimals} fixed decimals ({@code -} for NaN), right-aligned in a table. */
  static Object fixed(double v, int decimals) {
    return numeric(Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,." + decimals + "f", v));
  }
}
