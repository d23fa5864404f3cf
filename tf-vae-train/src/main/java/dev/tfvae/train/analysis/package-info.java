/**
 * Analyses of data and models beside the networks themselves: principal component analysis (the linear
 * baseline every autoencoder is compared with).
 */
package dev.tfvae.train.analysis;
