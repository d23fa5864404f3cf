package dev.tfvae.train.quality;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tfvae.core.contract.LibraryVersions;
import dev.tfvae.train.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The provenance of an exported classifier, {@value #PATH} in its version folder (JSON, snake_case
 * keys): what it was trained on (dataset name, files with SHA-256), its shape, settings, test accuracy,
 * training time, versions and command line.
 *
 * @param schemaVersion 1
 * @param dataset the dataset name it was trained on
 * @param files the dataset's files: name, sha256, bytes
 * @param inputShape one image
 * @param classes number of labels
 * @param labelNames the name of each label (empty when the data does not name them)
 * @param featureDim width of the features the Fréchet distance uses
 * @param settings epochs, batch size, learning rate, seed
 * @param trainExamples training examples
 * @param testExamples validation (test) examples the accuracy was measured on
 * @param testAccuracy share of the test examples classified as their label
 * @param trainingSeconds wall time of training and evaluation
 * @param tfVae the library version
 * @param commandLine the command that made it
 * @param createdAt ISO-8601, seconds
 */
public record ClassifierManifest(
    int schemaVersion,
    String dataset,
    List<File> files,
    List<Integer> inputShape,
    int classes,
    List<String> labelNames,
    int featureDim,
    ClassifierTrainer.Settings settings,
    int trainExamples,
    int testExamples,
    double testAccuracy,
    double trainingSeconds,
    @JsonProperty("tf_vae") String tfVae,
    String commandLine,
    String createdAt) {

  /** Where the manifest lies in a version folder. */
  public static final String PATH = "assets.extra/tfvae-classifier.json";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** One file of the dataset. */
  public record File(String name, String sha256, long bytes) {}

  /** An exported version folder and its manifest. */
  public record Exported(Path version, ClassifierManifest manifest) {}

  static ClassifierManifest of(
      Dataset data,
      int classes,
      int featureDim,
      ClassifierTrainer.Settings settings,
      double testAccuracy,
      double seconds,
      String commandLine) {
    return new ClassifierManifest(
        1,
        data.name(),
        data.files().stream().map(f -> new File(f.name(), f.sha256(), f.bytes())).toList(),
        data.exampleShape(),
        classes,
        data.setup().labelNames(),
        featureDim,
        settings,
        data.train().count(),
        data.validation().count(),
        testAccuracy,
        seconds,
        LibraryVersions.current().tfVae(),
        commandLine,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  public String toJson() throws IOException {
    return JSON.writeValueAsString(this);
  }

  /**
   * Reads the manifest of a classifier version folder.
   *
   * @throws NoSuchFileException naming the file when the folder has none (not a tf-vae classifier)
   */
  public static ClassifierManifest read(Path version) throws IOException {
    Path file = version.resolve(PATH);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "not a tf-vae classifier (train one with ./tf-vae train-classifier)");
    }
    try {
      return JSON.readValue(file.toFile(), ClassifierManifest.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(file + ": not a classifier manifest: " + e.getOriginalMessage(), e);
    }
  }
}
