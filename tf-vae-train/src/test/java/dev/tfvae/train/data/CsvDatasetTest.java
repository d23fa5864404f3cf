package dev.tfvae.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.Likelihood;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  private Dataset load(Path file, String label) throws IOException {
    return CsvDataset.load("csv:" + file, file, label);
  }

  @Test
  void headerLabelsAndStandardisationFittedOnTrainingRows() throws IOException {
    // Fewer than 10 rows: no validation rows, so all four are training rows.
    Path file = write("t.csv", "a,b,kind\n1,10,cat\n2,10,dog\n3,10,cat\n6,10,ant\n");
    Dataset d = load(file, "kind");
    assertEquals(List.of(2), d.exampleShape());
    assertEquals(4, d.train().count());
    assertArrayEquals(new float[] {1, 10, 2, 10, 3, 10, 6, 10}, d.train().values());
    assertArrayEquals(new int[] {1, 2, 1, 0}, d.train().labels(), "sorted text labels: ant, cat, dog");
    ModelManifest.Standardization s = d.preprocessing().standardization();
    assertEquals(List.of("a", "b"), s.columns());
    // a: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5; b is constant, so its scale is 1.
    assertEquals(3.0, s.mean().get(0), 1e-12);
    assertEquals(Math.sqrt(3.5), s.std().get(0), 1e-12);
    assertEquals(10.0, s.mean().get(1), 1e-12);
    assertEquals(1.0, s.std().get(1), 1e-12);
    assertEquals(Likelihood.GAUSSIAN, d.defaultLikelihood());
    assertEquals(64, d.files().get(0).sha256().length());
    // The set-up the manifest records: the label column as given, the text of each label value, and
    // every column of the file.
    assertEquals(new Dataset.Setup("kind", List.of("ant", "cat", "dog"), List.of("a", "b", "kind")),
        d.setup());
    assertEquals("cat", d.labelNames().get(1));
  }

  @Test
  void noHeaderBomCrlfQuotesAndLabelByIndex() throws IOException {
    Path file = write("n.csv", "\uFEFF\"1.5\", 2 ,7\r\n-3e2,4,8\r\n\r\n");
    Dataset d = load(file, "2");
    assertArrayEquals(new float[] {1.5f, 2, -300, 4}, d.train().values());
    assertArrayEquals(new int[] {7, 8}, d.train().labels());
    assertEquals(List.of("column0", "column1"), d.preprocessing().standardization().columns());
    assertEquals(new Dataset.Setup("2", List.of(), List.of("column0", "column1", "column2")), d.setup(),
        "integer labels are their own names");
    Dataset unlabelled = load(write("u.csv", "1,2\n3,4\n"), null);
    assertNull(unlabelled.train().labels());
    assertEquals(List.of(2), unlabelled.exampleShape());
  }

  @Test
  void everyTenthRowIsHeldOutTheSameWayEachTime() throws IOException {
    StringBuilder text = new StringBuilder("x,y\n");
    for (int i = 0; i < 100; i++) {
      text.append(i).append(',').append(2 * i).append('\n');
    }
    Path file = write("h.csv", text.toString());
    Dataset a = load(file, null);
    assertEquals(90, a.train().count());
    assertEquals(10, a.validation().count());
    assertArrayEquals(a.validation().values(), load(file, null).validation().values());
    // Every row lands in exactly one split.
    double total = 0;
    for (float v : a.train().values()) {
      total += v;
    }
    for (float v : a.validation().values()) {
      total += v;
    }
    assertEquals(3 * (99 * 100 / 2), total, 1e-9);
  }

  @Test
  void badTablesNameTheFileRowAndColumn() throws IOException {
    assertMessage(write("ragged.csv", "a,b\n1,2\n3\n"), null, "ragged.csv: row 3 has 1 fields, expected 2");
    assertMessage(write("text.csv", "a,b\n1,2\n3,abc\n"), null, "row 3, column 'b': 'abc' is not a number");
    assertMessage(write("nan.csv", "a,b\n1,NaN\n"), null, "row 2, column 'b': 'NaN' is not a finite");
    assertMessage(write("inf.csv", "1,2\n-Infinity,2\n"), null, "row 2, column 'column0'");
    assertMessage(write("huge.csv", "1,2\n1e39,2\n"), null, "'1e39' is not a finite float32");
    assertMessage(write("blank.csv", "a,b\n1,\n"), null, "row 2, column 'b': empty cell");
    assertMessage(write("empty.csv", ""), null, "empty.csv: is empty");
    assertMessage(write("header.csv", "a,b\n"), null, "has a header but no data rows");
    assertMessage(write("lab.csv", "a,b\n1,2\n"), "c", "--label-column 'c' is not a column of the header");
    assertMessage(write("idx.csv", "1,2\n"), "5", "--label-column 5 is out of range");
    assertMessage(write("only.csv", "a\n1\n"), "a", "no feature columns");
    assertMessage(write("bin.csv", "a,b\n1,\"2\n"), null, "bin.csv: is not valid CSV");
    assertMessage(write("wide.csv", "1" + ",1".repeat(100_000) + "\n"), null, "row 1 has 100001 columns; at most 100000");
    Files.createDirectory(dir.resolve("folder.csv"));
    assertMessage(dir.resolve("folder.csv"), null, "is a folder");
    assertThrows(NoSuchFileException.class, () -> load(dir.resolve("missing.csv"), null));
  }

  /**
   * A user's rows for a model (--input rows.csv): matched by header name in any order, the label column
   * kept apart, refused naming what is missing or unknown; without a header, positional.
   */
  @Test
  void rowsAreReadInTheModelsColumnOrder() throws IOException {
    List<String> features = List.of("a", "b", "c");
    List<String> table = List.of("a", "b", "kind", "c");
    CsvDataset.Rows rows = CsvDataset.readRows(write("r.csv", "c,kind,a,b\n3,cat,1,2\n6,dog,4,5\n"),
        features, table, "kind");
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, rows.rows().values());
    assertEquals(List.of("cat", "dog"), rows.labels());
    assertEquals(List.of(2, 3), rows.lines());
    assertNull(CsvDataset.readRows(write("n.csv", "b,a,c\n2,1,3\n"), features, table, "kind").labels());
    assertArrayEquals(new float[] {1, 2, 3},
        CsvDataset.readRows(write("p.csv", "1,2,3\n"), features, table, "kind").rows().values());
    CsvDataset.Rows positional = CsvDataset.readRows(write("q.csv", "1,2,7,3\n"), features, table, "kind");
    assertArrayEquals(new float[] {1, 2, 3}, positional.rows().values());
    assertEquals(List.of("7"), positional.labels(), "the label at its place in the training table");

    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> CsvDataset.readRows(write("m.csv", "a,x\n1,2\n"), features, table, "kind"));
    assertTrue(e.getMessage().contains("m.csv: its header does not match the model's columns; missing: b, c;"
        + " not columns of the model: x. The model's columns are a, b, c (and optionally its label column"
        + " kind)"), e.getMessage());
    e = assertThrows(InvalidDataException.class,
        () -> CsvDataset.readRows(write("w.csv", "1,2\n"), features, table, "kind"));
    assertTrue(e.getMessage().contains("has no header and 2 fields per row; the model takes 3 (a, b, c), or 4"
        + " with its label column kind; add a header naming the columns"), e.getMessage());
    e = assertThrows(InvalidDataException.class,
        () -> CsvDataset.readRows(write("t.csv", "a,b,c\n1,,3\n"), features, table, null));
    assertTrue(e.getMessage().contains("row 2, column 'b': empty cell"), e.getMessage());
    assertEquals(List.of("a", "b", "kind"), CsvDataset.columns(write("h.csv", "a,b,kind\n1,2,x\n")));
  }

  private void assertMessage(Path file, String label, String expected) {
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> load(file, label));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
  }
}
