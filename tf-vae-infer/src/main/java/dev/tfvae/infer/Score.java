package dev.tfvae.infer;

/**
 * Per-example anomaly scores (higher = less like the training data), in nats.
 *
 * @param negElbo reconstruction loss + KL (reconstruction evaluated at z = μ); equals
 *     {@code reconstructionLoss} for a plain autoencoder
 * @param reconstructionLoss −log p(x | z = μ)
 * @param kl KL(q(z|x) ‖ N(0, I)); 0 for a plain autoencoder
 */
public record Score(double negElbo, double reconstructionLoss, double kl) {}
