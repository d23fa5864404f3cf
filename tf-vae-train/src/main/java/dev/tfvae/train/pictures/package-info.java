/**
 * Pictures of models and their latent spaces: labelled image grids (Java2D, written as PNG by ImageIO),
 * charts (XChart): latent maps and loss curves, and the one-page HTML report that embeds them.
 */
package dev.tfvae.train.pictures;
