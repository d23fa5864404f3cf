package dev.tfvae.infer;

import static dev.tfvae.core.base.Preconditions.checkArgument;
import static dev.tfvae.core.base.Preconditions.checkNotNull;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.core.device.ComputeDevice;
import dev.tfvae.core.model.ModelKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded tf-vae model: encode, decode, reconstruct, generate and score with plain Java arrays.
 *
 * <pre>{@code
 * try (VaeModel model = VaeModel.load(Path.of("savedmodels/fashion-mnist-vae"))) {
 *   float[] image = new float[model.inputSize()];          // pixels scaled to [0, 1], row-major
 *   LatentCode code = model.encode(image);                  // μ and log σ²
 *   float[] again = model.decode(code.mean());              // pixel probabilities
 *   float[][] samples = model.generate(16, 42L);            // 16 images from the prior
 *   double anomaly = model.score(image).negElbo();          // higher = more unusual
 * }
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Before anything runs, the model is validated ({@link ModelValidator}): contract, shapes and an op
 *       allowlist; a model with file-system or other side-effecting ops is refused unless the caller
 *       {@linkplain Loader#trustAllOps() trusts} it.
 *   <li>One instance is safe to share across threads; calls run concurrently.
 *   <li>Inputs are checked in Java (length, finiteness, and [0, 1] for Bernoulli models) before reaching
 *       native code: mistakes raise {@link IllegalArgumentException} with the offending row and value.
 *   <li>{@link #close()} waits for running calls, releases native memory, and is idempotent; calls after it
 *       throw {@link ModelClosedException} (an {@link IllegalStateException}).
 *   <li>A failed native run raises TensorFlow's own exception types ({@code
 *       org.tensorflow.exceptions.TensorFlowException}), whichever {@link Execution} runs it.
 *   <li>Inputs and outputs are flat row-major {@code float[]} per example; no TensorFlow type is exposed.
 * </ul>
 *
 * <p>Performance: calls run in a session that executes its ops in the calling thread with one intra-op
 * thread. Single examples reuse prepared calls (input tensor, feeds and fetches allocated once). A batch
 * is split into parts that run at once on the model's own threads, one per lane ({@link Loader#threads}):
 * at most that many native calls run at a time, and more callers wait for a lane. docs/TFJAVA_NOTES.md
 * has the measurements behind each choice.
 */
public final class VaeModel implements AutoCloseable {
  /** The most examples {@link #generate} returns in one call. */
  public static final int MAX_GENERATE = 65_536;

  /**
   * The most rows of one batch call. Larger batches are refused with {@link IllegalArgumentException}
   * (split them): this bounds the memory one call allocates for its answer.
   */
  public static final int MAX_BATCH_ROWS = 262_144;

  /** The most draws per example of {@link #importanceScores}. */
  public static final int MAX_IMPORTANCE_SAMPLES = ImportanceSampler.MAX_SAMPLES;

  /** How a model's native calls are made. */
  public enum Execution {
    /**
     * The default: the model owns its TensorFlow session through TensorFlow's C API (as TF Java
     * publishes it), with the lowest cost per call.
     */
    C_API,
    /** Through TF Java's {@code SavedModelBundle} and {@code Session.Runner}: same results, slower. */
    TF_JAVA
  }

  private final Path path;
  private final ModelManifest manifest;
  private final Map<String, SignatureSpec> signatures;
  private final Execution execution;
  private final int lanes;
  private final SignatureCalls calls;
  private final int inputSize;
  private final int latentDim;
  private final Labels labels;
  private final Engine.CallSpec encodeOne;
  private final Engine.CallSpec decodeOne;
  private final Engine.CallSpec reconstructOne;
  private final Engine.CallSpec scoreOne;

  private VaeModel(Path path, ModelValidator.Report report, Execution execution, Engine engine, int lanes,
      int partsPerBatch) {
    this.path = path;
    this.manifest = report.manifest();
    this.signatures = report.signatures();
    this.execution = execution;
    this.lanes = lanes;
    this.inputSize = manifest.config().inputSize();
    this.latentDim = manifest.config().latentDim();
    this.labels = new Labels(manifest.config().classes(), manifest.dataset().labelNames(), path);
    this.calls = new SignatureCalls(path, manifest, signatures, engine, partsPerBatch, labels);
    this.encodeOne = calls.single(SignatureContract.ENCODE, calls.encodeOutputs());
    this.decodeOne = calls.single(SignatureContract.DECODE, List.of(SignatureContract.RECONSTRUCTION));
    this.reconstructOne =
        calls.single(SignatureContract.SERVING_DEFAULT, List.of(SignatureContract.RECONSTRUCTION));
    this.scoreOne = calls.single(SignatureContract.SCORE, calls.scoreOutputs());
  }

  /** Loads a model folder (a version folder, or a base folder meaning its newest version). */
  public static VaeModel load(Path path) throws IOException {
    return loader(path).load();
  }

  /** A loader for options (threads, trust, execution). */
  public static Loader loader(Path path) {
    return new Loader(path);
  }

  /** Options for loading a model. */
  public static final class Loader {
    private final Path path;
    private boolean trustAllOps;
    private int threads;
    private int partsPerBatch;
    private Execution execution = Execution.C_API;

    private Loader(Path path) {
      this.path = checkNotNull(path, "path");
    }

    /**
     * Skips the op allowlist. Only for models from a source you trust: a SavedModel can contain ops that
     * read and write files.
     */
    public Loader trustAllOps() {
      this.trustAllOps = true;
      return this;
    }

    /**
     * Lanes: how many native calls of this model run at once, and into how many parts a large batch is
     * split; 0 (default) means one per available processor. Callers beyond that wait for a lane.
     * Batched results can differ in the last bit between lane counts (different part sizes); single
     * examples do not.
     */
    public Loader threads(int threads) {
      checkArgument(threads >= 0 && threads <= 1024, "threads must be in 0..1024: %s", threads);
      this.threads = threads;
      return this;
    }

    /**
     * The most parts one batch call is split into; 0 (default) means one per lane. Several threads that
     * each send whole batches (Spark tasks sharing one model, say) are better served by 1: every call
     * then runs in its caller's thread, and the lanes let the calls run side by side.
     */
    public Loader partsPerBatch(int parts) {
      checkArgument(parts >= 0 && parts <= 1024, "parts per batch must be in 0..1024: %s", parts);
      this.partsPerBatch = parts;
      return this;
    }

    /** How native calls are made; {@link Execution#C_API} unless told otherwise. */
    public Loader execution(Execution execution) {
      this.execution = checkNotNull(execution, "execution");
      return this;
    }

    /**
     * Validates and loads the model.
     *
     * @throws java.nio.file.NoSuchFileException if the folder or its files are missing
     * @throws InvalidModelException if the model breaks the contract
     * @throws UntrustedModelException if it contains ops outside the allowlist
     * @throws IOException if TensorFlow cannot load it
     */
    public VaeModel load() throws IOException {
      Path version = ModelPaths.resolveVersion(path);
      ModelValidator.Report report = ModelValidator.validate(version);
      if (!report.problems().isEmpty()) {
        throw new InvalidModelException(version, report.problems());
      }
      if (!report.disallowedOps().isEmpty() && !trustAllOps) {
        throw new UntrustedModelException(version, report.disallowedOps());
      }
      int laneCount = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      Lanes lanes = new Lanes(laneCount);
      EngineLoader.Opened opened = EngineLoader.open(version, report, execution, lanes);
      try {
        return new VaeModel(version, report, opened.execution(), opened.engine(), laneCount,
            partsPerBatch == 0 ? laneCount : Math.min(partsPerBatch, laneCount));
      } catch (RuntimeException e) {
        opened.engine().close();
        throw e;
      }
    }
  }

  /**
   * The device TensorFlow runs this model on: {@code /GPU:0} with TF Java's {@code linux-x86_64-gpu}
   * natives on a machine with a GPU, {@code /CPU:0} otherwise. Exported graphs name no device, so the
   * same SavedModel runs on either, placed by TensorFlow.
   */
  public String device() {
    return ComputeDevice.detect().name();
  }

  /** The version folder this model was loaded from. */
  public Path path() {
    return path;
  }

  /** Provenance: configuration, data, training command and metrics. */
  public ModelManifest manifest() {
    return manifest;
  }

  /** The signatures of the loaded graph by key (the contract's, plus extensions it carries). */
  public Map<String, SignatureSpec> signatures() {
    return signatures;
  }

  /** The keys of the signatures the loaded graph has. */
  public Set<String> signatureKeys() {
    return signatures.keySet();
  }

  /** How this model's native calls are made (the loader's choice, or its fallback). */
  public Execution execution() {
    return execution;
  }

  /** The number of lanes: native calls that run at once. */
  public int lanes() {
    return lanes;
  }

  /** Values per example (e.g. 784 for 28×28). */
  public int inputSize() {
    return inputSize;
  }

  /** Shape of one example, e.g. {@code [28, 28]}. */
  public List<Integer> inputShape() {
    return manifest.config().inputShape();
  }

  /** Latent dimensions L. */
  public int latentDim() {
    return latentDim;
  }

  /** True for a VAE; false for a plain autoencoder (no log-variance, no generate). */
  public boolean isVariational() {
    return manifest.config().kind() == ModelKind.VAE;
  }

  /**
   * True for a conditional model, whose encoder and decoder both take the example's label: every call
   * then needs the label (the methods with an {@code int label} or {@code int[] labels} parameter), and
   * the methods without one refuse with {@link IllegalArgumentException}.
   */
  public boolean isConditional() {
    return labels.classes() > 0;
  }

  /** The number of label values a conditional model takes (0 for an unconditional model). */
  public int classes() {
    return labels.classes();
  }

  /**
   * The name of each label value (index = value) as the training data named them, e.g. Fashion-MNIST's
   * classes; empty when the labels are plain numbers.
   */
  public List<String> labelNames() {
    return labels.names();
  }

  /**
   * The label value that {@code nameOrNumber} names: a label name in any case ({@code "dress"}), or a
   * number in {@code 0..classes()-1}.
   *
   * @throws IllegalArgumentException for anything else, listing the labels this model knows
   * @throws UnsupportedOperationException for an unconditional model
   */
  public int label(String nameOrNumber) {
    return labels.parse(nameOrNumber);
  }

  /** The name of label value {@code label}, or the number as text when the labels have no names. */
  public String labelName(int label) {
    return labels.name(label);
  }

  /** μ and log σ² of one example. */
  public LatentCode encode(float[] x) {
    labels.requireNone();
    float[][] r = calls.one(SignatureContract.X, encodeOne, x);
    return new LatentCode(r[0], isVariational() ? r[1] : null);
  }

  /** μ and log σ² of one example with its label (a conditional model). */
  public LatentCode encode(float[] x, int label) {
    return encode(new float[][] {x}, new int[] {label}).get(0);
  }

  /** μ and log σ² of each example. */
  public List<LatentCode> encode(float[][] xs) {
    return encode(xs, null);
  }

  /**
   * μ and log σ² of each example with its label ({@code labels[i]} of {@code xs[i]}; {@code null} for an
   * unconditional model).
   */
  public List<LatentCode> encode(float[][] xs, int[] labels) {
    float[][][] r = calls.rows(SignatureContract.ENCODE, xs, labels, calls.encodeOutputs());
    List<LatentCode> out = new ArrayList<>(xs.length);
    for (int i = 0; i < xs.length; i++) {
      out.add(new LatentCode(r[0][i], isVariational() ? r[1][i] : null));
    }
    return out;
  }

  /** The embeddings (μ) of each example: {@code [rows][L]}. */
  public float[][] embed(float[][] xs) {
    return embed(xs, null);
  }

  /** The embeddings (μ) of each example with its label (a conditional model; else {@code null}). */
  public float[][] embed(float[][] xs, int[] labels) {
    return calls.rows(SignatureContract.ENCODE, xs, labels, List.of(SignatureContract.MEAN))[0];
  }

  /** Decodes one latent vector (length L) into the model's output (pixel probabilities). */
  public float[] decode(float[] z) {
    labels.requireNone();
    return calls.one(SignatureContract.Z, decodeOne, z)[0];
  }

  /** Decodes one latent vector as an example of class {@code label} (a conditional model). */
  public float[] decode(float[] z, int label) {
    return decode(new float[][] {z}, new int[] {label})[0];
  }

  /** Decodes each latent vector. */
  public float[][] decode(float[][] zs) {
    return decode(zs, null);
  }

  /** Decodes each latent vector {@code zs[i]} as class {@code labels[i]} (else {@code null}). */
  public float[][] decode(float[][] zs, int[] labels) {
    return calls.rows(SignatureContract.DECODE, zs, labels, List.of(SignatureContract.RECONSTRUCTION))[0];
  }

  /** Encodes to μ and decodes it: the model's reconstruction of {@code x}. */
  public float[] reconstruct(float[] x) {
    labels.requireNone();
    return calls.one(SignatureContract.X, reconstructOne, x)[0];
  }

  /** The reconstruction of {@code x} with its label (a conditional model). */
  public float[] reconstruct(float[] x, int label) {
    return reconstruct(new float[][] {x}, new int[] {label})[0];
  }

  /** Reconstructs each example. */
  public float[][] reconstruct(float[][] xs) {
    return reconstruct(xs, null);
  }

  /** Reconstructs each example with its label (a conditional model; else {@code null}). */
  public float[][] reconstruct(float[][] xs, int[] labels) {
    return calls.rows(SignatureContract.SERVING_DEFAULT, xs, labels,
        List.of(SignatureContract.RECONSTRUCTION))[0];
  }

  /** Anomaly scores of one example. */
  public Score score(float[] x) {
    labels.requireNone();
    float[][] r = calls.one(SignatureContract.X, scoreOne, x);
    return isVariational() ? new Score(r[0][0], r[1][0], r[2][0]) : new Score(r[0][0], r[0][0], 0);
  }

  /** Anomaly scores of one example with its label (a conditional model). */
  public Score score(float[] x, int label) {
    return score(new float[][] {x}, new int[] {label}).get(0);
  }

  /** Anomaly scores of each example. */
  public List<Score> score(float[][] xs) {
    return score(xs, null);
  }

  /** Anomaly scores of each example with its label (a conditional model; else {@code null}). */
  public List<Score> score(float[][] xs, int[] labels) {
    float[][][] r = calls.rows(SignatureContract.SCORE, xs, labels, calls.scoreOutputs());
    List<Score> out = new ArrayList<>(xs.length);
    for (int i = 0; i < xs.length; i++) {
      out.add(score(r, 0, i));
    }
    return out;
  }

  /**
   * Several results of each example in one native call per part of the batch: the encoder runs once per
   * example however many parts are asked for (separate {@link #embed}, {@link #score} and {@link
   * #reconstruct} calls would run it once each). The values equal those separate calls'.
   *
   * @param parts what to compute; {@link Analysis.Part#LOG_VARIANCE} only for a VAE
   */
  public List<Analysis> analyze(float[][] xs, Set<Analysis.Part> parts) {
    return analyze(xs, null, parts);
  }

  /**
   * {@link #analyze(float[][], Set)} of examples with their labels (a conditional model; {@code null}
   * for an unconditional one).
   */
  public List<Analysis> analyze(float[][] xs, int[] labels, Set<Analysis.Part> parts) {
    checkArgument(!parts.isEmpty(), "no parts asked for");
    checkArgument(isVariational() || !parts.contains(Analysis.Part.LOG_VARIANCE),
        "a plain autoencoder has no log-variance");
    SignatureCalls.Combined call = calls.combine(parts);
    if (call == null) {
      // A graph whose signatures feed different tensors cannot share one call.
      return analyzeSeparately(xs, labels, parts);
    }
    float[][][] r = calls.rows(call, xs, labels);
    List<Analysis> out = new ArrayList<>(xs.length);
    for (int i = 0; i < xs.length; i++) {
      int k = 0;
      float[] mean = parts.contains(Analysis.Part.MEAN) ? r[k++][i] : null;
      float[] logVariance = parts.contains(Analysis.Part.LOG_VARIANCE) ? r[k++][i] : null;
      Score score = null;
      if (parts.contains(Analysis.Part.SCORE)) {
        score = score(r, k, i);
        k += isVariational() ? 3 : 1;
      }
      float[] reconstruction = parts.contains(Analysis.Part.RECONSTRUCTION) ? r[k][i] : null;
      out.add(new Analysis(mean, logVariance, score, reconstruction));
    }
    return out;
  }

  private List<Analysis> analyzeSeparately(float[][] xs, int[] labels, Set<Analysis.Part> parts) {
    List<LatentCode> codes =
        parts.contains(Analysis.Part.MEAN) || parts.contains(Analysis.Part.LOG_VARIANCE)
            ? encode(xs, labels) : null;
    List<Score> scores = parts.contains(Analysis.Part.SCORE) ? score(xs, labels) : null;
    float[][] reconstructions =
        parts.contains(Analysis.Part.RECONSTRUCTION) ? reconstruct(xs, labels) : null;
    List<Analysis> out = new ArrayList<>(xs.length);
    for (int i = 0; i < xs.length; i++) {
      out.add(new Analysis(
          parts.contains(Analysis.Part.MEAN) ? codes.get(i).mean() : null,
          parts.contains(Analysis.Part.LOG_VARIANCE) ? codes.get(i).logVariance() : null,
          scores == null ? null : scores.get(i),
          reconstructions == null ? null : reconstructions[i]));
    }
    return out;
  }

  /** {@link #importanceScores} of one example. */
  public double importanceScore(float[] x, int samples, long seed) {
    return importanceScores(new float[][] {x}, samples, seed)[0];
  }

  /**
   * The importance-weighted bound on −log p(x) with {@code samples} draws per example (IWAE; K = 1 is
   * the negative ELBO with one sampled z, larger K is tighter), in nats: an anomaly score that is a
   * better estimate of the data's negative log-likelihood than {@link #score}. The draws of example x
   * are seeded by {@code seed} and x's values, so a result depends on the example alone, not on its
   * position or on the other examples in the batch.
   *
   * @param samples K, in 1..{@value #MAX_IMPORTANCE_SAMPLES}; examples × K is at most 100,000,000
   * @throws UnsupportedOperationException for a plain autoencoder, or a model exported before the
   *     {@code log_likelihood} signature existed
   */
  public double[] importanceScores(float[][] xs, int samples, long seed) {
    return importanceScores(xs, null, samples, seed);
  }

  /**
   * {@link #importanceScores(float[][], int, long)} of examples with their labels: for a conditional
   * model the bound on −log p(x | label) ({@code null} for an unconditional model).
   */
  public double[] importanceScores(float[][] xs, int[] labels, int samples, long seed) {
    requireLogLikelihood();
    this.labels.check(labels, xs == null ? 0 : xs.length);
    return new ImportanceSampler(this).scores(xs, labels, samples, seed);
  }

  /**
   * log p(x | z) of each pair (x_i, z_i), from the {@code log_likelihood} signature.
   *
   * @throws UnsupportedOperationException when the model has no such signature
   */
  public float[] logLikelihood(float[][] xs, float[][] zs) {
    return logLikelihood(xs, zs, null);
  }

  /** log p(x_i | z_i, label_i) of each triple (a conditional model; {@code null} labels otherwise). */
  public float[] logLikelihood(float[][] xs, float[][] zs, int[] labels) {
    requireLogLikelihood();
    return calls.logLikelihood(xs, zs, labels);
  }

  /**
   * {@code n} samples decoded from z ~ N(0, I). The same {@code (n, seed)} always gives the same samples
   * (stateless generator keyed by {@code [seed, 0]}).
   *
   * @throws UnsupportedOperationException for a plain autoencoder, which has no prior
   */
  public float[][] generate(int n, long seed) {
    return generate(n, new long[] {seed, 0L});
  }

  /**
   * {@code n} samples of class {@code label} from a conditional model: z ~ N(0, I) drawn as
   * {@link #generate(int, long)} draws them (the same codes for the same {@code (n, seed)}, whatever the
   * label), decoded with the label.
   *
   * @throws IllegalArgumentException if {@code label} is not in {@code 0..classes()-1}, or the model is
   *     not conditional
   */
  public float[][] generate(int label, int n, long seed) {
    return generate(new int[] {label}, n, new long[] {seed, 0L});
  }

  /**
   * {@code n} samples from a conditional model, sample i of class {@code labels[i]} ({@code labels} has
   * n values) or all of class {@code labels[0]} (one value), drawn by the stateless generator keyed by
   * the two-value {@code seed}.
   */
  public float[][] generate(int[] labels, int n, long[] seed) {
    checkArgument(labels != null, "labels must not be null");
    checkArgument(labels.length == 1 || labels.length == n,
        "give one label for all %s samples or one per sample, got %s", n, labels.length);
    return generate(n, seed, labels);
  }

  /**
   * {@code n} samples decoded from z ~ N(0, I) drawn by the stateless generator keyed by the two-value
   * {@code seed} (the {@code generate} signature's own input).
   */
  public float[][] generate(int n, long[] seed) {
    return generate(n, seed, null);
  }

  private float[][] generate(int n, long[] seed, int[] sampleLabels) {
    if (sampleLabels == null) {
      labels.requireNone();
    } else {
      labels.check(sampleLabels, sampleLabels.length);
    }
    checkArgument(n > 0 && n <= MAX_GENERATE, "n must be in 1..%s, got %s", MAX_GENERATE, n);
    checkArgument(seed != null && seed.length == 2, "seed must have 2 values");
    if (!isVariational()) {
      throw new UnsupportedOperationException(
          "a plain autoencoder has no prior to sample from (its export has no generate signature)");
    }
    return calls.generate(n, seed, sampleLabels);
  }

  /** Releases the model's native resources; waits for calls in progress. Idempotent. */
  @Override
  public void close() {
    calls.close();
  }

  /** The score of row {@code i} from fetched {@link SignatureCalls#scoreOutputs} starting at fetch {@code k}. */
  private Score score(float[][][] r, int k, int i) {
    return isVariational()
        ? new Score(r[k][i][0], r[k + 1][i][0], r[k + 2][i][0])
        : new Score(r[k][i][0], r[k][i][0], 0);
  }

  private void requireLogLikelihood() {
    if (!isVariational() || !signatures.containsKey(SignatureContract.LOG_LIKELIHOOD)) {
      throw new UnsupportedOperationException(
          "model " + path + " has no " + SignatureContract.LOG_LIKELIHOOD
              + " signature (a plain autoencoder, or exported by an older tf-vae); use score()");
    }
  }
}
