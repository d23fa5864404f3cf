/** The benchmark behind {@code ./tf-vae bench}: training, latency, throughput, scaling, memory, load time. */
package dev.tfvae.train.bench;
