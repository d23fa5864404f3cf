package dev.tfvae.infer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.common.util.concurrent.Uninterruptibles;
import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.core.model.ModelKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
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
 * <p>Performance: every call runs in a session that executes its ops in the calling thread with one
 * intra-op thread, which gives the lowest single-example latency. Single examples reuse prepared calls
 * (an input tensor refilled in place, run through TensorFlow's C API with its feed and fetches resolved
 * once; see {@link DirectCall}). Batches of at least {@value #MIN_PART_ROWS} rows per core are split
 * into parts that run at once on the model's own threads, one per core. At most one native call per
 * core runs at a time ({@link Loader#threads}): more callers than cores wait for a lane instead of
 * crowding TensorFlow, which measured faster than letting them all in.
 */
public final class VaeModel implements AutoCloseable {
  /** Rows per native call when a batch is large; bounds native memory per call. */
  static final int MAX_ROWS_PER_RUN = 1024;

  private static final List<String> ENCODE_VAE_OUTPUTS =
      List.of(SignatureContract.MEAN, SignatureContract.LOG_VARIANCE);
  private static final List<String> ENCODE_AE_OUTPUTS = List.of(SignatureContract.MEAN);
  private static final List<String> RECONSTRUCTION_OUTPUT = List.of(SignatureContract.RECONSTRUCTION);
  private static final List<String> SCORE_VAE_OUTPUTS =
      List.of(SignatureContract.NEG_ELBO, SignatureContract.RECONSTRUCTION_LOSS, SignatureContract.KL);
  private static final List<String> SCORE_AE_OUTPUTS = List.of(SignatureContract.RECONSTRUCTION_LOSS);

  /** A batch is split into parts of at least this many rows, one part per lane. */
  static final int MIN_PART_ROWS = 16;

  /** How often a caller retries for a free lane (yielding in between) before it parks. */
  private static final int LANE_RETRIES = 64;

  /** The most examples {@link #generate} returns in one call. */
  public static final int MAX_GENERATE = 65_536;

  private final Path path;
  private final ModelManifest manifest;
  private final SavedModelBundle bundle;
  private final Session session;
  /** Native calls that may run at once; a permit is held only around each native run. */
  private final Semaphore lanes;
  private final int laneCount;
  /** Runs the parts of a split batch beyond the caller's own; null with a single lane. */
  private final ExecutorService partRunner;
  private final Map<String, SignatureDef> signatures;
  private final int inputSize;
  private final int latentDim;
  private final long[] exampleDims;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Idle prepared single-example calls, by kind of call; each is used by one thread at a time. */
  private final Map<PoolKey, java.util.Queue<PreparedCall>> prepared =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Which prepared calls are interchangeable: same signature and fetches. */
  private record PoolKey(String signature, List<String> outputs) {}
  private boolean closed;

  private VaeModel(Path path, ModelManifest manifest, SavedModelBundle bundle, int laneCount) {
    this.laneCount = laneCount;
    this.lanes = new Semaphore(laneCount);
    this.partRunner =
        laneCount == 1
            ? null
            : Executors.newFixedThreadPool(
                laneCount - 1,
                new ThreadFactoryBuilder().setDaemon(true).setNameFormat("tf-vae-batch-%d").build());
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
     * Lanes: how many native calls of this model run at once, and into how many parts a large batch is
     * split; 0 (default) means one per available processor. Callers beyond that wait for a lane.
     * Batched results can differ in the last bit between lane counts (different part sizes); single
     * examples do not.
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
      // Negative inter-op threads run every op in the calling thread, and one intra-op thread keeps
      // small kernels from being split: measured 50 µs instead of 120–250 µs per single example.
      // Parallelism comes from running several calls (or the parts of a batch) at once instead: a
      // batch of 256 split over 2 cores measured 141,000 samples/s against 120,000 for one call with
      // two intra-op threads. (TensorFlow sizes its process-wide intra-op pool from the first session a
      // process creates: with a default session created first, single examples measured 111 µs.)
      ConfigProto config =
          ConfigProto.newBuilder()
              .setInterOpParallelismThreads(-1)
              .setIntraOpParallelismThreads(1)
              .setExperimental(ConfigProto.Experimental.newBuilder().setDisableThreadSpinning(true))
              .build();
      int laneCount = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
      return new VaeModel(version, report.manifest(), open(version, config), laneCount);
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
    checkShape(xs, inputSize, SignatureContract.X);
    boolean vae = isVariational();
    List<String> outputs = vae ? ENCODE_VAE_OUTPUTS : ENCODE_AE_OUTPUTS;
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
    checkShape(zs, latentDim, SignatureContract.Z);
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
    checkShape(xs, inputSize, SignatureContract.X);
    return runRows(SignatureContract.SERVING_DEFAULT, SignatureContract.X, xs, exampleDims,
        List.of(SignatureContract.RECONSTRUCTION), inputSize)[0];
  }

  /** Anomaly scores of one example. */
  public Score score(float[] x) {
    checkInputs(new float[][] {x});
    if (!isVariational()) {
      float[][] r = runOne(SignatureContract.SCORE, SignatureContract.X, x, exampleDims,
          SCORE_AE_OUTPUTS, 1);
      return new Score(r[0][0], r[0][0], 0);
    }
    float[][] r = runOne(SignatureContract.SCORE, SignatureContract.X, x, exampleDims,
        SCORE_VAE_OUTPUTS, 1);
    return new Score(r[0][0], r[1][0], r[2][0]);
  }

  /** Anomaly scores of each example. */
  public List<Score> score(float[][] xs) {
    checkShape(xs, inputSize, SignatureContract.X);
    boolean vae = isVariational();
    List<String> outputs = vae ? SCORE_VAE_OUTPUTS : SCORE_AE_OUTPUTS;
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
    checkShape(xs, inputSize, SignatureContract.X);
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
    checkShape(xs, inputSize, SignatureContract.X);
    checkShape(zs, latentDim, SignatureContract.Z);
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
          TInt64 seeds = TInt64.vectorOf(seed[0], seed[1])) {
        Session.Runner runner =
            session
                .runner()
                .feed(def.getInputsOrThrow(SignatureContract.N).getName(), count)
                .feed(def.getInputsOrThrow(SignatureContract.SEED).getName(), seeds)
                .fetch(def.getOutputsOrThrow(SignatureContract.SAMPLES).getName());
        acquireLane();
        try (Result r = runner.run()) {
          return rows((TFloat32) r.get(0), n, inputSize);
        } finally {
          lanes.release();
        }
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
        if (partRunner != null) {
          partRunner.shutdown();
        }
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
    /** The same call through TensorFlow's C API (about 15 µs faster); null where that is unavailable. */
    private final DirectCall direct;
    private final int outputCount;
    private final int outputWidth;

    PreparedCall(Session session, String signature, String inputKey, long[] rowDims,
        List<String> outputs, int outputWidth) {
      SignatureDef def = signatures.get(signature);
      long[] dims = new long[rowDims.length + 1];
      dims[0] = 1;
      System.arraycopy(rowDims, 0, dims, 1, rowDims.length);
      input = TFloat32.tensorOf(Shape.of(dims));
      buffer = input.asRawTensor().data().asFloats();
      String inputName = def.getInputsOrThrow(inputKey).getName();
      runner = session.runner().feed(inputName, input);
      List<String> outputNames = new ArrayList<>();
      for (String output : outputs) {
        outputNames.add(def.getOutputsOrThrow(output).getName());
        runner.fetch(outputNames.get(outputNames.size() - 1));
      }
      this.outputCount = outputs.size();
      this.outputWidth = outputWidth;
      int[] widths = new int[outputCount];
      java.util.Arrays.fill(widths, outputWidth);
      direct = DirectCall.create(session, bundle.graph(), input, inputName, outputNames, widths);
    }

    /** Runs the call on the values already written into {@link #buffer}; returns [output][values]. */
    float[][] run() {
      if (direct != null) {
        return direct.run();
      }
      try (Result r = runner.run()) {
        float[][] out = new float[outputCount][];
        for (int k = 0; k < outputCount; k++) {
          out[k] = new float[outputWidth];
          ((TFloat32) r.get(k)).copyTo(DataBuffers.of(out[k], false, false));
        }
        return out;
      }
    }

    @Override
    public void close() {
      if (direct != null) {
        direct.close();
      }
      input.close();
    }
  }

  /**
   * Takes a lane for one native call. A caller that finds none free retries a few times, yielding the
   * core to the lane holders, before it parks: in a bare TF Java loop with 8 callers on 2 cores this
   * measured 26,000–28,000 calls/s against 24,000–26,000 when parking at once, and 17,000–21,000 with
   * no lanes at all.
   */
  private void acquireLane() {
    for (int i = 0; i < LANE_RETRIES; i++) {
      if (lanes.tryAcquire()) {
        return;
      }
      Thread.yield();
    }
    lanes.acquireUninterruptibly();
  }

  /** Runs one signature on one example through a pooled {@link PreparedCall}; returns [output][values]. */
  private float[][] runOne(String signature, String inputKey, float[] x, long[] rowDims,
      List<String> outputs, int outputWidth) {
    lock.readLock().lock();
    try {
      checkOpen();
      java.util.Queue<PreparedCall> pool =
          prepared.computeIfAbsent(
              new PoolKey(signature, outputs),
              k -> new java.util.concurrent.ConcurrentLinkedQueue<>());
      PreparedCall call = pool.poll();
      if (call == null) {
        call = new PreparedCall(session, signature, inputKey, rowDims, outputs, outputWidth);
      }
      try {
        call.buffer.write(x);
        acquireLane();
        try {
          return call.run();
        } finally {
          lanes.release();
        }
      } finally {
        pool.offer(call);
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
   * Runs one signature on every row of its feeds (all of one length); returns
   * {@code [output][row][values]}. The rows are split into up to one part per lane (at least
   * {@value #MIN_PART_ROWS} rows each): the caller runs the first part, the model's threads the others.
   * The read lock held here keeps the sessions open until every part has finished.
   */
  private float[][][] runRows(
      String signature, List<Feed> feeds, List<String> outputs, int outputWidth) {
    int n = feeds.get(0).rows().length;
    float[][][] out = new float[outputs.size()][n][];
    lock.readLock().lock();
    try {
      checkOpen();
      int parts = Math.max(1, Math.min(laneCount, n / MIN_PART_ROWS));
      int rowsPerPart = (n + parts - 1) / parts;
      List<java.util.concurrent.Future<?>> others = new ArrayList<>();
      for (int start = rowsPerPart; start < n; start += rowsPerPart) {
        int from = start;
        int count = Math.min(rowsPerPart, n - start);
        others.add(partRunner.submit(() -> runPart(signature, feeds, from, count, outputs, outputWidth, out)));
      }
      RuntimeException failure = null;
      try {
        runPart(signature, feeds, 0, Math.min(rowsPerPart, n), outputs, outputWidth, out);
      } catch (RuntimeException e) {
        failure = e;
      }
      // Every part is awaited, even after a failure: they read the caller's arrays and the sessions.
      for (java.util.concurrent.Future<?> part : others) {
        try {
          Uninterruptibles.getUninterruptibly(part);
        } catch (java.util.concurrent.ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs rows [start, start+count) in native calls of at most {@link #MAX_ROWS_PER_RUN} rows, writing
   * each output row into {@code out[output][row]}.
   */
  private void runPart(String signature, List<Feed> feeds, int start, int count, List<String> outputs,
      int outputWidth, float[][][] out) {
    for (int from = start; from < start + count; from += MAX_ROWS_PER_RUN) {
      int rows = Math.min(MAX_ROWS_PER_RUN, start + count - from);
      float[][][] chunk = runFloats(signature, feeds, from, rows, outputs, outputWidth);
      for (int k = 0; k < outputs.size(); k++) {
        System.arraycopy(chunk[k], 0, out[k], from, rows);
      }
    }
  }

  /** Runs one signature on rows [start, start+count) of its feeds; returns [output][row][values]. */
  private float[][][] runFloats(String signature, List<Feed> feeds, int start, int count,
      List<String> outputs, int outputWidth) {
    List<TFloat32> inputs = new ArrayList<>();
    try {
      SignatureDef def = signatures.get(signature);
      Session.Runner runner = session.runner();
      // Inputs are checked here, in each part's own thread, before anything of this part runs.
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
          float[] row = feed.rows()[start + i];
          checkValues(row, start + i, feed.key());
          buffer.offset((long) i * width).write(row);
        }
        runner.feed(def.getInputsOrThrow(feed.key()).getName(), input);
      }
      for (String output : outputs) {
        runner.fetch(def.getOutputsOrThrow(output).getName());
      }
      acquireLane();
      try (Result r = runner.run()) {
        float[][][] out = new float[outputs.size()][][];
        for (int k = 0; k < outputs.size(); k++) {
          out[k] = rows((TFloat32) r.get(k), count, outputWidth);
        }
        return out;
      } finally {
        lanes.release();
      }
    } finally {
      inputs.forEach(TFloat32::close);
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

  /** Checks single-example inputs completely: shape and values. */
  private void checkInputs(float[][] xs) {
    checkShape(xs, inputSize, "x");
    for (int i = 0; i < xs.length; i++) {
      checkValues(xs[i], i, SignatureContract.X);
    }
  }

  /** Checks one example's or code's values before it is fed. */
  private void checkRows(float[][] rows, int width, String name) {
    checkShape(rows, width, name);
    for (int i = 0; i < rows.length; i++) {
      checkValues(rows[i], i, name);
    }
  }

  /** Checks that a batch is non-empty and every row has the expected length. */
  private static void checkShape(float[][] rows, int width, String name) {
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
    }
  }

  /**
   * Checks the values of row {@code index} of input {@code name}: finite, and for a Bernoulli model's
   * {@code x} in the range [0, 1] its likelihood is defined on (pixels scaled by 1/255). Batches are
   * checked part by part, just before each row is copied into its tensor.
   */
  private void checkValues(float[] row, int index, String name) {
    boolean unitInterval =
        name.equals(SignatureContract.X)
            && manifest.config().likelihood() == dev.tfvae.core.model.Likelihood.BERNOULLI;
    for (int j = 0; j < row.length; j++) {
      float v = row[j];
      // One comparison pair per value; NaN fails both, so it is caught here too.
      if (unitInterval ? !(v >= 0f && v <= 1f) : !Float.isFinite(v)) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(
              name + " row " + index + " value " + j + " is " + v + "; inputs must be finite");
        }
        throw new IllegalArgumentException(
            name + " row " + index + " value " + j + " is " + v + "; this model's inputs are in [0, 1]"
                + " (for 8-bit pixels divide by 255)");
      }
    }
  }
}
