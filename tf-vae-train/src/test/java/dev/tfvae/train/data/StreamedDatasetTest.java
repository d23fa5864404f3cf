package dev.tfvae.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed dataset holds the same examples, split, scaling, standardisation and provenance as the
 * same files loaded into memory, read back through ranges that start and end anywhere (inside the
 * remembered strides, across runs of held-out rows); files it cannot stream are refused by name.
 */
class StreamedDatasetTest {
  @TempDir Path dir;

  private static DatasetLoader loader() {
    return new DatasetLoader(null, Map.of(), Path.of("/nonexistent-home"));
  }

  @Test
  void idxWithATestSplitStreamsTheExamplesItLoads() throws IOException {
    Path idx = IdxFiles.write(dir.resolve("with-test"), 3000, 700, 12, 5, false);
    Dataset loaded = loader().load("idx:" + idx);
    try (StreamedDataset streamed = loader().stream("idx:" + idx)) {
      assertSameData(loaded, streamed);
    }
  }

  @Test
  void idxWithoutATestSplitHoldsOutTheSameExamples() throws IOException {
    Path idx = IdxFiles.write(dir.resolve("train-only"), 2500, 0, 10, 6, false);
    Dataset loaded = loader().load("idx:" + idx);
    try (StreamedDataset streamed = loader().stream("idx:" + idx)) {
      assertEquals(250, streamed.validation().count());
      assertSameData(loaded, streamed);
    }
  }

  @Test
  void csvStreamsTheSameStandardisedRowsAndLabelsAndDeletesItsScratchFile() throws IOException {
    Path csv = dir.resolve("table.csv");
    List<String> lines = new ArrayList<>();
    lines.add("a,b,kind,c");
    SplittableRandom random = new SplittableRandom(9);
    for (int r = 0; r < 3100; r++) {
      lines.add(String.format(Locale.ROOT, "%.4f,%d,%s,%.6e", random.nextGaussian() * 3 + 1,
          random.nextInt(100), random.nextBoolean() ? "left" : "right", random.nextDouble() * 1e-3));
    }
    Files.write(csv, lines);
    Dataset loaded = loader().withLabelColumn("kind").load("csv:" + csv);
    Path scratch;
    try (StreamedDataset streamed = loader().withLabelColumn("kind").stream("csv:" + csv)) {
      scratch = streamed.scratch();
      assertTrue(Files.isRegularFile(scratch));
      assertSameData(loaded, streamed);
      assertEquals(List.of("left", "right"), streamed.setup().labelNames());
      var s = loaded.preprocessing().standardization();
      ExampleSource view = streamed.train().standardized(s);
      assertArrayEquals(loaded.train().standardized(s).values(), all(view));
    }
    assertFalse(Files.exists(scratch), "close() deletes the float32 copy");
  }

  @Test
  void badCsvCellsAreNamedByLineAndColumnAndLeaveNoScratchFile() throws IOException {
    Path csv = dir.resolve("bad.csv");
    Files.write(csv, List.of("x,y", "1,2", "3,oops"));
    long before = scratchFiles();
    InvalidDataException e =
        assertThrows(InvalidDataException.class, () -> loader().stream("csv:" + csv));
    assertTrue(e.getMessage().contains("row 3, column 'y'"), e.getMessage());
    assertEquals(before, scratchFiles(), "a failed conversion removes its temporary file");
  }

  @Test
  void compressedIdxAndUnstreamableDatasetsAreRefusedByName() throws IOException {
    Path gz = IdxFiles.write(dir.resolve("gz"), 100, 0, 8, 1, true);
    InvalidDataException e =
        assertThrows(InvalidDataException.class, () -> loader().stream("idx:" + gz));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(e.getMessage().contains("gunzip"), e.getMessage());
    IllegalArgumentException shapes =
        assertThrows(IllegalArgumentException.class, () -> loader().stream("shapes"));
    assertTrue(shapes.getMessage().contains("cannot be streamed"), shapes.getMessage());
  }

  @Test
  void inMemoryEstimateFollowsTheHeadersNotTheCompressedSize() throws IOException {
    Path raw = IdxFiles.write(dir.resolve("raw"), 1000, 200, 8, 1, false);
    Path gz = IdxFiles.write(dir.resolve("gz2"), 1000, 200, 8, 1, true);
    assertEquals(9L * 1200 * 64, loader().inMemoryBytes("idx:" + raw));
    assertEquals(9L * 1200 * 64, loader().inMemoryBytes("idx:" + gz));
    assertEquals(0, loader().inMemoryBytes("shapes"));
  }

  private long scratchFiles() throws IOException {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("tf-vae-stream-")).count();
    }
  }

  private static void assertSameData(Dataset loaded, StreamedDataset streamed) throws IOException {
    assertEquals(loaded.info(), streamed.info());
    assertEquals(loaded.exampleShape(), streamed.exampleShape());
    assertEquals(loaded.preprocessing(), streamed.preprocessing());
    assertEquals(loaded.setup(), streamed.setup());
    assertArrayEquals(loaded.train().values(), all(streamed.train()));
    assertArrayEquals(loaded.validation().values(), all(streamed.validation()));
    // Ranges that start inside a stride and cross held-out rows read the same values.
    Split train = loaded.train();
    int d = train.exampleSize();
    for (int[] range : new int[][] {{0, 1}, {1023, 2}, {1025, 700}, {train.count() - 3, 3}}) {
      float[] got = new float[range[1] * d];
      streamed.train().read(range[0], range[1], got);
      float[] expected = new float[range[1] * d];
      train.read(range[0], range[1], expected);
      assertArrayEquals(expected, got, "examples " + range[0] + " +" + range[1]);
    }
    assertThrows(IndexOutOfBoundsException.class,
        () -> streamed.train().read(train.count() - 1, 2, new float[2 * d]));
  }

  private static float[] all(ExampleSource source) throws IOException {
    float[] values = new float[source.count() * source.exampleSize()];
    source.read(0, source.count(), values);
    return values;
  }
}
