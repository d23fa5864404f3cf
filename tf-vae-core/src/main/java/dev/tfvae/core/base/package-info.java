/**
 * Argument checks and ordered immutable copies for the library modules (tf-vae-core, tf-vae-infer),
 * which carry no Guava: an application or Spark fixes its own Guava version, and an older one ahead on
 * the classpath broke {@code Preconditions.checkArgument} calls inside tf-vae-infer.
 */
package dev.tfvae.core.base;
