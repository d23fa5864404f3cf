package dev.tfvae.spark;

import dev.tfvae.infer.ShippedModels;
import dev.tfvae.spark.cli.IdxImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the Spark tests share: one local[2] SparkSession for the whole test JVM (starting one costs
 * seconds), the shipped models, and Fashion-MNIST test images from Debian's package.
 */
public final class TestSpark {
  private static SparkSession spark;
  private static float[][] images;

  private TestSpark() {}

  /** The session of every Spark test; stopped when the test JVM exits. */
  public static synchronized SparkSession session() {
    if (spark == null) {
      spark = SparkSession.builder()
          .appName("tf-vae-spark tests")
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
    }
    return spark;
  }

  public static Path mlp() {
    return ShippedModels.root().resolve("fashion-mnist-vae");
  }

  public static Path conv() {
    return ShippedModels.root().resolve("fashion-mnist-conv-vae");
  }

  /** The first {@code n} Fashion-MNIST test images, pixels divided by 255. */
  public static synchronized float[][] images(int n) {
    if (images == null) {
      try {
        images = IdxImages.scaled(IdxImages.test(IdxImages.FASHION_MNIST));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Arrays.copyOf(images, n);
  }

  /** {@code id} (long) and {@code features} (array<float>) of {@code rows}, in {@code partitions}. */
  public static Dataset<Row> floatTable(float[][] rows, int partitions) {
    List<Row> table = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      table.add(RowFactory.create((long) i, rows[i]));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), true);
    return session().createDataFrame(table, schema).repartition(partitions).sortWithinPartitions("id");
  }
}
