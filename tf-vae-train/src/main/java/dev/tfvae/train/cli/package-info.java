/**
 * The {@code tf-vae} command line (picocli): one class per command (or per family of commands), and the
 * option groups they share as mixins — {@link dev.tfvae.train.cli.ModelOptions} and
 * {@link dev.tfvae.train.cli.TrainingOptions} (train, compare; defaults from the core records' builders),
 * {@link dev.tfvae.train.cli.DatasetOptions} and {@link dev.tfvae.train.cli.DataSourceOptions} (the data),
 * {@link dev.tfvae.train.cli.ModelInputs} (a model and its data, read with the set-up its manifest
 * records), {@link dev.tfvae.train.cli.InputFiles} (the user's own files, {@code --input}) and
 * {@link dev.tfvae.train.cli.ImportanceOptions} (the importance-weighted bound). The examples a command
 * runs on are an {@link dev.tfvae.train.cli.Examples}; {@link dev.tfvae.train.cli.DataMismatch} says why
 * data does not fit a model; {@link dev.tfvae.train.cli.TextTable} writes the text output for people
 * ({@code --json} is the interface for programs).
 */
package dev.tfvae.train.cli;
