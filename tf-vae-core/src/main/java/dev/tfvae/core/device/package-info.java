/**
 * Which device TensorFlow computes on: {@link dev.tfvae.core.device.ComputeDevice} finds out whether the
 * natives on the class path (TF Java's {@code linux-x86_64} or {@code linux-x86_64-gpu} classifier) see a
 * GPU, and the graph builders place their ops accordingly.
 */
package dev.tfvae.core.device;
