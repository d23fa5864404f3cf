package dev.tfvae.train.export;

import dev.tfvae.core.contract.LibraryVersions;
import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.train.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Exports a {@link TrainingResult} with its manifest and model card. */
public final class TrainingExport {
  private TrainingExport() {}

  /**
   * Exports {@code result} as the next version under {@code baseDir}.
   *
   * @param commandLine how the model was produced (recorded in the manifest and model card)
   * @return the version folder, e.g. {@code savedmodels/shapes-vae/3}
   */
  public static Path export(TrainingResult result, Path baseDir, String commandLine)
      throws IOException {
    ModelManifest manifest = manifest(result, commandLine);
    String name = baseDir.toAbsolutePath().normalize().getFileName().toString();
    return SavedModelExporter.export(
        result.model(), result.checkpoint(), baseDir, manifest, ModelCard.render(name, manifest));
  }

  static ModelManifest manifest(TrainingResult result, String commandLine) {
    var last = result.exported();
    var trainMetrics = new java.util.LinkedHashMap<String, Double>();
    trainMetrics.put("loss", last.loss());
    trainMetrics.put("recon", last.recon());
    trainMetrics.put("kl", last.kl());
    return new ModelManifest(
        ModelManifest.SCHEMA_VERSION,
        result.model(),
        result.dataset().preprocessing(),
        result.dataset().info(),
        ModelManifest.TrainingInfo.of(
            result.config().settings(),
            result.exportedEpoch(),
            result.history().size(),
            result.samplesPerSecond()),
        trainMetrics,
        last.validation().asMap(),
        LibraryVersions.current(),
        commandLine,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        result.history().stream()
            .map(
                m ->
                    new ModelManifest.EpochSummary(
                        m.epoch(), m.loss(), m.recon(), m.kl(), m.samplesPerSecond(),
                        m.validation().asMap()))
            .toList());
  }
}
