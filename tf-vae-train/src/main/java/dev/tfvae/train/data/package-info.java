/**
 * Datasets and the resolver behind {@code --dataset}: the embedded {@code shapes} generator, IDX files
 * (MNIST, Fashion-MNIST) with strict header validation, CSV tables and image folders. Each
 * {@link dev.tfvae.train.data.Dataset} carries the provenance a manifest records: file digests,
 * preprocessing, and its set-up (label column, label names, table columns).
 */
package dev.tfvae.train.data;
