/**
 * Inference on exported tf-vae models. {@link dev.tfvae.infer.VaeModel} loads and validates a SavedModel
 * and answers encode, decode, reconstruct, generate, score, importance-weighted scores and several of
 * those at once ({@link dev.tfvae.infer.VaeModel#analyze}) with plain Java arrays;
 * {@link dev.tfvae.infer.LatentSpace} interpolates, builds attribute vectors and traverses;
 * {@link dev.tfvae.infer.ModelValidator} checks a model without running it; {@link dev.tfvae.infer.ModelPaths}
 * holds the one definition of a version folder. No TensorFlow type appears in this package's API.
 * Package-private collaborators do the work behind {@code VaeModel}: the signature calls (what each
 * signature feeds and fetches, and how its rows reach the engine), the engines that own the native
 * session and their loader, lanes, batch splitting, prepared calls, the importance sampler and input
 * checks.
 */
package dev.tfvae.infer;
