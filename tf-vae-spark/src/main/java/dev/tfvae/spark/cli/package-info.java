/**
 * {@code ./tf-vae spark-score}: the {@link dev.tfvae.spark.VaeTransformer} for people without a Spark
 * project (Parquet, CSV or JSON Lines in; Parquet or JSON Lines out), and its {@code --bench}, which
 * measures Spark's throughput against a plain tf-vae-infer loop over the same rows.
 */
package dev.tfvae.spark.cli;
