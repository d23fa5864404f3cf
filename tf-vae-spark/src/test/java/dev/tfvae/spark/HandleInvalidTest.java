package dev.tfvae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.VaeModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rows the model cannot take, in each handleInvalid mode. */
class HandleInvalidTest {
  /** ids 0, 3 and 6 are good; the others are broken, each in its own way. */
  static Dataset<Row> table;
  static float[][] good;
  static float[][] expected;

  @BeforeAll
  static void table() throws Exception {
    float[][] xs = TestSpark.images(7);
    good = new float[][] {xs[0], xs[3], xs[6]};
    List<Row> rows = new ArrayList<>();
    rows.add(row(0, boxed(xs[0])));
    rows.add(row(1, boxed(Arrays.copyOf(xs[1], 783))));
    float[] nan = xs[2].clone();
    nan[5] = Float.NaN;
    rows.add(row(2, boxed(nan)));
    rows.add(row(3, boxed(xs[3])));
    float[] high = xs[4].clone();
    high[9] = 1.5f;
    rows.add(row(4, boxed(high)));
    Float[] withNull = boxed(xs[5]);
    withNull[2] = null;
    rows.add(row(5, withNull));
    rows.add(row(6, boxed(xs[6])));
    rows.add(RowFactory.create(7L, null));
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("features", DataTypes.createArrayType(DataTypes.FloatType, true));
    table = TestSpark.session().createDataFrame(rows, schema).coalesce(1);
    try (VaeModel model = VaeModel.load(TestSpark.mlp())) {
      expected = model.embed(good);
    }
  }

  @Test
  void errorFailsTheJobNamingTheFirstBadRow() {
    VaeTransformer vae = stage("error");
    VaeTransformerTest.assertMessage(
        "row 1 of partition 0 (id=1): input column \"features\" has 783 values; the model expects 784",
        () -> vae.transform(table).collectAsList());
    Throwable t = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> vae.transform(table.filter("id >= 2")).collectAsList());
    boolean found = false;
    for (Throwable c = t; c != null; c = c.getCause()) {
      found |= c instanceof InvalidRowException
          && c.getMessage().contains("(id=2): input column \"features\" value 5 is NaN; inputs must be finite");
    }
    assertTrue(found, "an InvalidRowException naming id 2 in the causes of " + t);
  }

  @Test
  void skipLeavesBadRowsOut() {
    List<Row> rows = stage("skip").transform(table).orderBy("id").collectAsList();
    assertEquals(List.of(0L, 3L, 6L), rows.stream().map(r -> r.getLong(0)).toList());
    for (int i = 0; i < 3; i++) {
      VaeTransformerTest.assertFloats(expected[i], rows.get(i), "embedding", i);
    }
  }

  @Test
  void keepGivesNullOutputsAndSaysWhy() {
    Dataset<Row> out = stage("keep").setErrorCol("why").transform(table);
    List<Row> rows = out.orderBy("id").collectAsList();
    assertEquals(8, rows.size());
    String[] why = rows.stream().map(r -> r.getString(r.fieldIndex("why"))).toArray(String[]::new);
    assertNull(why[0]);
    assertNull(why[3]);
    assertNull(why[6]);
    assertEquals("input column \"features\" has 783 values; the model expects 784", why[1]);
    assertEquals("input column \"features\" value 5 is NaN; inputs must be finite", why[2]);
    assertEquals("input column \"features\" value 9 is 1.5; this model's inputs are in [0, 1] (for 8-bit "
        + "pixels divide by 255)", why[4]);
    assertEquals("input column \"features\" value 2 is null", why[5]);
    assertEquals("input column \"features\" is null", why[7]);
    int k = 0;
    for (int i = 0; i < 8; i++) {
      Row r = rows.get(i);
      if (why[i] == null) {
        VaeTransformerTest.assertFloats(expected[k++], r, "embedding", i);
        assertNotNull(r.get(r.fieldIndex("neg_elbo")));
      } else {
        VaeTransformerTest.assertNoOutputs(r);
      }
    }
  }

  private static VaeTransformer stage(String mode) {
    return new VaeTransformer().setModelPath(TestSpark.mlp().toString()).setHandleInvalid(mode).setBatchSize(2);
  }

  private static Row row(long id, Float[] values) {
    return RowFactory.create(id, Arrays.asList(values));
  }

  private static Float[] boxed(float[] x) {
    Float[] b = new Float[x.length];
    for (int i = 0; i < x.length; i++) {
      b[i] = x[i];
    }
    return b;
  }
}
