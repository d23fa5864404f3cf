package dev.tfvae.train.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.tfvae.core.contract.ModelManifest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Opens a CSV table for streamed training. One pass parses it row by row with the checks of
 * {@link CsvDataset} (the same header rule, label column, finite numbers, messages naming the line and
 * column) and writes the features as float32 rows to a temporary file; the split is {@link HoldOut}'s and
 * the standardisation is fitted over the training rows in two passes over that file, so both equal what
 * {@link CsvDataset#load} computes, bit for bit. Only one row is parsed at a time.
 */
final class StreamedCsv {
  /** Distinct text labels kept for their names; a table with more is refused. */
  static final int MAX_LABEL_NAMES = 65_536;

  /** Rows per read of the fitting passes. */
  private static final int FIT_ROWS = 4096;

  /** At most this many values per read of the fitting passes (16 MiB). */
  private static final int FIT_VALUES = 1 << 22;

  private StreamedCsv() {}

  static StreamedDataset open(String name, Path file, String labelColumn) throws IOException {
    if (Files.isDirectory(file)) {
      throw new InvalidDataException(file, "is a folder; csv:FILE needs a CSV file");
    }
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "CSV file not found: " + file);
    }
    Path scratch = Files.createTempFile("tf-vae-stream-", ".f32");
    scratch.toFile().deleteOnExit();
    boolean done = false;
    try {
      Converted table = convert(file, labelColumn, scratch);
      int rows = table.rows();
      RowFile rowFile =
          new RowFile(scratch, 0, table.features().size(), RowFile.Encoding.FLOAT32, rows);
      BitSet validation = HoldOut.validationRows(rows);
      BitSet training = (BitSet) validation.clone();
      training.flip(0, rows);
      StreamedSplit train = StreamedSplit.of(rowFile, training);
      ModelManifest.Standardization standardization = fit(train, table.features());
      StreamedDataset data =
          new StreamedDataset(
              name,
              List.of(table.features().size()),
              train,
              StreamedSplit.of(rowFile, validation),
              List.of(Dataset.digest(file)),
              new ModelManifest.Preprocessing(
                  "CSV numbers standardised per column with the training rows' mean and standard"
                      + " deviation (done inside the exported graph)",
                  1,
                  standardization),
              new Dataset.Setup(labelColumn, table.labelNames(), table.columns()),
              scratch);
      done = true;
      return data;
    } finally {
      if (!done) {
        Files.deleteIfExists(scratch);
      }
    }
  }

  /**
   * What the conversion found.
   *
   * @param columns every column as read, label included
   * @param features the feature columns
   * @param labelNames names of text label values (sorted), empty for integer labels or none
   * @param rows data rows written
   */
  private record Converted(List<String> columns, List<String> features, List<String> labelNames, int rows) {}

  private static Converted convert(Path file, String labelColumn, Path scratch) throws IOException {
    CsvMapper mapper = new CsvMapper();
    String[] names = null;
    int label = -1;
    int features = 0;
    int rows = 0;
    boolean integerLabels = true;
    TreeSet<String> labelTexts = new TreeSet<>();
    ByteBuffer row = null;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> it =
            mapper
                .readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY)
                .with(CsvParser.Feature.SKIP_EMPTY_LINES)
                .with(CsvParser.Feature.TRIM_SPACES)
                .readValues(CsvDataset.skipByteOrderMark(reader));
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(scratch), 1 << 16)) {
      boolean header = false;
      while (it.hasNextValue()) {
        int line = it.getCurrentLocation().getLineNr();
        String[] cells = it.nextValue();
        if (cells.length > CsvDataset.MAX_COLUMNS) {
          throw new InvalidDataException(
              file, "row " + line + " has " + cells.length + " columns; at most "
                  + CsvDataset.MAX_COLUMNS + " are supported");
        }
        if (names == null) {
          header = !CsvDataset.allNumbers(cells);
          names = header ? cells : CsvDataset.defaultNames(cells.length);
          label = CsvDataset.labelIndex(file, names, header, labelColumn);
          features = label < 0 ? names.length : names.length - 1;
          if (features == 0) {
            throw new InvalidDataException(file, "has no feature columns besides the label column");
          }
          row = ByteBuffer.allocate(features * 4).order(ByteOrder.LITTLE_ENDIAN);
          if (header) {
            continue;
          }
        }
        if (cells.length != names.length) {
          throw new InvalidDataException(
              file, "row " + line + " has " + cells.length + " fields, expected " + names.length
                  + (header ? " (as in the header)" : " (as in the first row)"));
        }
        if (rows == Integer.MAX_VALUE) {
          throw new InvalidDataException(file, "has more than " + Integer.MAX_VALUE + " rows");
        }
        row.clear();
        for (int c = 0; c < names.length; c++) {
          if (c == label) {
            String text = cells[c];
            integerLabels = integerLabels && isInteger(text);
            if (labelTexts != null) {
              labelTexts.add(text);
              if (labelTexts.size() > MAX_LABEL_NAMES) {
                labelTexts = null;
              }
            }
            if (!integerLabels && labelTexts == null) {
              throw new InvalidDataException(
                  file, "label column '" + names[c] + "' has more than " + MAX_LABEL_NAMES
                      + " distinct text values (row " + line + ")");
            }
            continue;
          }
          row.putFloat(CsvDataset.number(file, line, names[c], cells[c]));
        }
        out.write(row.array());
        rows++;
      }
    } catch (CharacterCodingException e) {
      throw new InvalidDataException(file, "is not UTF-8 text", e);
    } catch (RuntimeException | com.fasterxml.jackson.core.JacksonException e) {
      throw new InvalidDataException(file, "is not valid CSV: " + e.getMessage(), e);
    }
    if (names == null) {
      throw new InvalidDataException(file, "is empty; expected a header and/or rows of numbers");
    }
    if (rows == 0) {
      throw new InvalidDataException(file, "has a header but no data rows");
    }
    List<String> featureNames = new ArrayList<>();
    for (int c = 0; c < names.length; c++) {
      if (c != label) {
        featureNames.add(names[c]);
      }
    }
    List<String> labelNames =
        label < 0 || integerLabels ? List.of() : List.copyOf(labelTexts);
    return new Converted(Arrays.asList(names), featureNames, labelNames, rows);
  }

  private static boolean isInteger(String text) {
    try {
      Integer.parseInt(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static ModelManifest.Standardization fit(StreamedSplit train, List<String> names)
      throws IOException {
    int d = train.exampleSize();
    StandardizationFit fit = new StandardizationFit(d);
    int blockRows = Math.max(1, Math.min(Math.min(FIT_ROWS, train.count()), FIT_VALUES / d));
    float[] block = new float[blockRows * d];
    for (int pass = 0; pass < 2; pass++) {
      for (int first = 0; first < train.count(); first += blockRows) {
        int n = Math.min(blockRows, train.count() - first);
        train.read(first, n, block);
        if (pass == 0) {
          fit.addForMean(block, n * d);
        } else {
          fit.addForSpread(block, n * d);
        }
      }
    }
    return fit.result(names);
  }
}
