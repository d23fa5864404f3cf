/**
 * Pictures of models and their latent spaces: labelled image grids (Java2D, written as PNG by ImageIO) and
 * charts (XChart): latent maps and loss curves.
 */
package dev.tfvae.train.pictures;
