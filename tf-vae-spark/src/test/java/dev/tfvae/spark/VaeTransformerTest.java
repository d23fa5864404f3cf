package dev.tfvae.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.Analysis;
import dev.tfvae.infer.VaeModel;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** The stage's outputs against tf-vae-infer's in-process results, row for row, on a real local[2] Spark. */
class VaeTransformerTest {
  /** Batched float32 results differ in the last bits between batch compositions (tf-vae-infer's guarantee). */
  static final double TOLERANCE = 1e-5;

  @Test
  void everyOutputEqualsInProcessResultsRowForRow() throws Exception {
    checkAgainstInProcess(TestSpark.mlp(), 150, 3, 64);
  }

  @Test
  void convolutionalModelToo() throws Exception {
    checkAgainstInProcess(TestSpark.conv(), 60, 2, 25);
  }

  private static void checkAgainstInProcess(Path model, int n, int partitions, int batchSize) throws Exception {
    float[][] xs = TestSpark.images(n);
    VaeTransformer vae = new VaeTransformer()
        .setModelPath(model.toString())
        .setOutputs("embedding", "log_variance", "neg_elbo", "reconstruction_loss", "kl", "reconstruction",
            "iwae_nll")
        .setIwaeSamples(8)
        .setSeed(7)
        .setBatchSize(batchSize);
    List<Row> rows = vae.transform(TestSpark.floatTable(xs, partitions)).orderBy("id").collectAsList();
    assertEquals(n, rows.size());
    try (VaeModel in = VaeModel.loader(model).threads(2).load()) {
      List<Analysis> expected = in.analyze(xs, EnumSet.allOf(Analysis.Part.class));
      double[] bounds = in.importanceScores(xs, 8, 7);
      for (int i = 0; i < n; i++) {
        Row r = rows.get(i);
        Analysis e = expected.get(i);
        assertEquals(i, r.getLong(r.fieldIndex("id")));
        assertFloats(e.mean(), r, "embedding", i);
        assertFloats(e.logVariance(), r, "log_variance", i);
        assertFloats(e.reconstruction(), r, "reconstruction", i);
        assertClose(e.score().negElbo(), r.getDouble(r.fieldIndex("neg_elbo")), "neg_elbo", i);
        assertClose(e.score().reconstructionLoss(), r.getDouble(r.fieldIndex("reconstruction_loss")),
            "reconstruction_loss", i);
        assertClose(e.score().kl(), r.getDouble(r.fieldIndex("kl")), "kl", i);
        assertClose(bounds[i], r.getDouble(r.fieldIndex("iwae_nll")), "iwae_nll", i);
        assertArrayEquals(xs[i], floats(r, "features"), "the input column is kept");
      }
    }
  }

  @Test
  void rowsKeepTheirOrderAcrossBatchBoundaries() {
    // Hash-partitioned and sorted within partitions (descending), so that both runs see the same order.
    Dataset<Row> table = TestSpark.floatTable(TestSpark.images(40), 1)
        .repartition(3, org.apache.spark.sql.functions.col("id").mod(3))
        .sortWithinPartitions(org.apache.spark.sql.functions.col("id").desc());
    List<Row> before = table.select("id").collectAsList();
    VaeTransformer vae = new VaeTransformer().setModelPath(TestSpark.mlp().toString()).setBatchSize(7);
    List<Row> after = vae.transform(table).select("id").collectAsList();
    assertEquals(before, after);
  }

  @Test
  void schemaAddsTheOutputsWithTheirTypesAndTheResolvedVersionInTheirMetadata() {
    Dataset<Row> out = new VaeTransformer().setModelPath(TestSpark.mlp().toString())
        .transform(TestSpark.floatTable(TestSpark.images(2), 1));
    assertEquals(List.of("id", "features", "embedding", "neg_elbo", "reconstruction_loss", "kl"),
        List.of(out.columns()));
    assertEquals(DataTypes.createArrayType(DataTypes.FloatType, false), out.schema().apply("embedding").dataType());
    assertEquals(DataTypes.DoubleType, out.schema().apply("kl").dataType());
    assertEquals(2, out.schema().apply("embedding").metadata().getLong("tfvae_version"));
    assertTrue(out.schema().apply("kl").metadata().getString("tfvae_model")
        .endsWith("savedmodels/fashion-mnist-vae/2"));
  }

  @Test
  void badParamsAndSchemasFailOnTheDriverNamingWhatIsWrong() {
    Dataset<Row> table = TestSpark.floatTable(TestSpark.images(2), 1);
    String mlp = TestSpark.mlp().toString();
    assertMessage("input column \"pixels\" does not exist",
        () -> new VaeTransformer().setModelPath(mlp).setInputCol("pixels").transform(table));
    assertMessage("input column \"id\" has type bigint",
        () -> new VaeTransformer().setModelPath(mlp).setInputCol("id").transform(table));
    assertMessage("unknown output \"mu\"", () -> new VaeTransformer().setOutputs("embedding", "mu"));
    assertMessage("the input already has a column \"embedding\"",
        () -> new VaeTransformer().setModelPath(mlp).transform(table.withColumnRenamed("id", "embedding")));
    assertMessage("modelPath is not set", () -> new VaeTransformer().transformSchema(table.schema()));
    assertMessage("set inputCol or inputCols, not both",
        () -> new VaeTransformer().setModelPath(mlp).setInputCol("features").setInputCols("id")
            .transform(table));
    assertMessage("1 columns, the model",
        () -> new VaeTransformer().setModelPath(mlp).setInputCols("id").transform(table));
    assertMessage("model folder not found",
        () -> new VaeTransformer().setModelPath(mlp + "-missing").transform(table));
    assertThrows(IllegalArgumentException.class, () -> new VaeTransformer().setHandleInvalid("ignore"));
    assertThrows(IllegalArgumentException.class, () -> new VaeTransformer().setBatchSize(0));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    Throwable t = assertThrows(Throwable.class, call);
    StringBuilder messages = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      messages.append(c.getMessage()).append(" | ");
    }
    assertTrue(messages.toString().contains(expected), "expected \"" + expected + "\" in: " + messages);
  }

  static float[] floats(Row r, String column) {
    List<Float> list = r.getList(r.fieldIndex(column));
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  static void assertFloats(float[] expected, Row r, String column, int row) {
    float[] actual = floats(r, column);
    assertEquals(expected.length, actual.length, column + " of row " + row);
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], TOLERANCE * Math.max(1, Math.abs(expected[j])),
          column + " of row " + row + " value " + j);
    }
  }

  static void assertClose(double expected, double actual, String column, int row) {
    assertNotNull(actual);
    assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), column + " of row " + row);
  }

  static void assertNoOutputs(Row r) {
    for (VaeOutput o : VaeTransformer.DEFAULT_OUTPUTS) {
      assertNull(r.get(r.fieldIndex(o.columnName())), o.columnName());
    }
  }
}
