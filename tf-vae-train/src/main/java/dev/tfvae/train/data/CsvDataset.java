package dev.tfvae.train.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.google.common.primitives.Floats;
import dev.tfvae.core.contract.ModelManifest;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A numeric table read from a CSV file ({@code --dataset csv:FILE}): one example per row, one feature per
 * column, parsed with Jackson's CSV reader (quotes, CRLF and a UTF-8 byte-order mark are handled).
 *
 * <p>The first row is a header when any of its cells is not a number. {@code --label-column} names (or,
 * 0-based, numbers) a column kept apart as labels: integers as they are, other text as the index of the
 * value in sorted order. Every other cell must be a finite number; an error names the file, the row (the
 * 1-based line number) and the column. Features are standardised with the mean and standard deviation of
 * the training rows (recorded in the manifest, applied inside the exported graph). Every tenth row of a
 * fixed shuffle is held out for validation ({@link HoldOut}).
 */
public final class CsvDataset {
  static final int MAX_COLUMNS = 100_000;

  private CsvDataset() {}

  /**
   * @param name the dataset name ({@code csv:FILE})
   * @param file the CSV file
   * @param labelColumn header name or 0-based index of the label column, or {@code null}
   */
  public static Dataset load(String name, Path file, String labelColumn) throws IOException {
    Table table = parse(file);
    boolean header = table.header();
    String[] names = table.names();
    int width = names.length;
    int label = labelIndex(file, names, header, labelColumn);
    int features = label < 0 ? width : width - 1;
    if (features == 0) {
      throw new InvalidDataException(file, "has no feature columns besides the label column");
    }
    int count = table.rows().size();
    float[] values = new float[Math.multiplyExact(count, features)];
    String[] labelText = label < 0 ? null : new String[count];
    for (int r = 0; r < count; r++) {
      String[] row = table.rows().get(r);
      int line = table.lines().get(r);
      for (int c = 0, f = 0; c < width; c++) {
        if (c == label) {
          labelText[r] = row[c];
          continue;
        }
        values[r * features + f++] = number(file, line, names[c], row[c]);
      }
    }
    List<String> featureNames = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      if (c != label) {
        featureNames.add(names[c]);
      }
    }
    Labels labels = labelText == null ? null : labels(labelText);
    Split[] parts = HoldOut.divide(values, features, labels == null ? null : labels.values());
    ModelManifest.Standardization standardization = fit(parts[0], featureNames);
    return new Dataset(
        name,
        List.of(features),
        parts[0],
        parts[1],
        List.of(Dataset.digest(file)),
        new ModelManifest.Preprocessing(
            "CSV numbers standardised per column with the training rows' mean and standard deviation"
                + " (done inside the exported graph)",
            1,
            standardization),
        new Dataset.Setup(
            labelColumn, labels == null ? List.of() : labels.names(), Arrays.asList(names)));
  }

  /**
   * A CSV file split into its column names and data rows, every row checked to have as many fields as
   * the first.
   *
   * @param names the header's names, or {@code column0…} without a header
   * @param header whether the first row was a header
   * @param rows the data rows
   * @param lines the 1-based line number of each data row
   */
  record Table(String[] names, boolean header, List<String[]> rows, List<Integer> lines) {}

  static Table parse(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new InvalidDataException(file, "is a folder; csv:FILE needs a CSV file");
    }
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "CSV file not found: " + file);
    }
    List<String[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    CsvMapper mapper = new CsvMapper();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> it =
            mapper
                .readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES)
                .with(CsvParser.Feature.TRIM_SPACES)
                .readValues(skipByteOrderMark(reader))) {
      while (it.hasNextValue()) {
        int line = it.getCurrentLocation().getLineNr();
        String[] row = it.nextValue();
        if (row.length > MAX_COLUMNS) {
          throw new InvalidDataException(
              file, "row " + line + " has " + row.length + " columns; at most " + MAX_COLUMNS
                  + " are supported");
        }
        rows.add(row);
        lines.add(line);
      }
    } catch (CharacterCodingException e) {
      throw new InvalidDataException(file, "is not UTF-8 text", e);
    } catch (RuntimeException | com.fasterxml.jackson.core.JacksonException e) {
      throw new InvalidDataException(file, "is not valid CSV: " + e.getMessage(), e);
    }
    if (rows.isEmpty()) {
      throw new InvalidDataException(file, "is empty; expected a header and/or rows of numbers");
    }
    boolean header = !allNumbers(rows.get(0));
    String[] names = header ? rows.get(0) : defaultNames(rows.get(0).length);
    int first = header ? 1 : 0;
    if (rows.size() == first) {
      throw new InvalidDataException(file, "has a header but no data rows");
    }
    for (int r = first; r < rows.size(); r++) {
      if (rows.get(r).length != names.length) {
        throw new InvalidDataException(
            file, "row " + lines.get(r) + " has " + rows.get(r).length + " fields, expected "
                + names.length + (header ? " (as in the header)" : " (as in the first row)"));
      }
    }
    return new Table(
        names, header, rows.subList(first, rows.size()), lines.subList(first, lines.size()));
  }

  /**
   * The column names of a CSV file as {@link #load} reads them: its header, or {@code column0…} when
   * the first row is all numbers.
   */
  public static List<String> columns(Path file) throws IOException {
    return List.of(parse(file).names());
  }

  /**
   * Rows that a user gives a table model ({@code --input rows.csv}), read with the checks of
   * {@link #load} and put in the model's column order.
   *
   * @param rows one example per row, in the table's own units, without labels
   * @param labels the label column's text per row, or {@code null} when the file has none
   * @param lines the 1-based line of each row in its file
   */
  public record Rows(Split rows, List<String> labels, List<Integer> lines) {}

  /**
   * Reads {@code file}'s rows in a model's columns. With a header, columns are matched by name (in any
   * order): every one of {@code features} must be present, {@code labelColumn} may be (its text is kept
   * apart), and any other column is refused. Without a header, a row holds either exactly the features in
   * the model's order, or every column of {@code tableColumns} (the training table's, label included).
   *
   * @param features the model's feature columns, in its order
   * @param tableColumns the training table's columns, label column included (may be empty)
   * @param labelColumn the name of the training table's label column, or {@code null}
   */
  public static Rows readRows(
      Path file, List<String> features, List<String> tableColumns, String labelColumn)
      throws IOException {
    Table table = parse(file);
    String[] names = table.names();
    int[] featureAt = new int[features.size()];
    int label = -1;
    if (table.header()) {
      List<String> unknown = new ArrayList<>();
      java.util.Arrays.fill(featureAt, -1);
      for (int c = 0; c < names.length; c++) {
        int f = features.indexOf(names[c]);
        if (f >= 0 && featureAt[f] < 0) {
          featureAt[f] = c;
        } else if (names[c].equals(labelColumn) && label < 0) {
          label = c;
        } else {
          unknown.add(names[c]);
        }
      }
      List<String> missing = new ArrayList<>();
      for (int f = 0; f < featureAt.length; f++) {
        if (featureAt[f] < 0) {
          missing.add(features.get(f));
        }
      }
      if (!missing.isEmpty() || !unknown.isEmpty()) {
        throw new InvalidDataException(
            file, "its header does not match the model's columns"
                + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                + (unknown.isEmpty() ? "" : "; not columns of the model: " + String.join(", ", unknown))
                + ". The model's columns are " + String.join(", ", features)
                + (labelColumn == null ? "" : " (and optionally its label column " + labelColumn + ")"));
      }
    } else if (names.length == features.size()) {
      for (int f = 0; f < featureAt.length; f++) {
        featureAt[f] = f;
      }
    } else if (labelColumn != null && names.length == tableColumns.size()
        && tableColumns.contains(labelColumn)) {
      label = tableColumns.indexOf(labelColumn);
      for (int c = 0, f = 0; c < names.length; c++) {
        if (c != label) {
          featureAt[f++] = c;
        }
      }
    } else {
      throw new InvalidDataException(
          file, "has no header and " + names.length + " fields per row; the model takes "
              + features.size() + " (" + String.join(", ", features) + ")"
              + (labelColumn == null ? "" : ", or " + tableColumns.size() + " with its label column "
                  + labelColumn)
              + "; add a header naming the columns");
    }
    int count = table.rows().size();
    float[] values = new float[Math.multiplyExact(count, features.size())];
    List<String> labels = label < 0 ? null : new ArrayList<>();
    for (int r = 0; r < count; r++) {
      String[] row = table.rows().get(r);
      int line = table.lines().get(r);
      for (int f = 0; f < featureAt.length; f++) {
        values[r * featureAt.length + f] = number(file, line, names[featureAt[f]], row[featureAt[f]]);
      }
      if (labels != null) {
        labels.add(row[label]);
      }
    }
    return new Rows(new Split(values, features.size(), null), labels, List.copyOf(table.lines()));
  }

  /**
   * The labels of the rows and, for text labels, the text of each value.
   *
   * @param values one label per row
   * @param names the text of label value i (sorted), or empty for integer labels
   */
  private record Labels(int[] values, List<String> names) {}

  static Reader skipByteOrderMark(Reader reader) throws IOException {
    java.io.PushbackReader pushback = new java.io.PushbackReader(reader, 1);
    int c = pushback.read();
    if (c != -1 && c != '\uFEFF') {
      pushback.unread(c);
    }
    return pushback;
  }

  static boolean allNumbers(String[] row) {
    for (String cell : row) {
      if (Floats.tryParse(cell) == null && !isNonFiniteSpelling(cell)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNonFiniteSpelling(String cell) {
    String c = cell.toLowerCase(java.util.Locale.ROOT);
    return c.equals("nan") || c.equals("inf") || c.equals("-inf") || c.equals("infinity")
        || c.equals("-infinity");
  }

  static String[] defaultNames(int width) {
    String[] names = new String[width];
    for (int i = 0; i < width; i++) {
      names[i] = "column" + i;
    }
    return names;
  }

  static int labelIndex(Path file, String[] names, boolean header, String labelColumn)
      throws InvalidDataException {
    if (labelColumn == null) {
      return -1;
    }
    for (int i = 0; i < names.length && header; i++) {
      if (names[i].equals(labelColumn)) {
        return i;
      }
    }
    try {
      int index = Integer.parseInt(labelColumn);
      if (index >= 0 && index < names.length) {
        return index;
      }
      throw new InvalidDataException(
          file, "--label-column " + index + " is out of range: the file has " + names.length
              + " columns (0-based)");
    } catch (NumberFormatException e) {
      throw new InvalidDataException(
          file, "--label-column '" + labelColumn + "' is not "
              + (header ? "a column of the header " + List.of(names) : "a column number (the file has no header)"));
    }
  }

  static float number(Path file, int line, String column, String cell)
      throws InvalidDataException {
    String where = "row " + line + ", column '" + column + "': ";
    if (cell.isEmpty()) {
      throw new InvalidDataException(file, where + "empty cell; expected a number");
    }
    Float value = Floats.tryParse(cell);
    if (value == null && !isNonFiniteSpelling(cell)) {
      throw new InvalidDataException(file, where + "'" + cell + "' is not a number");
    }
    if (value == null || !Float.isFinite(value)) {
      throw new InvalidDataException(
          file, where + "'" + cell + "' is not a finite float32 number (NaN, infinite or beyond ±3.4e38)");
    }
    return value;
  }

  /** Integer labels as they are; otherwise each distinct text becomes its index in sorted order. */
  private static Labels labels(String[] text) {
    int[] out = new int[text.length];
    boolean integers = true;
    for (int i = 0; i < text.length && integers; i++) {
      try {
        out[i] = Integer.parseInt(text[i]);
      } catch (NumberFormatException e) {
        integers = false;
      }
    }
    if (integers) {
      return new Labels(out, List.of());
    }
    List<String> names = List.copyOf(new TreeSet<>(List.of(text)));
    Map<String, Integer> ids = new HashMap<>();
    for (String t : names) {
      ids.put(t, ids.size());
    }
    for (int i = 0; i < text.length; i++) {
      out[i] = ids.get(text[i]);
    }
    return new Labels(out, names);
  }

  /** Mean and standard deviation per feature over the training rows (in double; constant → std 1). */
  private static ModelManifest.Standardization fit(Split train, List<String> names) {
    StandardizationFit fit = new StandardizationFit(train.exampleSize());
    fit.addForMean(train.values(), train.values().length);
    fit.addForSpread(train.values(), train.values().length);
    return fit.result(names);
  }
}
