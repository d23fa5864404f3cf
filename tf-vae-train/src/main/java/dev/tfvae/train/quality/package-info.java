/**
 * How good a generative model's samples are, measured with a classifier the project trains: the
 * classifier itself ({@link dev.tfvae.train.quality.ClassifierTrainer}, {@link
 * dev.tfvae.train.quality.Classifier}), the Fréchet distance between the Gaussians fitted to its
 * features of real and generated images (the method of FID, with this classifier in place of Inception:
 * {@link dev.tfvae.train.quality.FrechetDistance}), the share of samples asked for a class that the
 * classifier assigns to it, with the confusion matrix ({@link dev.tfvae.train.quality.ClassMatch}), and
 * the figures of one model together ({@link dev.tfvae.train.quality.SampleQuality}).
 */
package dev.tfvae.train.quality;
