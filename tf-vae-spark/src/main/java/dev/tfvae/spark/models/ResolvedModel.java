package dev.tfvae.spark.models;

import java.io.Serializable;
import java.util.List;

/**
 * One model version, chosen on the driver, with what the driver must know to plan a job (the rows it
 * accepts, the outputs it has) and what executors need to fetch it. Shipped to executors with the job.
 *
 * @param versionUri the fully qualified Hadoop URI of the version folder (holds {@code saved_model.pb})
 * @param version the folder's version number, or 0 when the folder's name is not a version number (a
 *     version folder passed directly may have any name)
 * @param inputShape the shape of one example, e.g. {@code [28, 28]}
 * @param latentDim L, the length of an embedding
 * @param variational true for a VAE, false for a plain autoencoder
 * @param unitInterval true when inputs must lie in [0, 1] (a Bernoulli likelihood)
 */
public record ResolvedModel(
    String versionUri,
    int version,
    List<Integer> inputShape,
    int latentDim,
    boolean variational,
    boolean unitInterval)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ResolvedModel {
    inputShape = List.copyOf(inputShape);
  }

  /** Values per example: the product of {@link #inputShape}. */
  public int inputSize() {
    int n = 1;
    for (int d : inputShape) {
      n *= d;
    }
    return n;
  }
}
