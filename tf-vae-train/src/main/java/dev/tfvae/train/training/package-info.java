/**
 * Training: configuration, the trainer and its listener, checkpoints, and evaluation of the negative ELBO,
 * its z = μ variant and the importance-weighted bound.
 */
package dev.tfvae.train.training;
