/**
 * The load generator behind {@code ./tf-vae load-test}: concurrent HTTP clients sending {@code :predict}
 * requests, with throughput and latency percentiles.
 */
package dev.tfvae.serve.load;
