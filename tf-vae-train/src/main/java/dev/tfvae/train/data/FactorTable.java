package dev.tfvae.train.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A table whose rows carry recorded factors besides a table model's columns ({@code factors --dataset
 * csv:FILE --factor-columns a,b}): the model's feature columns, matched by name in the header, and the
 * named factor columns; any other column (a label column, an identifier) is left alone. A factor column
 * whose every cell is a finite number is a continuous factor unless it is named categorical (integer
 * codes of classes); otherwise its distinct texts, in sorted order, are the categories of a categorical
 * one (at most {@link #MAX_CATEGORIES}).
 *
 * <p>The rows are divided as training data is ({@link HoldOut}: every tenth row of a fixed shuffle held
 * out), so a file with the very rows a model was trained on gives its validation rows as the held-out
 * part: attribute vectors and read-outs are fitted on the {@link #fit} part and checked on the
 * {@link #held} part.
 */
public final class FactorTable {
  /** The most categories a text factor may have. */
  public static final int MAX_CATEGORIES = 100;
  /** The fewest rows a factor table must have (each part needs rows to fit and to measure). */
  public static final int MIN_ROWS = 200;

  /**
   * One factor column of one part.
   *
   * @param name the column's name
   * @param values its value per row: the number, or a categorical factor's category index
   * @param categories a categorical factor's category texts, sorted; empty for a continuous factor
   */
  public record Column(String name, double[] values, List<String> categories) {
    public Column {
      values = values.clone();
      categories = List.copyOf(categories);
    }

    @Override
    public double[] values() {
      return values.clone();
    }

    public boolean categorical() {
      return !categories.isEmpty();
    }
  }

  /**
   * The rows of one part.
   *
   * @param rows the model's features of each row, in the model's column order and the table's units
   * @param factors the factor columns, in the order they were named
   */
  public record Part(float[][] rows, List<Column> factors) {
    public Part {
      rows = rows.clone();
      factors = List.copyOf(factors);
    }

    @Override
    public float[][] rows() {
      return rows.clone();
    }

    public int count() {
      return rows.length;
    }
  }

  private final Path file;
  private final List<String> columns;
  private final Part fit;
  private final Part held;

  private FactorTable(Path file, List<String> columns, Part fit, Part held) {
    this.file = file;
    this.columns = List.copyOf(columns);
    this.fit = fit;
    this.held = held;
  }

  public Path file() {
    return file;
  }

  /** The model's feature columns the rows hold, in the model's order. */
  public List<String> columns() {
    return columns;
  }

  /** The rows attribute vectors and read-outs are fitted on (nine in ten). */
  public Part fit() {
    return fit;
  }

  /** The held-out rows edits are measured on (one in ten). */
  public Part held() {
    return held;
  }

  /**
   * Reads {@code file}.
   *
   * @param features the model's feature columns, in its order
   * @param factorColumns the columns to take as factors (any columns of the file, features included)
   * @param categorical those of them to take as categories even where every cell is a number
   * @throws InvalidDataException naming the file, and the row and column where a cell is wrong, when
   *     the file has no header, lacks a named column, has a non-number in a feature column, a text factor
   *     with too many categories, or fewer than {@link #MIN_ROWS} rows
   */
  public static FactorTable read(
      Path file, List<String> features, List<String> factorColumns, java.util.Set<String> categorical)
      throws IOException {
    if (factorColumns.isEmpty()) {
      throw new IllegalArgumentException("--factor-columns names no column");
    }
    for (String c : categorical) {
      if (!factorColumns.contains(c)) {
        throw new IllegalArgumentException("--categorical " + c + " is not one of --factor-columns "
            + String.join(",", factorColumns));
      }
    }
    if (new TreeSet<>(factorColumns).size() != factorColumns.size()) {
      throw new IllegalArgumentException("--factor-columns names a column twice: " + factorColumns);
    }
    CsvDataset.Table table = CsvDataset.parse(file);
    if (!table.header()) {
      throw new InvalidDataException(file, "has no header; a factor table needs one naming the model's"
          + " columns (" + String.join(", ", features) + ") and the factor columns");
    }
    List<String> names = List.of(table.names());
    List<String> missing = new ArrayList<>();
    int[] featureAt = new int[features.size()];
    for (int f = 0; f < featureAt.length; f++) {
      featureAt[f] = names.indexOf(features.get(f));
      if (featureAt[f] < 0) {
        missing.add(features.get(f));
      }
    }
    int[] factorAt = new int[factorColumns.size()];
    for (int k = 0; k < factorAt.length; k++) {
      factorAt[k] = names.indexOf(factorColumns.get(k));
      if (factorAt[k] < 0) {
        missing.add(factorColumns.get(k) + " (a factor column)");
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidDataException(file, "lacks columns: " + String.join(", ", missing)
          + "; its header has " + String.join(", ", names) + ", and the model's columns are "
          + String.join(", ", features));
    }
    int count = table.rows().size();
    if (count < MIN_ROWS) {
      throw new InvalidDataException(file, "has " + count + " rows; a factor table needs at least "
          + MIN_ROWS + " (nine in ten to fit on, one in ten to measure)");
    }
    float[][] rows = new float[count][features.size()];
    for (int r = 0; r < count; r++) {
      String[] row = table.rows().get(r);
      for (int f = 0; f < featureAt.length; f++) {
        rows[r][f] = CsvDataset.number(file, table.lines().get(r), names.get(featureAt[f]),
            row[featureAt[f]]);
      }
    }
    List<double[]> values = new ArrayList<>();
    List<List<String>> categories = new ArrayList<>();
    for (int k = 0; k < factorAt.length; k++) {
      String[] cells = new String[count];
      for (int r = 0; r < count; r++) {
        cells[r] = table.rows().get(r)[factorAt[k]];
      }
      double[] numbers = categorical.contains(factorColumns.get(k)) ? null : numbers(cells);
      if (numbers != null) {
        values.add(numbers);
        categories.add(List.of());
        continue;
      }
      List<String> sorted = List.copyOf(new TreeSet<>(List.of(cells)));
      if (sorted.size() > MAX_CATEGORIES) {
        throw new InvalidDataException(file, "factor column '" + factorColumns.get(k) + "' has "
            + sorted.size() + " distinct texts; a categorical factor may have at most " + MAX_CATEGORIES
            + (categorical.contains(factorColumns.get(k)) ? "" : " (a numeric factor needs a finite number"
                + " in every row; row " + firstNonNumber(table, factorAt[k]) + " is not one)"));
      }
      Map<String, Integer> ids = new HashMap<>();
      sorted.forEach(s -> ids.put(s, ids.size()));
      double[] index = new double[count];
      for (int r = 0; r < count; r++) {
        index[r] = ids.get(cells[r]);
      }
      values.add(index);
      categories.add(sorted);
    }
    boolean[] heldOut = HoldOut.validationMask(count);
    return new FactorTable(file, features, part(rows, values, categories, factorColumns, heldOut, false),
        part(rows, values, categories, factorColumns, heldOut, true));
  }

  private static Part part(float[][] rows, List<double[]> values, List<List<String>> categories,
      List<String> names, boolean[] heldOut, boolean held) {
    List<float[]> chosen = new ArrayList<>();
    List<Integer> index = new ArrayList<>();
    for (int r = 0; r < rows.length; r++) {
      if (heldOut[r] == held) {
        chosen.add(rows[r]);
        index.add(r);
      }
    }
    List<Column> columns = new ArrayList<>();
    for (int k = 0; k < names.size(); k++) {
      double[] v = new double[index.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = values.get(k)[index.get(i)];
      }
      columns.add(new Column(names.get(k), v, categories.get(k)));
    }
    return new Part(chosen.toArray(float[][]::new), columns);
  }

  /** Every cell as a finite number, or {@code null} when one is not. */
  private static double[] numbers(String[] cells) {
    double[] out = new double[cells.length];
    for (int i = 0; i < cells.length; i++) {
      Double d = com.google.common.primitives.Doubles.tryParse(cells[i]);
      if (d == null || !Double.isFinite(d)) {
        return null;
      }
      out[i] = d;
    }
    return out;
  }

  private static int firstNonNumber(CsvDataset.Table table, int column) {
    for (int r = 0; r < table.rows().size(); r++) {
      Double d = com.google.common.primitives.Doubles.tryParse(table.rows().get(r)[column]);
      if (d == null || !Double.isFinite(d)) {
        return table.lines().get(r);
      }
    }
    return -1;
  }
}
