/**
 * Training and evaluation. {@link dev.tfvae.train.training.TrainingConfig} joins the core records (the
 * model chosen, the training settings) with the run's folders; {@link dev.tfvae.train.training.VaeTrainer}
 * is the entry point, made of a {@code ResumePlan} (fresh run or resume, checked against the
 * {@code RunFingerprint} stored in each checkpoint's {@code state.json}), a {@code TrainingStep} (one Adam
 * step on the batch its {@code Batches} feeds: {@code InMemoryBatches} gathers rows of one native
 * tensor, {@code StreamedBatches} copies them from a window read from disk in the {@code StreamOrder})
 * and an {@code EpochLoop} (the steps of each epoch and its bookkeeping: validation, checkpoint,
 * TensorBoard, early stopping). Evaluation computes the negative ELBO and its z = μ variant with the
 * training graph ({@link dev.tfvae.train.training.ModelEvaluation}); the importance-weighted bound comes
 * from tf-vae-infer through {@link dev.tfvae.train.training.ImportanceBound}.
 */
package dev.tfvae.train.training;
