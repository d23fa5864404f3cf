package dev.tfvae.infer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.core.model.ModelKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

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
 *       native code: mistakes raise
 *       {@link IllegalArgumentException} with the offending index and value.
 *   <li>{@link #close()} waits for running calls, releases native memory, and is idempotent; calls after it
 *       throw {@link IllegalStateException}.
 *   <li>Inputs and outputs are flat row-major {@code float[]} per example; no TensorFlow type is exposed.
 * </ul>
 *
 * <p>Performance: single examples and batches of up to {@value #SMALL_BATCH} run through prepared calls
 * in sessions that execute in the calling thread (lowest latency); larger batches run in a session with
 * TensorFlow's default thread pools (highest throughput). Both hold the same graph and weights.
 */
public final class VaeModel implements AutoCloseable {
  /** Rows per native call when a batch is large; bounds native memory per call. */
  static final int MAX_ROWS_PER_RUN = 1024;

  private static final List<String> ENCODE_VAE_OUTPUTS =
      List.of(SignatureContract.MEAN, SignatureContract.LOG_VARIANCE);
  private static final List<String> ENCODE_AE_OUTPUTS = List.of(SignatureContract.MEAN);
  private static final List<String> RECONSTRUCTION_OUTPUT = List.of(SignatureContract.RECONSTRUCTION);

  /** At most this many single-example sessions (one per core). */
  static final int LATENCY_SESSIONS_MAX = 8;

  /** Batches up to this size run in the latency-tuned session, larger ones in the throughput one. */
  static final int SMALL_BATCH = 8;

  /** The most examples {@link #generate} returns in one call. */
  public static final int MAX_GENERATE = 65_536;

  private final Path path;
  private final ModelManifest manifest;
  private final SavedModelBundle bundle;
  private final Session session;
  /**
   * The same graph and weights in sessions tuned for single examples (see {@link Loader}). The first,
   * on TensorFlow's process-wide pools, is the fastest for one call at a time (about 50 µs) but
   * serialises concurrent calls on its single intra-op thread; the others have threads of their own
   * (slower alone, about 100 µs, but concurrent callers spread over the cores). A call takes the first
   * when it is idle and one of the others otherwise.
   */
  private final List<SavedModelBundle> latencyBundles;
  private final java.util.concurrent.atomic.AtomicBoolean fastBusy =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger nextSpreadSession =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Map<String, SignatureDef> signatures;
  private final int inputSize;
  private final int latentDim;
  private final long[] exampleDims;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Idle prepared single-example calls, by kind of call; each is used by one thread at a time. */
  private final Map<PoolKey, java.util.Queue<PreparedCall>> prepared =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Which prepared calls are interchangeable: same session kind, signature and fetches. */
  private record PoolKey(boolean fast, String signature, List<String> outputs) {}
  private boolean closed;

  private VaeModel(
      Path path, ModelManifest manifest, SavedModelBundle bundle, List<SavedModelBundle> latencyBundles) {
    this.latencyBundles = List.copyOf(latencyBundles);
    this.path = path;
    this.manifest = manifest;
    this.bundle = bundle;
    this.session = bundle.session();
    this.signatures = bundle.metaGraphDef().getSignatureDefMap();
    this.inputSize = manifest.config().inputSize();
    this.latentDim = manifest.config().latentDim();
    long[] batch = manifest.config().batchShape(1);
    this.exampleDims = java.util.Arrays.copyOfRange(batch, 1, batch.length);
  }

  /** Loads a model folder (a version folder, or a base folder meaning its newest version). */
  public static VaeModel load(Path path) throws IOException {
    return loader(path).load();
  }

  /** A loader for options (threads, trust). */
  public static Loader loader(Path path) {
    return new Loader(path);
  }

  /** Options for loading a model. */
  public static final class Loader {
    private final Path path;
    private boolean trustAllOps;
    private int threads;

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
     * TensorFlow intra-op threads for batches of more than {@value VaeModel#SMALL_BATCH} examples; 0
     * (default) lets TensorFlow use every core. Single examples and small batches always run in a
     * second session over the same graph that executes in the calling thread with one intra-op thread,
     * which is what gives the lowest latency.
     */
    public Loader threads(int threads) {
      checkArgument(threads >= 0, "threads must be >= 0: %s", threads);
      this.threads = threads;
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
      ConfigProto.Builder throughput = ConfigProto.newBuilder();
      if (threads > 0) {
        throughput.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1);
      }
      // Negative inter-op threads run every op in the calling thread, and one intra-op thread keeps
      // small kernels from being split: measured 50 µs instead of 120–250 µs per single example.
      ConfigProto latency =
          ConfigProto.newBuilder()
              .setInterOpParallelismThreads(-1)
              .setIntraOpParallelismThreads(1)
              .setExperimental(ConfigProto.Experimental.newBuilder().setDisableThreadSpinning(true))
              .build();
      // The latency session is created first: TensorFlow sizes process-wide thread pools from the first
      // session it creates, and a default-configured first session made later single-example calls three
      // times slower (measured 155 µs instead of 49 µs).
      List<SavedModelBundle> fast = new ArrayList<>();
      try {
        fast.add(open(version, latency));
        ConfigProto spread = latency.toBuilder().setUsePerSessionThreads(true).build();
        int sessions = Math.min(LATENCY_SESSIONS_MAX, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < sessions; i++) {
          fast.add(open(version, spread));
        }
        return new VaeModel(version, report.manifest(), open(version, throughput.build()), fast);
      } catch (IOException | RuntimeException e) {
        fast.forEach(SavedModelBundle::close);
        throw e;
      }
    }

    private static SavedModelBundle open(Path version, ConfigProto config) throws IOException {
      try {
        return SavedModelBundle.loader(version.toString())
            .withTags(SignatureContract.TAG)
            .withConfigProto(config)
            .load();
      } catch (TensorFlowException e) {
        throw new IOException(version + ": TensorFlow could not load the SavedModel: " + e.getMessage(), e);
      }
    }
  }

  /** The version folder this model was loaded from. */
  public Path path() {
    return path;
  }

  /** Provenance: configuration, data, training command and metrics. */
  public ModelManifest manifest() {
    return manifest;
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

  /** μ and log σ² of one example. */
  public LatentCode encode(float[] x) {
    checkInputs(new float[][] {x});
    boolean vae = isVariational();
    float[][] r = runOne(SignatureContract.ENCODE, SignatureContract.X, x, exampleDims,
        vae ? ENCODE_VAE_OUTPUTS : ENCODE_AE_OUTPUTS, latentDim);
    return new LatentCode(r[0], vae ? r[1] : null);
  }

  /** μ and log σ² of each example. */
  public List<LatentCode> encode(float[][] xs) {
    checkInputs(xs);
    boolean vae = isVariational();
    List<String> outputs = vae
        ? List.of(SignatureContract.MEAN, SignatureContract.LOG_VARIANCE)
        : List.of(SignatureContract.MEAN);
    float[][][] r =
        runRows(SignatureContract.ENCODE, SignatureContract.X, xs, exampleDims, outputs, latentDim);
    List<LatentCode> out = new ArrayList<>(xs.length);
    for (int i = 0; i < xs.length; i++) {
      out.add(new LatentCode(r[0][i], vae ? r[1][i] : null));
    }
    return out;
  }

  /** Decodes one latent vector (length L) into the model's output (pixel probabilities). */
  public float[] decode(float[] z) {
    checkRows(new float[][] {z}, latentDim, "z");
    return runOne(SignatureContract.DECODE, SignatureContract.Z, z, new long[] {latentDim},
        RECONSTRUCTION_OUTPUT, inputSize)[0];
  }

  /** Decodes each latent vector. */
  public float[][] decode(float[][] zs) {
    checkRows(zs, latentDim, "z");
    return runRows(SignatureContract.DECODE, SignatureContract.Z, zs, new long[] {latentDim},
        List.of(SignatureContract.RECONSTRUCTION), inputSize)[0];
  }

  /** Encodes to μ and decodes it: the model's reconstruction of {@code x}. */
  public float[] reconstruct(float[] x) {
    checkInputs(new float[][] {x});
    return runOne(SignatureContract.SERVING_DEFAULT, SignatureContract.X, x, exampleDims,
        RECONSTRUCTION_OUTPUT, inputSize)[0];
  }

  /** Reconstructs each example. */
  public float[][] reconstruct(float[][] xs) {
    checkInputs(xs);
    return runRows(SignatureContract.SERVING_DEFAULT, SignatureContract.X, xs, exampleDims,
        List.of(SignatureContract.RECONSTRUCTION), inputSize)[0];
  }

  /** Anomaly scores of one example. */
  public Score score(float[] x) {
    return score(new float[][] {x}).get(0);
  }

  /** Anomaly scores of each example. */
  public List<Score> score(float[][] xs) {
    checkInputs(xs);
    boolean vae = isVariational();
    List<String> outputs = vae
        ? List.of(SignatureContract.NEG_ELBO, SignatureContract.RECONSTRUCTION_LOSS,
            SignatureContract.KL)
        : List.of(SignatureContract.RECONSTRUCTION_LOSS);
    float[][][] r = runRows(SignatureContract.SCORE, SignatureContract.X, xs, exampleDims, outputs, 1);
    List<Score> out = new ArrayList<>(xs.length);
    for (int i = 0; i < xs.length; i++) {
      out.add(vae
          ? new Score(r[0][i][0], r[1][i][0], r[2][i][0])
          : new Score(r[0][i][0], r[0][i][0], 0));
    }
    return out;
  }

  /** The embeddings (μ) of each example: {@code [rows][L]}. */
  public float[][] embed(float[][] xs) {
    checkInputs(xs);
    return runRows(SignatureContract.ENCODE, SignatureContract.X, xs, exampleDims,
        List.of(SignatureContract.MEAN), latentDim)[0];
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
   * position in the batch (up to float32 rounding, which differs with the batch size). The log-sum-exp is done in double precision.
   *
   * @throws UnsupportedOperationException for a plain autoencoder, or a model exported before the
   *     {@code log_likelihood} signature existed
   */
  public double[] importanceScores(float[][] xs, int samples, long seed) {
    checkArgument(samples > 0 && samples <= 10_000, "samples must be in 1..10000, got %s", samples);
    if (!isVariational() || !signatures.containsKey(SignatureContract.LOG_LIKELIHOOD)) {
      throw new UnsupportedOperationException(
          "model " + path + " has no " + SignatureContract.LOG_LIKELIHOOD
              + " signature (a plain autoencoder, or exported by an older tf-vae); use score()");
    }
    List<LatentCode> codes = encode(xs);
    int total = Math.multiplyExact(xs.length, samples);
    float[][] repeated = new float[total][];
    float[][] z = new float[total][latentDim];
    double[] latentTerm = new double[total];
    for (int i = 0; i < xs.length; i++) {
      java.util.SplittableRandom random =
          new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + java.util.Arrays.hashCode(xs[i]));
      float[] mean = codes.get(i).mean();
      float[] logVariance = codes.get(i).logVariance();
      for (int k = 0; k < samples; k++) {
        int row = i * samples + k;
        repeated[row] = xs[i];
        double term = 0;
        for (int j = 0; j < latentDim; j++) {
          double eps = gaussian(random);
          double zj = mean[j] + Math.exp(0.5 * logVariance[j]) * eps;
          z[row][j] = (float) zj;
          // log N(z; 0, I) − log N(z; μ, σ²) = ½ Σ (ε² + log σ² − z²)
          term += 0.5 * (eps * eps + logVariance[j] - zj * zj);
        }
        latentTerm[row] = term;
      }
    }
    float[] logLikelihood = logLikelihood(repeated, z);
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      double[] w = new double[samples];
      for (int k = 0; k < samples; k++) {
        int row = i * samples + k;
        w[k] = logLikelihood[row] + latentTerm[row];
        max = Math.max(max, w[k]);
      }
      double sum = 0;
      for (double v : w) {
        sum += Math.exp(v - max);
      }
      out[i] = -(max + Math.log(sum / samples));
    }
    return out;
  }

  /**
   * log p(x | z) of each pair (x_i, z_i), from the {@code log_likelihood} signature.
   *
   * @throws UnsupportedOperationException when the model has no such signature
   */
  public float[] logLikelihood(float[][] xs, float[][] zs) {
    checkInputs(xs);
    checkRows(zs, latentDim, "z");
    checkArgument(xs.length == zs.length, "%s inputs but %s codes", xs.length, zs.length);
    if (!signatures.containsKey(SignatureContract.LOG_LIKELIHOOD)) {
      throw new UnsupportedOperationException(
          "model " + path + " has no " + SignatureContract.LOG_LIKELIHOOD + " signature");
    }
    float[][] r =
        runRows(
            SignatureContract.LOG_LIKELIHOOD,
            List.of(
                new Feed(SignatureContract.X, xs, exampleDims),
                new Feed(SignatureContract.Z, zs, new long[] {latentDim})),
            List.of(SignatureContract.LOG_PX_Z),
            1)[0];
    float[] out = new float[xs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = r[i][0];
    }
    return out;
  }

  /** The keys of the signatures the loaded graph has (the contract's, plus extensions it carries). */
  public java.util.Set<String> signatureKeys() {
    return signatures.keySet();
  }

  private static double gaussian(java.util.SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
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
   * {@code n} samples decoded from z ~ N(0, I) drawn by the stateless generator keyed by the two-value
   * {@code seed} (the {@code generate} signature's own input).
   */
  public float[][] generate(int n, long[] seed) {
    checkArgument(n > 0 && n <= MAX_GENERATE, "n must be in 1..%s, got %s", MAX_GENERATE, n);
    checkArgument(seed != null && seed.length == 2, "seed must have 2 values");
    if (!isVariational()) {
      throw new UnsupportedOperationException(
          "a plain autoencoder has no prior to sample from (its export has no generate signature)");
    }
    lock.readLock().lock();
    try {
      checkOpen();
      SignatureDef def = signatures.get(SignatureContract.GENERATE);
      try (TInt32 count = TInt32.scalarOf(n);
          TInt64 seeds = TInt64.vectorOf(seed[0], seed[1]);
          Result r =
              session
                  .runner()
                  .feed(def.getInputsOrThrow(SignatureContract.N).getName(), count)
                  .feed(def.getInputsOrThrow(SignatureContract.SEED).getName(), seeds)
                  .fetch(def.getOutputsOrThrow(SignatureContract.SAMPLES).getName())
                  .run()) {
        return rows((TFloat32) r.get(0), n, inputSize);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Releases the model's native resources; waits for calls in progress. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        prepared.values().forEach(pool -> pool.forEach(PreparedCall::close));
        prepared.clear();
        latencyBundles.forEach(SavedModelBundle::close);
        bundle.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * A single-example call kept ready: its batch-1 input tensor (refilled in place) and a runner with the
   * feed and fetches already resolved. Re-running it skips the allocation and name lookups of a fresh
   * call, which are most of a single example's latency.
   */
  private final class PreparedCall implements AutoCloseable {
    private final TFloat32 input;
    private final org.tensorflow.ndarray.buffer.FloatDataBuffer buffer;
    private final Session.Runner runner;

    PreparedCall(
        Session session, String signature, String inputKey, long[] rowDims, List<String> outputs) {
      SignatureDef def = signatures.get(signature);
      long[] dims = new long[rowDims.length + 1];
      dims[0] = 1;
      System.arraycopy(rowDims, 0, dims, 1, rowDims.length);
      input = TFloat32.tensorOf(Shape.of(dims));
      buffer = input.asRawTensor().data().asFloats();
      runner = session.runner().feed(def.getInputsOrThrow(inputKey).getName(), input);
      for (String output : outputs) {
        runner.fetch(def.getOutputsOrThrow(output).getName());
      }
    }

    @Override
    public void close() {
      input.close();
    }
  }

  private Session spreadSession() {
    int i = Math.floorMod(nextSpreadSession.getAndIncrement(), latencyBundles.size() - 1);
    return latencyBundles.get(1 + i).session();
  }

  /** Runs one signature on one example through a pooled {@link PreparedCall}; returns [output][values]. */
  private float[][] runOne(String signature, String inputKey, float[] x, long[] rowDims,
      List<String> outputs, int outputWidth) {
    lock.readLock().lock();
    try {
      checkOpen();
      boolean fast = fastBusy.compareAndSet(false, true);
      java.util.Queue<PreparedCall> pool =
          prepared.computeIfAbsent(
              new PoolKey(fast, signature, outputs),
              k -> new java.util.concurrent.ConcurrentLinkedQueue<>());
      PreparedCall call = pool.poll();
      if (call == null) {
        call = new PreparedCall(fast ? latencyBundles.get(0).session() : spreadSession(), signature,
            inputKey, rowDims, outputs);
      }
      try {
        call.buffer.write(x);
        try (Result r = call.runner.run()) {
          float[][] out = new float[outputs.size()][];
          for (int k = 0; k < outputs.size(); k++) {
            out[k] = new float[outputWidth];
            ((TFloat32) r.get(k)).copyTo(DataBuffers.of(out[k], false, false));
          }
          return out;
        }
      } finally {
        pool.offer(call);
        if (fast) {
          fastBusy.set(false);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** One input of a signature: its key, the rows fed to it, and the shape of one row. */
  private record Feed(String key, float[][] rows, long[] rowDims) {}

  private float[][][] runRows(String signature, String inputKey, float[][] xs, long[] rowDims,
      List<String> outputs, int outputWidth) {
    return runRows(signature, List.of(new Feed(inputKey, xs, rowDims)), outputs, outputWidth);
  }

  /**
   * Runs one signature on every row of its feeds (all of one length), at most
   * {@link #MAX_ROWS_PER_RUN} rows per native call; returns {@code [output][row][values]}.
   */
  private float[][][] runRows(
      String signature, List<Feed> feeds, List<String> outputs, int outputWidth) {
    int n = feeds.get(0).rows().length;
    float[][][] out = new float[outputs.size()][n][];
    for (int start = 0; start < n; start += MAX_ROWS_PER_RUN) {
      int count = Math.min(MAX_ROWS_PER_RUN, n - start);
      float[][][] chunk = runFloats(signature, feeds, start, count, outputs, outputWidth);
      for (int k = 0; k < outputs.size(); k++) {
        System.arraycopy(chunk[k], 0, out[k], start, count);
      }
    }
    return out;
  }

  /** Runs one signature on rows [start, start+count) of its feeds; returns [output][row][values]. */
  private float[][][] runFloats(String signature, List<Feed> feeds, int start, int count,
      List<String> outputs, int outputWidth) {
    lock.readLock().lock();
    List<TFloat32> inputs = new ArrayList<>();
    try {
      checkOpen();
      SignatureDef def = signatures.get(signature);
      Session.Runner runner = count <= SMALL_BATCH ? spreadSession().runner() : session.runner();
      for (Feed feed : feeds) {
        int width = feed.rows()[start].length;
        long[] dims = new long[feed.rowDims().length + 1];
        dims[0] = count;
        System.arraycopy(feed.rowDims(), 0, dims, 1, feed.rowDims().length);
        TFloat32 input = TFloat32.tensorOf(Shape.of(dims));
        inputs.add(input);
        // Rows go straight into the tensor's native buffer, without an intermediate Java array.
        org.tensorflow.ndarray.buffer.FloatDataBuffer buffer = input.asRawTensor().data().asFloats();
        for (int i = 0; i < count; i++) {
          buffer.offset((long) i * width).write(feed.rows()[start + i]);
        }
        runner.feed(def.getInputsOrThrow(feed.key()).getName(), input);
      }
      for (String output : outputs) {
        runner.fetch(def.getOutputsOrThrow(output).getName());
      }
      try (Result r = runner.run()) {
        float[][][] out = new float[outputs.size()][][];
        for (int k = 0; k < outputs.size(); k++) {
          out[k] = rows((TFloat32) r.get(k), count, outputWidth);
        }
        return out;
      }
    } finally {
      inputs.forEach(TFloat32::close);
      lock.readLock().unlock();
    }
  }

  private static float[][] rows(TFloat32 t, int count, int width) {
    org.tensorflow.ndarray.buffer.FloatDataBuffer buffer = t.asRawTensor().data().asFloats();
    float[][] out = new float[count][width];
    for (int i = 0; i < count; i++) {
      buffer.offset((long) i * width).read(out[i]);
    }
    return out;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("model " + path + " is closed");
    }
  }

  /**
   * Checks model inputs: length and finiteness, and for a Bernoulli model the range [0, 1] its
   * likelihood is defined on (pixels scaled by 1/255).
   */
  private void checkInputs(float[][] xs) {
    checkRows(xs, inputSize, "x");
    if (manifest.config().likelihood() == dev.tfvae.core.model.Likelihood.BERNOULLI) {
      for (int i = 0; i < xs.length; i++) {
        for (int j = 0; j < inputSize; j++) {
          float v = xs[i][j];
          if (v < 0f || v > 1f) {
            throw new IllegalArgumentException(
                "x row " + i + " value " + j + " is " + v + "; this model's inputs are in [0, 1]"
                    + " (for 8-bit pixels divide by 255)");
          }
        }
      }
    }
  }

  private static void checkRows(float[][] rows, int width, String name) {
    checkNotNull(rows, "%s must not be null", name);
    checkArgument(rows.length > 0, "%s: empty batch", name);
    for (int i = 0; i < rows.length; i++) {
      float[] row = rows[i];
      checkArgument(row != null, "%s row %s is null", name, i);
      checkArgument(
          row.length == width,
          "%s row %s has %s values, the model expects %s",
          name,
          i,
          row.length,
          width);
      for (int j = 0; j < width; j++) {
        if (!Float.isFinite(row[j])) {
          throw new IllegalArgumentException(
              name + " row " + i + " value " + j + " is " + row[j] + "; inputs must be finite");
        }
      }
    }
  }
}
