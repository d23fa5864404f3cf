/**
 * Analyses beside the networks themselves: principal component analysis (the linear baseline every
 * autoencoder is compared with), nearest neighbours, the latent-continuity measures, and the AE / VAE / PCA
 * comparison.
 */
package dev.tfvae.train.analysis;
