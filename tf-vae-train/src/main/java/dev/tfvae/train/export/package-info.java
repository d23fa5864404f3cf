/**
 * Export of trained models as versioned TF Serving SavedModels with their manifest (written from the
 * training records) and model card (rendered from the manifest).
 */
package dev.tfvae.train.export;
