package dev.tfvae.spark.cli;

import dev.tfvae.infer.Analysis;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.spark.VaeOutput;
import dev.tfvae.spark.VaeTransformer;
import dev.tfvae.spark.models.ModelResolver;
import dev.tfvae.spark.models.ResolvedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code spark-score --bench}: rows/s of the {@link VaeTransformer} on a Spark master, reading the
 * Fashion-MNIST images (70,000 by default) from Parquet and writing every output to Spark's {@code noop}
 * sink, against one plain JVM loop of {@link VaeModel#analyze} over the same rows in memory, with the same
 * batch size and as many lanes as the master has cores. Rounds alternate (Spark first in even rounds, the
 * loop first in odd ones); the first round of each is the cold start (Spark: the executor copies and
 * loads the model, nothing is compiled yet) and is reported apart from the medians of the measured rounds.
 * Prints one JSON object on stdout and a summary on stderr.
 */
final class ScoreBench {
  private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+)(?:,\\d+)?]");

  private ScoreBench() {}

  static int run(SparkScoreCommand cmd, PrintWriter out, PrintWriter err) throws IOException {
    if (cmd.rounds < 1 || cmd.rounds > 50) {
      throw new IllegalArgumentException("--rounds must be in 1..50: " + cmd.rounds);
    }
    int cores = cores(cmd.master);
    Path dataDir = cmd.dataDir == null ? IdxImages.FASHION_MNIST : Path.of(cmd.dataDir);
    float[][] all = IdxImages.trainAndTest(dataDir);
    if (cmd.benchRows < 1 || cmd.benchRows > all.length) {
      throw new IllegalArgumentException("--rows must be in 1.." + all.length + ": " + cmd.benchRows);
    }
    float[][] rows = Arrays.copyOf(all, cmd.benchRows);
    Path work = Files.createTempDirectory("tf-vae-spark-bench-");
    long sessionStart = System.nanoTime();
    try (SparkScoreCommand.SessionScope session = SparkScoreCommand.SessionScope.open(cmd.master)) {
      SparkSession spark = session.spark();
      double sessionSeconds = (System.nanoTime() - sessionStart) / 1e9;
      String parquet = work.resolve("fashion-mnist.parquet").toString();
      writeParquet(spark, rows, cores, parquet);
      Dataset<Row> table = spark.read().parquet(parquet);
      VaeTransformer vae = cmd.transformer(table);
      ResolvedModel model = ModelResolver.resolve(cmd.model, spark.sparkContext().hadoopConfiguration());
      List<VaeOutput> outputs = cmd.outputs.stream().map(VaeOutput::ofName).toList();
      long loadStart = System.nanoTime();
      try (VaeModel plainModel = VaeModel.loader(Path.of(URI.create(model.versionUri()))).threads(cores).load()) {
        double plainLoadSeconds = (System.nanoTime() - loadStart) / 1e9;
        PlainLoop plain = new PlainLoop(plainModel, rows, outputs, cmd.batchSize, cmd.iwaeSamples, cmd.seed);
        double sparkCold = rowsPerSecond(rows.length, () -> runSpark(vae, spark, parquet));
        double plainCold = rowsPerSecond(rows.length, plain::run);
        List<Double> sparkRounds = new ArrayList<>();
        List<Double> plainRounds = new ArrayList<>();
        for (int r = 0; r < cmd.rounds; r++) {
          if (r % 2 == 0) {
            sparkRounds.add(rowsPerSecond(rows.length, () -> runSpark(vae, spark, parquet)));
            plainRounds.add(rowsPerSecond(rows.length, plain::run));
          } else {
            plainRounds.add(rowsPerSecond(rows.length, plain::run));
            sparkRounds.add(rowsPerSecond(rows.length, () -> runSpark(vae, spark, parquet)));
          }
          err.printf(Locale.ROOT, "round %d: spark %.0f rows/s, plain loop %.0f rows/s%n",
              r + 1, sparkRounds.get(r), plainRounds.get(r));
          err.flush();
        }
        double sparkMedian = median(sparkRounds);
        double plainMedian = median(plainRounds);
        err.printf(Locale.ROOT, "cold: spark %.0f rows/s (session start %.1f s), plain loop %.0f rows/s (load %.3f s)%n",
            sparkCold, sessionSeconds, plainCold, plainLoadSeconds);
        err.printf(Locale.ROOT, "median of %d rounds: spark %.0f rows/s, plain loop %.0f rows/s, ratio %.2f%n",
            cmd.rounds, sparkMedian, plainMedian, sparkMedian / plainMedian);
        err.flush();
        out.println("{" + String.join(", ",
            field("model", quote(model.versionUri())),
            field("rows", rows.length),
            field("master", quote(cmd.master)),
            field("cores", cores),
            field("spark_version", quote(spark.version())),
            field("java", quote(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))),
            field("outputs", "[" + outputs.stream().map(o -> quote(o.columnName())).collect(Collectors.joining(", ")) + "]"),
            field("batch_size", cmd.batchSize),
            field("rounds", cmd.rounds),
            field("spark_session_start_s", round(sessionSeconds)),
            field("plain_model_load_s", round(plainLoadSeconds)),
            field("spark_cold_rows_per_s", Math.round(sparkCold)),
            field("plain_cold_rows_per_s", Math.round(plainCold)),
            field("spark_rows_per_s", list(sparkRounds)),
            field("plain_rows_per_s", list(plainRounds)),
            field("spark_median_rows_per_s", Math.round(sparkMedian)),
            field("plain_median_rows_per_s", Math.round(plainMedian)),
            field("ratio", round(sparkMedian / plainMedian))) + "}");
        out.flush();
      }
    } finally {
      deleteTree(work);
    }
    return ExitCodes.OK;
  }

  /** One plain JVM loop over the rows: what a program without Spark does. */
  private record PlainLoop(VaeModel model, float[][] rows, List<VaeOutput> outputs, int batchSize,
      int samples, long seed) {
    void run() {
      Set<Analysis.Part> parts = VaeOutput.analysisParts(outputs);
      long sink = 0;
      for (int from = 0; from < rows.length; from += batchSize) {
        float[][] batch = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + batchSize));
        if (!parts.isEmpty()) {
          sink += model.analyze(batch, parts).size();
        }
        if (outputs.contains(VaeOutput.IWAE_NLL)) {
          sink += model.importanceScores(batch, samples, seed).length;
        }
      }
      if (sink < 0) {
        throw new IllegalStateException();
      }
    }
  }

  private static void runSpark(VaeTransformer vae, SparkSession spark, String parquet) {
    vae.transform(spark.read().parquet(parquet)).write().format("noop").mode("overwrite").save();
  }

  private static void writeParquet(SparkSession spark, float[][] rows, int files, String path) {
    List<Row> table = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      table.add(RowFactory.create((long) i, rows[i]));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    spark.createDataFrame(table, schema).repartition(files).write().parquet(path);
  }

  private static double rowsPerSecond(int rows, Runnable work) {
    long start = System.nanoTime();
    work.run();
    return rows / ((System.nanoTime() - start) / 1e9);
  }

  private static int cores(String master) {
    Matcher m = LOCAL.matcher(master);
    if (m.matches()) {
      return Integer.parseInt(m.group(1));
    }
    if (master.equals("local")) {
      return 1;
    }
    return Runtime.getRuntime().availableProcessors();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String field(String name, Object value) {
    return quote(name) + ": " + value;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String list(List<Double> values) {
    return values.stream().map(v -> Long.toString(Math.round(v))).collect(Collectors.joining(", ", "[", "]"));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
