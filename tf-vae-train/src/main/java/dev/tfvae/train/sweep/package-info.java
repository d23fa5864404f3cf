/**
 * Sweeps: a grid of latent sizes, hidden layers and KL weights trained one process per run, resumable
 * from a JSONL file of finished runs, and the rate–distortion picture of the results.
 */
package dev.tfvae.train.sweep;
