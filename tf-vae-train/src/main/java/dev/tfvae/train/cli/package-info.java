/** The {@code tf-vae} command line (picocli): train, eval and the commands to come. */
package dev.tfvae.train.cli;
