/** File writing that never leaves a half-written result behind. */
package dev.tfvae.train.io;
