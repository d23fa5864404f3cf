package dev.tfvae.train.training;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.Split;
import dev.tfvae.infer.VaeModel;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * Evaluates an exported model: rebuilds the training graph (without its optimizer), restores the
 * SavedModel's {@code variables/} into it, and computes the single-sample {@link EvalMetrics}; the same
 * graph code that trained the model measures it, so figures here and in training logs mean the same
 * thing. The importance-weighted bound comes from the exported model through tf-vae-infer
 * ({@link ImportanceBound}), as {@code score} and {@code anomaly} compute it.
 */
public final class ModelEvaluation {
  private ModelEvaluation() {}

  /**
   * @param versionDir a SavedModel version folder written by tf-vae
   * @param manifest the model's manifest (configuration and preprocessing)
   * @param split the examples to evaluate
   * @param seed seed of the noise: of the sampled z of {@code neg_elbo} and of the importance samples
   * @param iwaeSamples K of the importance-weighted bound, 0 to skip it
   * @param iwaeLimit number of leading examples for the bound
   * @throws IllegalArgumentException if the data does not fit the model, or the bound is asked of a
   *     model that cannot compute it
   */
  public static EvalMetrics evaluate(
      Path versionDir,
      ModelManifest manifest,
      Split split,
      long seed,
      int iwaeSamples,
      int iwaeLimit)
      throws IOException {
    VaeConfig config = manifest.config();
    if (split.exampleSize() != config.inputSize()) {
      throw new IllegalArgumentException(
          "the model expects " + config.inputSize() + " values per example (shape "
              + config.inputShape() + ") but the dataset has " + split.exampleSize());
    }
    // The bound first: TensorFlow sizes its process-wide intra-op pool from the first session of a
    // process, and the pool's size changes float32 reduction order. With the model's session first, this
    // process computes the bound as score and anomaly do.
    double bound = Double.NaN;
    Split head = split.head(iwaeLimit);
    if (iwaeSamples > 0) {
      try (VaeModel model = VaeModel.load(versionDir)) {
        bound = ImportanceBound.mean(model, head, iwaeSamples, seed);
      }
    }
    EvalMetrics metrics;
    try (Graph graph = new Graph()) {
      TrainingGraph g = TrainingGraph.forEvaluation(graph, config);
      try (Session session = new Session(graph, VaeTrainer.sessionConfig(0))) {
        session.restore(versionDir.resolve("variables").resolve("variables").toString());
        ModelManifest.Standardization s = manifest.preprocessing().standardization();
        Split inputs = s == null ? split : split.standardized(s);
        metrics = new Evaluator(session, g).evaluate(inputs, seed);
      }
    }
    return iwaeSamples == 0 ? metrics : metrics.withImportanceBound(bound, iwaeSamples, head.count());
  }
}
