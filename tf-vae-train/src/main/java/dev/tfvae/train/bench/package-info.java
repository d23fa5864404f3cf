/**
 * The benchmark behind {@code ./tf-vae bench}: training, latency, throughput, scaling, memory and load
 * time ({@link dev.tfvae.train.bench.Benchmark}), and the README's results table from a saved run
 * ({@link dev.tfvae.train.bench.BenchTable}).
 */
package dev.tfvae.train.bench;
