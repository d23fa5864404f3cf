/**
 * The AE / VAE / PCA comparison behind {@code ./tf-vae compare}: trains a plain autoencoder and a VAE with
 * the same networks and latent size, fits PCA with as many components, measures each with the analyses
 * of {@link dev.tfvae.train.analysis} and draws their latent maps, prior samples and interpolations.
 */
package dev.tfvae.train.compare;
