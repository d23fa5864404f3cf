/**
 * The SavedModel contract: signature names and keys ({@link dev.tfvae.core.contract.SignatureContract}),
 * the serving graph that fulfils it ({@link dev.tfvae.core.contract.InferenceGraph}) and the provenance
 * manifest stored beside it ({@link dev.tfvae.core.contract.ModelManifest}: the model's configuration,
 * the training settings, the data and its set-up, metrics and versions).
 */
package dev.tfvae.core.contract;
