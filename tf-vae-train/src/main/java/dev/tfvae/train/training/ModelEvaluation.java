package dev.tfvae.train.training;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.Split;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * Evaluates an exported model: rebuilds the training graph (without its optimizer), restores the
 * SavedModel's {@code variables/} into it, and computes {@link EvalMetrics}. The same graph code that
 * trained the model measures it, so figures here and in training logs mean the same thing.
 */
public final class ModelEvaluation {
  private ModelEvaluation() {}

  /**
   * @param versionDir a SavedModel version folder written by tf-vae
   * @param manifest the model's manifest (configuration and preprocessing)
   * @param split the examples to evaluate
   * @param seed noise seed
   * @param iwaeSamples K of the importance-weighted bound, 0 to skip it
   * @param iwaeLimit number of leading examples for the bound
   */
  public static EvalMetrics evaluate(
      Path versionDir,
      ModelManifest manifest,
      Split split,
      long seed,
      int iwaeSamples,
      int iwaeLimit) {
    VaeConfig config = manifest.config();
    if (split.exampleSize() != config.inputSize()) {
      throw new IllegalArgumentException(
          "the model expects " + config.inputSize() + " values per example (shape "
              + config.inputShape() + ") but the dataset has " + split.exampleSize());
    }
    try (Graph graph = new Graph()) {
      TrainingGraph g = TrainingGraph.forEvaluation(graph, config);
      try (Session session = new Session(graph, VaeTrainer.sessionConfig(0))) {
        session.restore(versionDir.resolve("variables").resolve("variables").toString());
        ModelManifest.Standardization s = manifest.preprocessing().standardization();
        Split inputs = s == null ? split : split.standardized(s);
        return new Evaluator(session, g).evaluate(inputs, seed, iwaeSamples, iwaeLimit);
      }
    }
  }
}
