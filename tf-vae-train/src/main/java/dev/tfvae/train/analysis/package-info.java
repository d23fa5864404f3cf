/**
 * Measures beside the networks themselves: principal component analysis (the linear baseline every
 * autoencoder is compared with), nearest neighbours, the latent-continuity measures, AUROC of anomaly
 * scores, and {@link dev.tfvae.train.analysis.Codec}, which lets a model and PCA be measured alike.
 */
package dev.tfvae.train.analysis;
