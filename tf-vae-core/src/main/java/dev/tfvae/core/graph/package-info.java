/**
 * Graph builders: stateless functions that take {@code Ops tf} first and add the model's ops under named
 * scopes (encoder, decoder, loss terms, optimizer). Shared by training, evaluation and export.
 */
package dev.tfvae.core.graph;
