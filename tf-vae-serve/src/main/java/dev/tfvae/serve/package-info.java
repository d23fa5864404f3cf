/**
 * The TF Serving–compatible REST server ({@code ./tf-vae serve}): a registry of the versions under one
 * model base folder, the {@code /v1/models/…} API on Jetty, and the mapping between TF Serving's JSON
 * formats and {@link dev.tfvae.infer.VaeModel} calls.
 */
package dev.tfvae.serve;
