package dev.tfvae.train.export;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.tfvae.core.contract.InferenceGraph;
import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.core.graph.ModelLayout;
import dev.tfvae.core.graph.ModelVariables;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.infer.ModelPaths;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.OptionalInt;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

/**
 * Writes a model as a TF Serving SavedModel: {@code BASE/VERSION/} with VERSION the next free integer.
 *
 * <p>The exported graph is built fresh — variables with the training names, the serving signatures of
 * {@link InferenceGraph}, nothing else — and the trained weights are restored into it from a checkpoint,
 * so no optimizer state, gradient or data constant reaches the export. Everything is written into a hidden
 * temporary sibling ({@code BASE/.tmp-…}) and renamed to its version number only when complete; an
 * existing version is never touched.
 */
public final class SavedModelExporter {
  private SavedModelExporter() {}

  /**
   * Exports the weights in {@code checkpoint} (a {@code Session.save} prefix) for {@code config}.
   *
   * @param baseDir the model's base folder, e.g. {@code savedmodels/shapes-vae}
   * @param manifest provenance written to {@code assets.extra/tfvae-manifest.json}
   * @param modelCard the text of {@code MODEL_CARD.md}
   * @return the version folder written
   */
  public static Path export(
      VaeConfig config, Path checkpoint, Path baseDir, ModelManifest manifest, String modelCard)
      throws IOException {
    Files.createDirectories(baseDir);
    Path tmp = Files.createTempDirectory(baseDir, ".tmp-export-");
    try {
      Path savedModel = tmp.resolve("model");
      try (Graph graph = new Graph()) {
        Ops tf = Ops.create(graph);
        ModelLayout layout = new ModelLayout(config);
        ModelVariables variables = ModelVariables.forRestore(tf, layout);
        List<Signature> signatures =
            InferenceGraph.build(
                tf, layout, variables.weights(), manifest.preprocessing().standardization());
        try (Session session = new Session(graph)) {
          session.restore(checkpoint.toString());
          try {
            SavedModelBundle.exporter(savedModel.toString())
                .withTags(SignatureContract.TAG)
                .withSession(session)
                .withSignatures(signatures.toArray(Signature[]::new))
                .export();
          } catch (org.tensorflow.exceptions.TensorFlowException e) {
            throw new IOException("cannot write the SavedModel under " + baseDir + ": " + e.getMessage(), e);
          }
        }
      }
      Path manifestFile = savedModel.resolve(SignatureContract.MANIFEST_PATH);
      Files.createDirectories(manifestFile.getParent());
      Files.writeString(manifestFile, manifest.toJson());
      Files.writeString(savedModel.resolve(SignatureContract.MODEL_CARD), modelCard);
      return moveToNextVersion(savedModel, baseDir);
    } finally {
      MoreFiles.deleteRecursively(tmp, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /** Renames {@code complete} to {@code baseDir/N} for the smallest N above every existing version. */
  public static Path moveToNextVersion(Path complete, Path baseDir) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int version = latestVersion(baseDir).orElse(0) + 1;
      Path target = baseDir.resolve(Integer.toString(version));
      if (Files.exists(target)) {
        continue;
      }
      try {
        Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // Another export took this number first: try the next one.
      }
    }
    throw new IOException("could not find a free version number under " + baseDir);
  }

  /** The highest version number under {@code baseDir}, if any. */
  public static OptionalInt latestVersion(Path baseDir) throws IOException {
    if (!Files.isDirectory(baseDir)) {
      return OptionalInt.empty();
    }
    return ModelPaths.newestVersion(baseDir)
        .map(p -> OptionalInt.of(Integer.parseInt(p.getFileName().toString())))
        .orElse(OptionalInt.empty());
  }
}
