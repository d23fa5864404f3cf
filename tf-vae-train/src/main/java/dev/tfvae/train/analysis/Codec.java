package dev.tfvae.train.analysis;

/**
 * Anything with a latent space: an encoder to codes and a decoder back, in batches. Autoencoders (through
 * tf-vae-infer) and {@link Pca} both are one, so the same continuity measures apply to all of them.
 */
public interface Codec {
  /** Number of latent dimensions. */
  int latentDim();

  /** The codes of {@code inputs} (for a VAE, μ). */
  float[][] encode(float[][] inputs);

  /** The decoded means of {@code codes}. */
  float[][] decode(float[][] codes);

  /** Encodes and decodes. */
  default float[][] reconstruct(float[][] inputs) {
    return decode(encode(inputs));
  }
}
