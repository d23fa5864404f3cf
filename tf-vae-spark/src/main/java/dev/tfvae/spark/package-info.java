/**
 * tf-vae models as a Spark ML stage: {@link dev.tfvae.spark.VaeTransformer} adds embeddings, anomaly
 * scores and reconstructions of a tf-vae SavedModel to a DataFrame, in batches, with one loaded model per
 * executor JVM. The other types here serve it: {@link dev.tfvae.spark.VaeOutput} (the columns it can add)
 * and {@link dev.tfvae.spark.InvalidRowException} (what {@code handleInvalid = "error"} throws); the
 * package-private classes read input rows and score partitions on executors.
 */
package dev.tfvae.spark;
