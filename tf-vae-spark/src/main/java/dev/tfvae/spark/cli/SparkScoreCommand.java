package dev.tfvae.spark.cli;

import dev.tfvae.spark.VaeTransformer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tf-vae spark-score}: scores a table with {@link VaeTransformer} on a Spark master (local by
 * default) and writes the input's other columns with the outputs. Exit codes as the rest of tf-vae's
 * command line: 0 success, 1 runtime failure, 2 bad usage or bad input (the message names the file,
 * column or row).
 */
@Command(
    name = "spark-score",
    mixinStandardHelpOptions = true,
    description = {
      "Adds a tf-vae model's embeddings and scores to a table with Spark (the VaeTransformer).",
      "Reads Parquet, CSV (with a header) or JSON Lines; writes Parquet or JSON Lines: the input's other",
      "columns (an id) and the outputs. --bench measures Spark against a plain tf-vae-infer loop instead."
    })
public final class SparkScoreCommand implements Callable<Integer> {
  @Option(names = "--model", required = true,
      description = "a SavedModel version folder or base folder (its newest version), on any Hadoop file system")
  String model;

  @Option(names = "--input", description = "the table to score: a file or a folder of files")
  String input;

  @Option(names = "--output", description = "where to write the result (a folder of part files)")
  String output;

  @Option(names = "--input-format", defaultValue = "auto",
      description = "auto (from the name: .csv, .json/.jsonl, else Parquet), parquet, csv, json")
  String inputFormat;

  @Option(names = "--output-format", defaultValue = "parquet", description = "parquet or json (JSON Lines)")
  String outputFormat;

  @Option(names = "--input-col", defaultValue = "features",
      description = "the input column: array<float>, array<double> or an ML Vector (default: ${DEFAULT-VALUE})")
  String inputCol;

  @Option(names = "--input-cols", split = ",",
      description = "numeric input columns instead, one value each; FIRST..LAST means the columns from FIRST to LAST")
  List<String> inputCols;

  @Option(names = "--outputs", split = ",", defaultValue = "embedding,neg_elbo,reconstruction_loss,kl",
      description = "embedding, log_variance, neg_elbo, reconstruction_loss, kl, reconstruction, iwae_nll "
          + "(default: ${DEFAULT-VALUE})")
  List<String> outputs;

  @Option(names = "--iwae", defaultValue = "100", description = "K, importance samples of iwae_nll")
  int iwaeSamples;

  @Option(names = "--seed", defaultValue = "42", description = "the seed of iwae_nll")
  long seed;

  @Option(names = "--handle-invalid", defaultValue = "error",
      description = "bad rows: error (stop, naming the row), skip, keep (null outputs and a vae_error column)")
  String handleInvalid;

  @Option(names = "--batch-size", defaultValue = "512", description = "rows per model call")
  int batchSize;

  @Option(names = "--master", defaultValue = "local[*]", description = "the Spark master (default: ${DEFAULT-VALUE})")
  String master;

  @Option(names = "--overwrite", description = "replace --output if it exists")
  boolean overwrite;

  @Option(names = "--bench", description = "measure rows/s against a plain tf-vae-infer loop (prints JSON)")
  boolean bench;

  @Option(names = "--rounds", defaultValue = "3", description = "--bench: measured rounds of each (after a cold one)")
  int rounds;

  @Option(names = "--data-dir", description = "--bench: the Fashion-MNIST IDX folder (default /usr/share/datasets/fashion-mnist)")
  String dataDir;

  @Option(names = "--rows", defaultValue = "70000", description = "--bench: rows to score (at most the dataset's)")
  int benchRows;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      // Spark's INFO logging would bury the command's own output; the library itself configures nothing.
      System.setProperty("log4j2.configurationFile", "classpath:dev/tfvae/spark/cli/log4j2-cli.properties");
    }
    System.exit(run(args));
  }

  /** Runs the command and returns its exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command with its output and messages going to {@code out} and {@code err} (for tests). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new SparkScoreCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      ExitCodes.Failure f = ExitCodes.of(e);
      cmd.getErr().println("tf-vae spark-score: error: " + f.message());
      cmd.getErr().flush();
      return f.code();
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (bench) {
      return ScoreBench.run(this, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    if (input == null || output == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--input and --output are required (or --bench)");
    }
    String out = outputFormat.toLowerCase(Locale.ROOT);
    if (!out.equals("parquet") && !out.equals("json")) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--output-format must be parquet or json: " + outputFormat);
    }
    long start = System.nanoTime();
    try (SessionScope session = SessionScope.open(master)) {
      SparkSession spark = session.spark();
      checkPaths(spark);
      Dataset<Row> table = read(spark);
      VaeTransformer vae = transformer(table);
      Dataset<Row> scored = vae.transform(table);
      List<String> dropped = inputCols == null ? List.of(inputCol) : Arrays.asList(vae.getOrDefault(vae.inputCols()));
      Path target = new Path(output);
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      boolean existed = fs.exists(target);
      try {
        scored.drop(dropped.toArray(new String[0])).write()
            .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
            .format(out)
            .save(output);
      } catch (Exception e) { // SparkException is checked, and thrown undeclared by Scala code
        // A failed job leaves the folder Spark made; a rerun should not find it in the way.
        if (!existed) {
          fs.delete(target, true);
        }
        throw e;
      }
      String version = scored.schema().apply(outputs.get(0)).metadata().getString("tfvae_model");
      spec.commandLine().getErr().printf("tf-vae spark-score: scored %s with %s into %s (%s) in %.1f s%n",
          input, version, output, out, (System.nanoTime() - start) / 1e9);
    }
    return ExitCodes.OK;
  }

  /** The transformer these options describe, its input columns resolved against {@code table}. */
  VaeTransformer transformer(Dataset<Row> table) {
    VaeTransformer vae = new VaeTransformer()
        .setModelPath(model)
        .setOutputs(outputs.toArray(new String[0]))
        .setIwaeSamples(iwaeSamples)
        .setSeed(seed)
        .setHandleInvalid(handleInvalid.toLowerCase(Locale.ROOT))
        .setBatchSize(batchSize);
    if (inputCols != null) {
      vae.setInputCols(expand(inputCols, Arrays.asList(table.columns())).toArray(new String[0]));
    } else {
      vae.setInputCol(inputCol);
    }
    return vae;
  }

  /** {@code a,b,p0..p783}: names, and ranges of columns in the table's order. */
  static List<String> expand(List<String> specs, List<String> columns) {
    List<String> names = new ArrayList<>();
    for (String s : specs) {
      int dots = s.indexOf("..");
      if (dots < 0) {
        names.add(s);
        continue;
      }
      String first = s.substring(0, dots);
      String last = s.substring(dots + 2);
      int from = columns.indexOf(first);
      int to = columns.indexOf(last);
      if (from < 0 || to < 0 || to < from) {
        throw new IllegalArgumentException("--input-cols " + s + ": " + (from < 0 ? "no column " + first
            : to < 0 ? "no column " + last : last + " comes before " + first) + "; the columns are " + columns);
      }
      names.addAll(columns.subList(from, to + 1));
    }
    return names;
  }

  private void checkPaths(SparkSession spark) throws java.io.IOException {
    Path in = new Path(input);
    FileSystem inFs = in.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!inFs.exists(in)) {
      throw new java.io.FileNotFoundException("--input " + input + ": not found");
    }
    Path out = new Path(output);
    FileSystem outFs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!overwrite && outFs.exists(out)) {
      throw new IllegalArgumentException("--output " + output + " exists (--overwrite replaces it)");
    }
  }

  private Dataset<Row> read(SparkSession spark) {
    String format = inputFormat.toLowerCase(Locale.ROOT);
    if (format.equals("auto")) {
      String name = input.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
      format = name.endsWith(".csv") ? "csv"
          : name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson") ? "json" : "parquet";
    }
    DataFrameReader reader = spark.read();
    return switch (format) {
      case "parquet" -> reader.parquet(input);
      case "csv" -> reader.option("header", true).option("inferSchema", true).csv(input);
      case "json" -> reader.json(input);
      default -> throw new IllegalArgumentException(
          "--input-format must be auto, parquet, csv or json: " + inputFormat);
    };
  }

  /** A SparkSession for the command: the running one if there is one (tests), else a new one it stops. */
  record SessionScope(SparkSession spark, boolean owned) implements AutoCloseable {
    static SessionScope open(String master) {
      if (SparkSession.getActiveSession().isDefined()) {
        return new SessionScope(SparkSession.getActiveSession().get(), false);
      }
      if (SparkSession.getDefaultSession().isDefined()) {
        return new SessionScope(SparkSession.getDefaultSession().get(), false);
      }
      SparkSession spark = SparkSession.builder()
          .appName("tf-vae spark-score")
          .master(master)
          .config("spark.ui.enabled", "false")
          .getOrCreate();
      return new SessionScope(spark, true);
    }

    @Override
    public void close() {
      if (owned) {
        spark.stop();
      }
    }
  }
}
