/**
 * The {@code tf-vae} command line (picocli): one class per command (or per family of commands), and the
 * option groups they share as mixins — {@link dev.tfvae.train.cli.ModelOptions} and
 * {@link dev.tfvae.train.cli.TrainingOptions} (train, compare; defaults from the core records' builders),
 * {@link dev.tfvae.train.cli.DatasetOptions} and {@link dev.tfvae.train.cli.DataSourceOptions} (the data),
 * {@link dev.tfvae.train.cli.ModelInputs} (a model and its data, read with the set-up its manifest
 * records) and {@link dev.tfvae.train.cli.ImportanceOptions} (the importance-weighted bound).
 */
package dev.tfvae.train.cli;
