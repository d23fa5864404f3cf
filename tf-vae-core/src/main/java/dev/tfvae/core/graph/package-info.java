/**
 * Graph builders: stateless functions that take {@code Ops tf} first and add the model's ops under named
 * scopes (encoder, decoder, loss terms, optimizer), shared by training, evaluation and export; the
 * {@link dev.tfvae.core.graph.ModelLayout} that names every parameter and its shape, and the variables and
 * initialisers that hold them. Where TensorFlow Java's framework computes the same thing correctly it is
 * used (docs/tensorflow-framework.md); the Adam update is hand-built.
 */
package dev.tfvae.core.graph;
