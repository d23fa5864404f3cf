package dev.tfvae.spark;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * Turns an RDD of Spark's internal rows into a DataFrame, through {@code
 * SparkSession.internalCreateDataFrame} (the method Spark's own sources use; {@code private[sql]} in
 * Scala, so called by reflection, and present in Spark 3.5 and 4.x). Working on internal rows is what
 * keeps the per-row cost low: a {@code Row} would box every input value (784 {@code Float}s per image)
 * and copy every pass-through column twice; measured at about half the throughput of the model itself.
 */
final class InternalFrames {
  private InternalFrames() {}

  @SuppressWarnings("unchecked")
  static Dataset<Row> create(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    Method create;
    try {
      create = spark.getClass().getMethod("internalCreateDataFrame", RDD.class, StructType.class, boolean.class);
    } catch (NoSuchMethodException e) {
      throw new UnsupportedOperationException("tf-vae-spark needs SparkSession.internalCreateDataFrame(RDD, "
          + "StructType, boolean), which this Spark (" + spark.version() + ", " + spark.getClass().getName()
          + ") does not have; Spark 3.5 and 4.0 to 4.2 have it", e);
    }
    try {
      return (Dataset<Row>) create.invoke(spark, rows, schema, false);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("SparkSession.internalCreateDataFrame is not accessible", e);
    }
  }
}
