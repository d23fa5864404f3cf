/**
 * How a model reaches Spark's executors: {@link dev.tfvae.spark.models.ModelResolver} turns a model path on
 * any Hadoop file system into one {@link dev.tfvae.spark.models.ResolvedModel} on the driver, and {@link
 * dev.tfvae.spark.models.ExecutorModels} gives each executor JVM one loaded copy of exactly that version.
 * Public because the stage in {@code dev.tfvae.spark} and the command line use them; they are not meant to
 * be called by applications.
 */
package dev.tfvae.spark.models;
