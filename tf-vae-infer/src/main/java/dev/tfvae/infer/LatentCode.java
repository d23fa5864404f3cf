package dev.tfvae.infer;

/**
 * The encoder's output for one example.
 *
 * @param mean μ, length L (the embedding)
 * @param logVariance log σ², length L; {@code null} for a plain autoencoder
 */
public record LatentCode(float[] mean, float[] logVariance) {}
