package dev.tfvae.spark.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Writes the benchmark's rows as Parquet tables, with an {@code id} column, in {@code files} files. */
final class BenchTables {
  /** OpenCV's type code of 8-bit single-channel images, as Spark's image source writes it. */
  private static final int CV_8UC1 = 0;

  private BenchTables() {}

  /** {@code id}, {@code image}: the struct of Spark's image data source, 8-bit grayscale. */
  static void writeImages(SparkSession spark, byte[][] images, List<Integer> shape, int files, String path) {
    List<Row> table = new ArrayList<>(images.length);
    for (int i = 0; i < images.length; i++) {
      table.add(RowFactory.create((long) i,
          RowFactory.create("fashion-mnist/" + i, shape.get(0), shape.get(1), 1, CV_8UC1, images[i])));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("image", ImageSchema.columnSchema(), false);
    spark.createDataFrame(table, schema).repartition(files).write().parquet(path);
  }

  /** {@code id}, {@code features}: {@code array<float>}, the model's rows. */
  static void writeFloats(SparkSession spark, float[][] rows, int files, String path) {
    List<Row> table = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      table.add(RowFactory.create((long) i, rows[i]));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    spark.createDataFrame(table, schema).repartition(files).write().parquet(path);
  }
}
