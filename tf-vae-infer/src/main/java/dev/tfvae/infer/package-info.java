/**
 * Inference on exported tf-vae models: {@link dev.tfvae.infer.VaeModel} loads and validates a SavedModel
 * and answers encode, decode, reconstruct, generate and score with plain Java arrays; no TensorFlow type
 * crosses this package's API.
 */
package dev.tfvae.infer;
