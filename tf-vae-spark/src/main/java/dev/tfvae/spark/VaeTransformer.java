package dev.tfvae.spark;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.spark.models.HadoopConf;
import dev.tfvae.spark.models.ModelResolver;
import dev.tfvae.spark.models.ResolvedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that adds a tf-vae model's embeddings, anomaly scores and reconstructions
 * to a DataFrame; it goes into a {@link org.apache.spark.ml.Pipeline} and is saved and loaded with it.
 *
 * <pre>{@code
 * VaeTransformer vae = new VaeTransformer()
 *     .setModelPath("hdfs:///models/fashion-mnist-vae")      // a base folder: its newest version
 *     .setInputCol("features")                               // array<float>, array<double>, Vector, image
 *     .setOutputs("embedding", "neg_elbo");
 * Dataset<Row> scored = vae.transform(images);              // + embedding array<float>, neg_elbo double
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>{@link #transform} resolves the model path to one version on the driver (a version folder as it
 *       is, a base folder to its highest version) and the job's every task uses exactly that version, even
 *       when a newer one is exported while the job runs. Each output column's metadata records it
 *       ({@code tfvae_model}: the version folder's URI, {@code tfvae_version}: its number).
 *   <li>Each executor JVM copies that version's files from the Hadoop file system once, loads the model
 *       once and shares it between its tasks (see {@link dev.tfvae.spark.models.ExecutorModels}); the
 *       model's lanes are the executor's cores unless {@code threads} says otherwise.
 *   <li>Rows go through the model in batches of {@code batchSize}, and the encoder runs once per row
 *       however many outputs are asked for; the values equal tf-vae-infer's in-process results (batched
 *       float32 results may differ in the last bits between batch compositions).
 *   <li>Rows keep their order within a partition, and all the input's columns are kept.
 *   <li>A row the model cannot take (a null, a wrong length, a non-finite value, a value outside [0, 1]
 *       for a Bernoulli model, an image of the wrong size) fails the job with {@link InvalidRowException}
 *       naming the row ({@code handleInvalid = "error"}, the default), is left out ({@code "skip"}), or
 *       is kept with null outputs and the problem in {@code errorCol} ({@code "keep"}).
 * </ul>
 *
 * <p>Params: {@code modelPath} (required), {@code inputCol} (default {@code features}) or {@code
 * inputCols} (numeric columns, one value each), {@code outputs} (default {@code embedding, neg_elbo,
 * reconstruction_loss, kl}; see {@link VaeOutput}), {@code iwaeSamples} K and {@code seed} for {@code
 * iwae_nll} (100 and 42), {@code handleInvalid} ({@code error}), {@code errorCol} ({@code vae_error}),
 * {@code batchSize} (512) and {@code threads} (0: the executor's cores). Read a value with
 * {@code getOrDefault(vae.inputCol())}.
 */
public final class VaeTransformer extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** The outputs added when {@code outputs} is not set: everything one encoder-decoder pass gives. */
  public static final List<VaeOutput> DEFAULT_OUTPUTS =
      List.of(VaeOutput.EMBEDDING, VaeOutput.NEG_ELBO, VaeOutput.RECONSTRUCTION_LOSS, VaeOutput.KL);

  private final String uid;

  private final Param<String> modelPath;
  private final Param<String> inputCol;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputs;
  private final IntParam iwaeSamples;
  private final LongParam seed;
  private final Param<String> handleInvalid;
  private final Param<String> errorCol;
  private final IntParam batchSize;
  private final IntParam threads;

  public VaeTransformer() {
    this(Identifiable.randomUID("vaeTransformer"));
  }

  /** For Spark's reader, which rebuilds a saved stage with its uid. */
  public VaeTransformer(String uid) {
    this.uid = uid;
    // Params are made here, after the uid: a Param takes its parent's uid when it is made.
    this.modelPath = new Param<String>(this, "modelPath",
        "the model: a SavedModel version folder or a base folder (its newest version), on any Hadoop file system");
    this.inputCol = new Param<String>(this, "inputCol",
        "the input column: array<float>, array<double>, an ML Vector, or the struct of Spark's image source");
    this.inputCols = new StringArrayParam(this, "inputCols",
        "numeric input columns, one model input value each (instead of inputCol)");
    this.outputs = new StringArrayParam(this, "outputs",
        "the columns to add: embedding, log_variance, neg_elbo, reconstruction_loss, kl, reconstruction, iwae_nll");
    this.iwaeSamples = new IntParam(this, "iwaeSamples",
        "K, the importance samples per row of iwae_nll", ParamValidators.inRange(1, VaeModel.MAX_IMPORTANCE_SAMPLES));
    this.seed = new LongParam(this, "seed", "the seed of iwae_nll's samples");
    this.handleInvalid = new Param<String>(this, "handleInvalid",
        "what to do with rows the model cannot take: error (fail the job), skip (leave them out), keep "
            + "(null outputs and the problem in errorCol)", ParamValidators.inArray(HandleInvalid.NAMES));
    this.errorCol = new Param<String>(this, "errorCol",
        "with handleInvalid = keep: the column that says what is wrong with a row (null for good rows)");
    this.batchSize = new IntParam(this, "batchSize",
        "rows per call of the model", ParamValidators.inRange(1, VaeModel.MAX_BATCH_ROWS));
    this.threads = new IntParam(this, "threads",
        "the model's lanes in each executor JVM; 0: the executor's cores", ParamValidators.gtEq(0));
    setDefault(inputCol, "features");
    setDefault(outputs, DEFAULT_OUTPUTS.stream().map(VaeOutput::columnName).toArray(String[]::new));
    setDefault(iwaeSamples, 100);
    setDefault(seed, 42L);
    setDefault(handleInvalid, "error");
    setDefault(errorCol, "vae_error");
    setDefault(batchSize, 512);
    setDefault(threads, 0);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> modelPath() {
    return modelPath;
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam outputs() {
    return outputs;
  }

  public IntParam iwaeSamples() {
    return iwaeSamples;
  }

  public LongParam seed() {
    return seed;
  }

  public Param<String> handleInvalid() {
    return handleInvalid;
  }

  public Param<String> errorCol() {
    return errorCol;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public IntParam threads() {
    return threads;
  }

  public VaeTransformer setModelPath(String value) {
    return (VaeTransformer) set(modelPath, value);
  }

  public VaeTransformer setInputCol(String value) {
    return (VaeTransformer) set(inputCol, value);
  }

  public VaeTransformer setInputCols(String... value) {
    return (VaeTransformer) set(inputCols, value);
  }

  /** The outputs by {@linkplain VaeOutput#columnName() name}, e.g. {@code "embedding", "neg_elbo"}. */
  public VaeTransformer setOutputs(String... value) {
    Arrays.stream(value).forEach(VaeOutput::ofName);
    return (VaeTransformer) set(outputs, value);
  }

  public VaeTransformer setIwaeSamples(int value) {
    return (VaeTransformer) set(iwaeSamples, value);
  }

  public VaeTransformer setSeed(long value) {
    return (VaeTransformer) set(seed, value);
  }

  public VaeTransformer setHandleInvalid(String value) {
    return (VaeTransformer) set(handleInvalid, value);
  }

  public VaeTransformer setErrorCol(String value) {
    return (VaeTransformer) set(errorCol, value);
  }

  public VaeTransformer setBatchSize(int value) {
    return (VaeTransformer) set(batchSize, value);
  }

  public VaeTransformer setThreads(int value) {
    return (VaeTransformer) set(threads, value);
  }

  /** The outputs this stage adds, in column order. */
  List<VaeOutput> outputList() {
    String[] names = $(outputs);
    List<VaeOutput> list = new ArrayList<>();
    for (String name : names) {
      VaeOutput o = VaeOutput.ofName(name);
      if (list.contains(o)) {
        throw new IllegalArgumentException("output \"" + name + "\" is asked for twice");
      }
      list.add(o);
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no outputs asked for");
    }
    return list;
  }

  private InputColumn input(StructType schema) {
    if (isSet(inputCols)) {
      if (isSet(inputCol)) {
        throw new IllegalArgumentException("set inputCol or inputCols, not both (inputCol "
            + $(inputCol) + ", inputCols " + Arrays.toString($(inputCols)) + ")");
      }
      return InputColumn.numeric(schema, $(inputCols));
    }
    return InputColumn.single(schema, $(inputCol));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return outputSchema(schema, Metadata.empty());
  }

  private StructType outputSchema(StructType schema, Metadata metadata) {
    if (!isDefined(modelPath)) {
      throw new IllegalArgumentException("modelPath is not set");
    }
    input(schema);
    Set<String> names = new HashSet<>(Arrays.asList(schema.fieldNames()));
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    for (VaeOutput o : outputList()) {
      fields.add(new StructField(o.columnName(), o.dataType(), true, metadata));
    }
    if (HandleInvalid.of($(handleInvalid)) == HandleInvalid.KEEP) {
      fields.add(new StructField($(errorCol), DataTypes.StringType, true, Metadata.empty()));
    }
    for (StructField f : fields.subList(schema.size(), fields.size())) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("the input already has a column \"" + f.name()
            + "\", which this stage would add; rename it first");
      }
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    transformSchema(schema);
    SparkSession spark = dataset.sparkSession();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    ResolvedModel model;
    try {
      model = ModelResolver.resolve($(modelPath), sc.hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<VaeOutput> outs = outputList();
    if (!model.variational()) {
      for (VaeOutput o : List.of(VaeOutput.LOG_VARIANCE, VaeOutput.IWAE_NLL)) {
        if (outs.contains(o)) {
          throw new IllegalArgumentException(model.versionUri() + " is a plain autoencoder, which has no "
              + o.columnName());
        }
      }
    }
    InputColumn input = input(schema);
    input.checkAgainst(model);
    Metadata metadata = new MetadataBuilder()
        .putString("tfvae_model", model.versionUri())
        .putLong("tfvae_version", model.version())
        .build();
    StructType out = outputSchema(schema, metadata);
    List<Integer> ids = identifyingColumns(schema, input);
    PartitionScorer.Plan plan = new PartitionScorer.Plan(
        model, input, outs, HandleInvalid.of($(handleInvalid)), intValue(batchSize), intValue(threads),
        intValue(iwaeSamples), (Long) $(seed),
        ids.stream().mapToInt(Integer::intValue).toArray(),
        ids.stream().map(i -> schema.fields()[i].name()).toArray(String[]::new),
        ids.stream().map(i -> schema.fields()[i].dataType()).toArray(DataType[]::new));
    Broadcast<HadoopConf> conf = sc.broadcast(new HadoopConf(sc.hadoopConfiguration()));
    RDD<InternalRow> rows = dataset.toDF().queryExecution().toRdd().toJavaRDD()
        .mapPartitions(new PartitionScorer(plan, conf)).rdd();
    return InternalFrames.create(spark, rows, out);
  }

  private int intValue(IntParam p) {
    return (Integer) $(p);
  }

  /** Up to two string or integer columns besides the input, whose values name a bad row in messages. */
  private static List<Integer> identifyingColumns(StructType schema, InputColumn input) {
    Set<Integer> inputs = new HashSet<>();
    Arrays.stream(input.ordinals()).forEach(inputs::add);
    List<Integer> ids = new ArrayList<>();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length && ids.size() < 2; i++) {
      DataType t = fields[i].dataType();
      if (!inputs.contains(i) && (t.equals(DataTypes.StringType) || t instanceof IntegralType)) {
        ids.add(i);
      }
    }
    return ids;
  }

  @Override
  public VaeTransformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** The reader of saved stages; {@link org.apache.spark.ml.PipelineModel#load} finds it by reflection. */
  public static MLReader<VaeTransformer> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads a stage saved with {@code write().save(path)}. */
  public static VaeTransformer load(String path) {
    return read().load(path);
  }
}
