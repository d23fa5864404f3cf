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
  private static final int MAX_COLUMNS = 100_000;

  private CsvDataset() {}

  /**
   * @param name the dataset name ({@code csv:FILE})
   * @param file the CSV file
   * @param labelColumn header name or 0-based index of the label column, or {@code null}
   */
  public static Dataset load(String name, Path file, String labelColumn) throws IOException {
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
    int width = names.length;
    int label = labelIndex(file, names, header, labelColumn);
    int features = label < 0 ? width : width - 1;
    if (features == 0) {
      throw new InvalidDataException(file, "has no feature columns besides the label column");
    }
    int count = rows.size() - first;
    float[] values = new float[Math.multiplyExact(count, features)];
    String[] labelText = label < 0 ? null : new String[count];
    for (int r = 0; r < count; r++) {
      String[] row = rows.get(first + r);
      int line = lines.get(first + r);
      if (row.length != width) {
        throw new InvalidDataException(
            file, "row " + line + " has " + row.length + " fields, expected " + width
                + (header ? " (as in the header)" : " (as in the first row)"));
      }
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
   * The labels of the rows and, for text labels, the text of each value.
   *
   * @param values one label per row
   * @param names the text of label value i (sorted), or empty for integer labels
   */
  private record Labels(int[] values, List<String> names) {}

  private static Reader skipByteOrderMark(Reader reader) throws IOException {
    java.io.PushbackReader pushback = new java.io.PushbackReader(reader, 1);
    int c = pushback.read();
    if (c != -1 && c != '\uFEFF') {
      pushback.unread(c);
    }
    return pushback;
  }

  private static boolean allNumbers(String[] row) {
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

  private static String[] defaultNames(int width) {
    String[] names = new String[width];
    for (int i = 0; i < width; i++) {
      names[i] = "column" + i;
    }
    return names;
  }

  private static int labelIndex(Path file, String[] names, boolean header, String labelColumn)
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

  private static float number(Path file, int line, String column, String cell)
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
    int d = train.exampleSize();
    int n = train.count();
    double[] sum = new double[d];
    for (int i = 0; i < n * d; i++) {
      sum[i % d] += train.values()[i];
    }
    double[] mean = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] = sum[j] / n;
    }
    double[] squares = new double[d];
    for (int i = 0; i < n * d; i++) {
      double diff = train.values()[i] - mean[i % d];
      squares[i % d] += diff * diff;
    }
    List<Double> means = new ArrayList<>();
    List<Double> stds = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      double std = Math.sqrt(squares[j] / n);
      means.add(mean[j]);
      stds.add(std > 1e-12 * Math.max(1, Math.abs(mean[j])) ? std : 1.0);
    }
    return new ModelManifest.Standardization(names, means, stds);
  }
}
