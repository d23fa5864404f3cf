/**
 * The benchmark behind {@code ./tf-vae bench}: training, latency, throughput, scaling, memory and load
 * time ({@link dev.tfvae.train.bench.Benchmark}), and the README's results table from a saved run
 * ({@link dev.tfvae.train.bench.BenchTable}); and the comparison with the PyTorch reference in alternating
 * rounds ({@link dev.tfvae.train.bench.AlternatingRounds}, {@link dev.tfvae.train.bench.PyTorchReference},
 * {@link dev.tfvae.train.bench.PyTorchComparison}).
 */
package dev.tfvae.train.bench;
