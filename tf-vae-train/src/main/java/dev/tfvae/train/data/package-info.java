/**
 * Datasets: the embedded {@code shapes} generator, IDX files (MNIST, Fashion-MNIST) with strict header
 * validation, and the resolver behind {@code --dataset}.
 */
package dev.tfvae.train.data;
