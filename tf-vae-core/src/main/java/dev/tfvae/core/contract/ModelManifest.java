package dev.tfvae.core.contract;

import dev.tfvae.core.base.Ordered;
import static dev.tfvae.core.base.Preconditions.checkArgument;
import static dev.tfvae.core.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tfvae.core.model.TrainingSettings;
import dev.tfvae.core.model.VaeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Provenance of an exported model, stored as {@code assets.extra/tfvae-manifest.json}: what it is, what
 * data and command produced it, how to prepare inputs, and how well it did. A model can always say where
 * it came from.
 *
 * @param schemaVersion version of this format ({@link #SCHEMA_VERSION} when written by this library)
 * @param config the architecture
 * @param preprocessing how raw data was turned into model inputs
 * @param dataset the training data, its digests and its set-up (label column, label names, columns)
 * @param training the run's settings, which epoch was exported, and its throughput
 * @param trainMetrics final-epoch training metrics (mean per example)
 * @param validationMetrics final-epoch validation metrics (β = 1, true negative ELBO)
 * @param versions library, TensorFlow Java and Java versions
 * @param commandLine the command that produced the model
 * @param createdAt ISO-8601 creation time
 * @param history one entry per trained epoch (empty in manifests written before it was recorded)
 */
public record ModelManifest(
    int schemaVersion,
    VaeConfig config,
    Preprocessing preprocessing,
    DatasetInfo dataset,
    TrainingInfo training,
    Map<String, Double> trainMetrics,
    Map<String, Double> validationMetrics,
    Versions versions,
    String commandLine,
    String createdAt,
    List<EpochSummary> history) {

  /**
   * The format's version. Later additions (the dataset's set-up, the training settings) only added keys,
   * which readers of version 1 ignore, so it stays 1: a bump would make every existing reader refuse
   * models that it can read correctly.
   */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public ModelManifest {
    checkNotNull(config, "config");
    trainMetrics = trainMetrics == null ? Map.of() : Ordered.copyOf(trainMetrics);
    validationMetrics =
        validationMetrics == null ? Map.of() : Ordered.copyOf(validationMetrics);
    history = history == null ? List.of() : List.copyOf(history);
  }

  /**
   * What one training epoch did.
   *
   * @param epoch 1-based epoch number
   * @param loss mean training objective
   * @param recon mean training reconstruction term
   * @param kl mean training KL term
   * @param samplesPerSecond training throughput of the epoch
   * @param validation validation figures at the end of the epoch (β = 1)
   */
  public record EpochSummary(
      int epoch,
      double loss,
      double recon,
      double kl,
      double samplesPerSecond,
      Map<String, Double> validation) {
    public EpochSummary {
      validation = validation == null ? Map.of() : Ordered.copyOf(validation);
    }
  }

  /**
   * How inputs are prepared from raw data. Pixels: the model consumes {@code raw / divisor} (the caller
   * scales). Tables: the exported graph itself standardises its inputs and un-standardises its outputs
   * with {@code standardization}, so callers (tf-vae-infer and TF Serving alike) use raw units.
   *
   * @param description human-readable summary, e.g. "uint8 pixels / 255"
   * @param divisor the value raw data is divided by
   * @param standardization per-feature centring and scaling fitted on the training split, or
   *     {@code null}
   */
  public record Preprocessing(String description, double divisor, Standardization standardization) {
    public Preprocessing(String description, double divisor) {
      this(description, divisor, null);
    }
  }

  /**
   * Per-feature standardisation {@code (x − mean) / std}, fitted on the training split.
   *
   * @param columns feature names (CSV header, or {@code column0…} without one)
   * @param mean per-feature mean
   * @param std per-feature standard deviation (features that are constant get 1)
   */
  public record Standardization(List<String> columns, List<Double> mean, List<Double> std) {
    public Standardization {
      columns = List.copyOf(columns);
      mean = List.copyOf(mean);
      std = List.copyOf(std);
      checkArgument(
          columns.size() == mean.size() && mean.size() == std.size(),
          "standardization has %s columns, %s means and %s deviations",
          columns.size(),
          mean.size(),
          std.size());
      for (int i = 0; i < std.size(); i++) {
        checkArgument(
            Double.isFinite(mean.get(i)) && Double.isFinite(std.get(i)) && std.get(i) > 0,
            "standardization of column %s is not usable: mean %s, std %s",
            columns.get(i),
            mean.get(i),
            std.get(i));
      }
    }

    /** Means as float32 values (what the graph uses). */
    public float[] meanArray() {
      return toFloats(mean);
    }

    /** Standard deviations as float32 values. */
    public float[] stdArray() {
      return toFloats(std);
    }

    private static float[] toFloats(List<Double> values) {
      float[] out = new float[values.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = values.get(i).floatValue();
      }
      return out;
    }
  }

  /**
   * A data file and its SHA-256.
   *
   * @param name file name
   * @param sha256 lower-case hex digest
   * @param bytes file size
   */
  public record FileDigest(String name, String sha256, long bytes) {}

  /**
   * The training data and how it was set up. The last three were added without a schema bump (readers
   * ignore keys they do not know); in a manifest written before them they are {@code null} and empty.
   *
   * @param name the source as given to {@code --dataset} ({@code shapes}, {@code csv:FILE}, …)
   * @param files the files read, with digests (empty for generated data)
   * @param trainExamples number of training examples
   * @param validationExamples number of validation examples
   * @param labelColumn the {@code --label-column} of a table, or {@code null}
   * @param labelNames the name of each label value (index = value): Fashion-MNIST's classes, the
   *     sorted text labels of a table, the class sub-folders of an image folder, the shapes' kinds;
   *     empty when the labels are plain numbers or the data has none
   * @param columns the columns of a table as read (header names, or {@code column0…}), the label
   *     column included; empty for other data
   */
  public record DatasetInfo(
      String name,
      List<FileDigest> files,
      int trainExamples,
      int validationExamples,
      String labelColumn,
      List<String> labelNames,
      List<String> columns) {
    public DatasetInfo {
      files = files == null ? List.of() : List.copyOf(files);
      labelNames = labelNames == null ? List.of() : List.copyOf(labelNames);
      columns = columns == null ? List.of() : List.copyOf(columns);
    }
  }

  /**
   * The training run. {@code seed}, {@code epochs}, {@code batch_size}, {@code learning_rate} and
   * {@code samples_per_second} are the keys of the first manifests; {@code epochs_trained} and
   * {@code settings} were added later (they are {@code null} in older manifests, which did not record
   * them) and {@code exported_epoch} is written for readers as another name of {@code epochs}.
   *
   * @param seed seed of initialisation, data order and noise
   * @param epochs the epoch whose weights were exported (the last one, or the best one with early
   *     stopping), that is how many epochs of training they had
   * @param batchSize examples per step
   * @param learningRate Adam learning rate (the base of the schedule)
   * @param samplesPerSecond training throughput over the whole run
   * @param epochsTrained epochs the run trained, or {@code null} if not recorded
   * @param settings every setting of the run, or {@code null} if not recorded; when present, the legacy
   *     keys above agree with it
   */
  public record TrainingInfo(
      long seed,
      int epochs,
      int batchSize,
      double learningRate,
      double samplesPerSecond,
      Integer epochsTrained,
      TrainingSettings settings) {
    public TrainingInfo {
      checkArgument(
          settings == null
              || (settings.seed() == seed
                  && settings.batchSize() == batchSize
                  && settings.learningRate() == learningRate),
          "training seed %s, batch size %s and learning rate %s disagree with its settings %s",
          seed,
          batchSize,
          learningRate,
          settings);
    }

    /**
     * A run trained with {@code settings} for {@code epochsTrained} epochs, of which epoch
     * {@code exportedEpoch} was exported.
     */
    public static TrainingInfo of(
        TrainingSettings settings, int exportedEpoch, int epochsTrained, double samplesPerSecond) {
      return new TrainingInfo(
          settings.seed(),
          exportedEpoch,
          settings.batchSize(),
          settings.learningRate(),
          samplesPerSecond,
          epochsTrained,
          settings);
    }

    /** The epoch whose weights were exported (the same as {@link #epochs()}). */
    @JsonProperty("exported_epoch")
    public int exportedEpoch() {
      return epochs;
    }
  }

  /**
   * Software versions.
   *
   * @param tfVae this library
   * @param tensorflowJava TensorFlow Java
   * @param java the JVM
   */
  public record Versions(String tfVae, String tensorflowJava, String java) {}

  /** This manifest as indented JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException("manifest cannot be written as JSON", e);
    }
  }

  /** Parses a manifest; the message of a failure names {@code source}. */
  public static ModelManifest fromJson(String json, String source) throws IOException {
    ModelManifest m;
    try {
      m = JSON.readValue(json, ModelManifest.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(source + ": not a valid tf-vae manifest: " + e.getMessage(), e);
    }
    if (m == null) {
      throw new IOException(source + ": empty manifest");
    }
    checkArgument(
        m.schemaVersion() >= 1 && m.schemaVersion() <= SCHEMA_VERSION,
        "%s: manifest schema version %s is not supported (this library reads 1..%s)",
        source,
        m.schemaVersion(),
        SCHEMA_VERSION);
    return m;
  }

  /** Reads {@code assets.extra/tfvae-manifest.json} from a SavedModel version folder. */
  public static ModelManifest read(Path versionDir) throws IOException {
    Path file = versionDir.resolve(SignatureContract.MANIFEST_PATH);
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(
          file.toString(), null, "the model has no tf-vae manifest");
    }
    return fromJson(Files.readString(file), file.toString());
  }
}
