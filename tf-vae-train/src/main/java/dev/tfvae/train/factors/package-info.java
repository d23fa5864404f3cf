/**
 * What a latent space learned about factors known from the data's generator: measurements of the factors
 * on images themselves (independent of any model), the mutual information gap, attribute vectors learned
 * from the factors and checked on the decoded images.
 */
package dev.tfvae.train.factors;
