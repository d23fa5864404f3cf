/**
 * Datasets and the resolver behind {@code --dataset}: the embedded {@code shapes} generator, IDX files
 * (MNIST, Fashion-MNIST) with strict header validation, CSV tables and image folders. Each
 * {@link dev.tfvae.train.data.Dataset} carries the provenance a manifest records: file digests,
 * preprocessing, and its set-up (label column, label names, table columns). The same readers take a
 * user's own files for a trained model: {@link dev.tfvae.train.data.CsvDataset#readRows} (rows in the
 * model's columns) and {@link dev.tfvae.train.data.ImageFolderDataset#readImages} (images checked
 * against the model's shape). {@link dev.tfvae.train.data.DatasetLoader#stream} opens IDX folders and
 * CSV tables as a {@link dev.tfvae.train.data.StreamedDataset} instead, read from disk a range at a time
 * for data larger than memory; both are {@link dev.tfvae.train.data.TrainingData}.
 */
package dev.tfvae.train.data;
