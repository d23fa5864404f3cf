/**
 * Value types that configure a model and a training run: what the user chooses about the model
 * ({@link dev.tfvae.core.model.ModelSettings}), the model as built for the data
 * ({@link dev.tfvae.core.model.VaeConfig}: those settings plus the input shape, likelihood resolved),
 * everything else that changes a run's result ({@link dev.tfvae.core.model.TrainingSettings},
 * {@link dev.tfvae.core.model.LearningRateSchedule}), and the enums they are made of. Each record has one
 * builder, whose initial values are the defaults of the command line.
 */
package dev.tfvae.core.model;
