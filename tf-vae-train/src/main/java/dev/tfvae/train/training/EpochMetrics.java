package dev.tfvae.train.training;

/**
 * What one epoch did.
 *
 * @param epoch 1-based epoch number
 * @param loss mean training objective (recon + β·kl) over the epoch's examples
 * @param recon mean training reconstruction term
 * @param kl mean training KL term
 * @param validation figures on the validation split at the end of the epoch (no IWAE)
 * @param samplesPerSecond training examples per second in this epoch (steps only, not validation)
 * @param seconds wall time of the epoch including validation
 */
public record EpochMetrics(
    int epoch,
    double loss,
    double recon,
    double kl,
    EvalMetrics validation,
    double samplesPerSecond,
    double seconds) {}
