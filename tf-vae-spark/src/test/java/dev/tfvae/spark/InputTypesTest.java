package dev.tfvae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfvae.infer.VaeModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every input column type gives the embeddings tf-vae-infer computes from the same values. */
class InputTypesTest {
  static final int N = 12;
  static float[][] xs;
  static float[][] expected;

  @BeforeAll
  static void inProcess() throws IOException {
    xs = TestSpark.images(N);
    try (VaeModel model = VaeModel.load(TestSpark.mlp())) {
      expected = model.embed(xs);
    }
  }

  @Test
  void arrayOfDoubles() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      rows.add(RowFactory.create((long) i, doubles(xs[i])));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
    check(TestSpark.session().createDataFrame(rows, schema), new VaeTransformer());
  }

  @Test
  void denseAndSparseVectors() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      Vector v = Vectors.dense(doubles(xs[i]));
      rows.add(RowFactory.create((long) i, i % 2 == 0 ? v : v.toSparse()));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType).add("features", SQLDataTypes.VectorType());
    Dataset<Row> table = TestSpark.session().createDataFrame(rows, schema);
    assertEquals(N / 2, table.collectAsList().stream()
        .filter(r -> r.get(1) instanceof org.apache.spark.ml.linalg.SparseVector).count(), "half are sparse");
    check(table, new VaeTransformer());
  }

  @Test
  void numericColumns() {
    StructType schema = new StructType().add("id", DataTypes.LongType);
    String[] names = new String[xs[0].length];
    for (int j = 0; j < names.length; j++) {
      names[j] = "p" + j;
      schema = schema.add(names[j], j % 2 == 0 ? DataTypes.FloatType : DataTypes.DoubleType);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      Object[] values = new Object[names.length + 1];
      values[0] = (long) i;
      for (int j = 0; j < names.length; j++) {
        values[j + 1] = j % 2 == 0 ? (Object) xs[i][j] : (Object) (double) xs[i][j];
      }
      rows.add(RowFactory.create(values));
    }
    check(TestSpark.session().createDataFrame(rows, schema), new VaeTransformer().setInputCols(names));
  }

  @Test
  void imagesOfSparksImageSource(@TempDir Path dir) throws IOException {
    for (int i = 0; i < N; i++) {
      BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < 784; p++) {
        img.getRaster().setSample(p % 28, p / 28, 0, Math.round(xs[i][p] * 255));
      }
      ImageIO.write(img, "png", Files.newOutputStream(dir.resolve(String.format("%02d.png", i))));
    }
    Dataset<Row> images = TestSpark.session().read().format("image").load(dir.toString())
        .withColumn("id", org.apache.spark.sql.functions.regexp_extract(
            org.apache.spark.sql.functions.col("image.origin"), "(\\d+)\\.png$", 1).cast("long"));
    check(images, new VaeTransformer().setInputCol("image"));
  }

  private static double[] doubles(float[] x) {
    double[] d = new double[x.length];
    for (int j = 0; j < d.length; j++) {
      d[j] = x[j];
    }
    return d;
  }

  private static void check(Dataset<Row> table, VaeTransformer vae) {
    List<Row> rows = vae.setModelPath(TestSpark.mlp().toString()).setOutputs("embedding")
        .transform(table).orderBy("id").collectAsList();
    assertEquals(N, rows.size());
    for (int i = 0; i < N; i++) {
      VaeTransformerTest.assertFloats(expected[i], rows.get(i), "embedding", i);
    }
  }
}
