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
import org.apache.spark.sql.SparkSession;

/**
 * {@code spark-score --bench}: rows/s of the {@link VaeTransformer} on a Spark master, reading the
 * Fashion-MNIST images (70,000 by default) from Parquet and writing every output to Spark's {@code noop}
 * sink, against one plain JVM loop of {@link VaeModel#analyze} over the same rows in memory, with the same
 * batch size and as many lanes as the master has cores. Two Parquet layouts of the same images are read:
 * {@code image}, the struct of Spark's image data source (8-bit pixels, as the IDX files hold them), and
 * {@code floats}, an {@code array<float>} of the pixels divided by 255 (4 bytes a pixel, and Parquet's
 * nested-column decoding per value). Rounds rotate the order of the three; the first round of each is the
 * cold start (Spark: the executor copies and loads the model, nothing is compiled yet) and is reported
 * apart from the medians of the measured rounds. Each round also times the same Spark job over 2 rows,
 * the cost of a job whatever its size, and the figures less that cost are reported beside (never instead
 * of) the measured ones. Prints one JSON object on stdout and a summary on stderr.
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
    byte[][] all = IdxImages.trainAndTest(dataDir);
    if (cmd.benchRows < 1 || cmd.benchRows > all.length) {
      throw new IllegalArgumentException("--rows must be in 1.." + all.length + ": " + cmd.benchRows);
    }
    byte[][] images = Arrays.copyOf(all, cmd.benchRows);
    float[][] rows = IdxImages.scaled(images);
    Path work = Files.createTempDirectory("tf-vae-spark-bench-");
    long sessionStart = System.nanoTime();
    try (SparkScoreCommand.SessionScope session = SparkScoreCommand.SessionScope.open(cmd.master)) {
      SparkSession spark = session.spark();
      double sessionSeconds = (System.nanoTime() - sessionStart) / 1e9;
      ResolvedModel model = ModelResolver.resolve(cmd.model, spark.sparkContext().hadoopConfiguration());
      if (model.inputShape().size() != 2 || model.inputSize() != images[0].length) {
        throw new IllegalArgumentException("--bench needs a model of " + images[0].length
            + " grayscale pixels (Fashion-MNIST); " + model.versionUri() + " takes " + model.inputShape());
      }
      String imageParquet = work.resolve("fashion-mnist-image.parquet").toString();
      String floatParquet = work.resolve("fashion-mnist-floats.parquet").toString();
      BenchTables.writeImages(spark, images, model.inputShape(), cores, imageParquet);
      BenchTables.writeFloats(spark, rows, cores, floatParquet);
      List<VaeOutput> outputs = cmd.outputs.stream().map(VaeOutput::ofName).toList();
      VaeTransformer imageStage = cmd.transformer(spark.read().parquet(imageParquet)).setInputCol("image");
      VaeTransformer floatStage = cmd.transformer(spark.read().parquet(floatParquet)).setInputCol("features");
      long loadStart = System.nanoTime();
      try (VaeModel plainModel = VaeModel.loader(Path.of(URI.create(model.versionUri()))).threads(cores).load()) {
        double plainLoadSeconds = (System.nanoTime() - loadStart) / 1e9;
        PlainLoop plain = new PlainLoop(plainModel, rows, outputs, cmd.batchSize, cmd.iwaeSamples, cmd.seed);
        List<String> names = List.of("spark_image", "spark_floats", "plain");
        List<Runnable> runs = List.of(
            () -> runSpark(imageStage, spark, imageParquet),
            () -> runSpark(floatStage, spark, floatParquet),
            plain::run);
        double[] cold = new double[runs.size()];
        for (int k = 0; k < runs.size(); k++) {
          cold[k] = rowsPerSecond(rows.length, runs.get(k));
        }
        List<List<Double>> measured = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<Double> fixedCosts = new ArrayList<>();
        for (int r = 0; r < cmd.rounds; r++) {
          for (int i = 0; i < runs.size(); i++) {
            int k = (r + i) % runs.size();
            measured.get(k).add(rowsPerSecond(rows.length, runs.get(k)));
          }
          // The same Spark job over 2 rows: what a job costs whatever its size (reading the Parquet
          // footers, planning, scheduling, resolving the version), which a plain loop does not pay.
          long start = System.nanoTime();
          vaeOnFirstRows(imageStage, spark, imageParquet);
          fixedCosts.add((System.nanoTime() - start) / 1e9);
          err.printf(Locale.ROOT, "round %d: spark (image) %.0f, spark (floats) %.0f, plain loop %.0f rows/s%n",
              r + 1, measured.get(0).get(r), measured.get(1).get(r), measured.get(2).get(r));
          err.flush();
        }
        double[] medians = measured.stream().mapToDouble(ScoreBench::median).toArray();
        double fixed = median(fixedCosts);
        double beyondFixed = rows.length / medians[0] - fixed;
        // 0 when a small --rows leaves nothing beyond the fixed cost to measure.
        double imageMarginal = beyondFixed > 0 ? rows.length / beyondFixed : 0;
        err.printf(Locale.ROOT, "cold: spark (image) %.0f, spark (floats) %.0f, plain loop %.0f rows/s; Spark "
            + "session start %.1f s, plain model load %.3f s%n", cold[0], cold[1], cold[2], sessionSeconds,
            plainLoadSeconds);
        err.printf(Locale.ROOT, "median of %d rounds: spark (image) %.0f, spark (floats) %.0f, plain loop %.0f "
            + "rows/s; ratio to the plain loop: image %.2f, floats %.2f%n", cmd.rounds, medians[0], medians[1],
            medians[2], medians[0] / medians[2], medians[1] / medians[2]);
        err.printf(Locale.ROOT, "a Spark job over 2 rows takes %.3f s (median); without it, the image table's "
            + "rows go at %.0f rows/s, %.2f of the plain loop%n", fixed, imageMarginal, imageMarginal / medians[2]);
        err.flush();
        List<String> fields = new ArrayList<>(List.of(
            field("model", quote(model.versionUri())),
            field("rows", rows.length),
            field("master", quote(cmd.master)),
            field("cores", cores),
            field("spark_version", quote(spark.version())),
            field("java", quote(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))),
            field("outputs", outputs.stream().map(o -> quote(o.columnName()))
                .collect(Collectors.joining(", ", "[", "]"))),
            field("batch_size", cmd.batchSize),
            field("rounds", cmd.rounds),
            field("spark_session_start_s", round(sessionSeconds)),
            field("plain_model_load_s", round(plainLoadSeconds))));
        for (int k = 0; k < names.size(); k++) {
          fields.add(field(names.get(k) + "_cold_rows_per_s", Math.round(cold[k])));
          fields.add(field(names.get(k) + "_rows_per_s", list(measured.get(k))));
          fields.add(field(names.get(k) + "_median_rows_per_s", Math.round(medians[k])));
        }
        fields.add(field("ratio_image", round(medians[0] / medians[2])));
        fields.add(field("ratio_floats", round(medians[1] / medians[2])));
        fields.add(field("spark_job_2_rows_s", list3(fixedCosts)));
        fields.add(field("spark_job_2_rows_median_s", round(fixed)));
        fields.add(field("spark_image_rows_per_s_less_job_cost", Math.round(imageMarginal)));
        fields.add(field("ratio_image_less_job_cost", round(imageMarginal / medians[2])));
        out.println("{" + String.join(", ", fields) + "}");
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

  private static void vaeOnFirstRows(VaeTransformer vae, SparkSession spark, String parquet) {
    vae.transform(spark.read().parquet(parquet).filter("id < 2")).write().format("noop").mode("overwrite").save();
  }

  private static String list3(List<Double> values) {
    return values.stream().map(v -> Double.toString(round(v))).collect(Collectors.joining(", ", "[", "]"));
  }

  private static void runSpark(VaeTransformer vae, SparkSession spark, String parquet) {
    vae.transform(spark.read().parquet(parquet)).write().format("noop").mode("overwrite").save();
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
