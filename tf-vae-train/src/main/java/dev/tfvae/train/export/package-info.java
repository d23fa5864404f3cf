/** Export of trained models as versioned TF Serving SavedModels with manifest and model card. */
package dev.tfvae.train.export;
