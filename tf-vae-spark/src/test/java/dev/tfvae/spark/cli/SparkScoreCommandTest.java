package dev.tfvae.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.spark.TestSpark;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spark-score} end to end on small Parquet and CSV files, its bad-input exits and its bench. */
class SparkScoreCommandTest {
  static final int N = 10;
  static float[][] xs;
  static float[][] embeddings;
  static double[] negElbos;

  @BeforeAll
  static void inProcess() throws Exception {
    xs = TestSpark.images(N);
    try (VaeModel model = VaeModel.load(TestSpark.mlp())) {
      embeddings = model.embed(xs);
      negElbos = model.score(xs).stream().mapToDouble(s -> s.negElbo()).toArray();
    }
    TestSpark.session();
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SparkScoreCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void scoresParquetIntoParquetKeepingTheOtherColumns(@TempDir Path dir) {
    String input = dir.resolve("in.parquet").toString();
    TestSpark.floatTable(xs, 2).withColumn("label", org.apache.spark.sql.functions.lit("shoe"))
        .write().parquet(input);
    String output = dir.resolve("out").toString();
    Run r = run("--model", TestSpark.mlp().toString(), "--input", input, "--output", output, "--master", "local[2]");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("fashion-mnist-vae/2"), r.err());
    List<Row> rows = TestSpark.session().read().parquet(output).orderBy("id").collectAsList();
    assertEquals(List.of("id", "label", "embedding", "neg_elbo", "reconstruction_loss", "kl"),
        Arrays.asList(rows.get(0).schema().fieldNames()));
    check(rows);
    assertEquals(2, run("--model", TestSpark.mlp().toString(), "--input", input, "--output", output).code(),
        "an existing output is not replaced without --overwrite");
  }

  @Test
  void scoresCsvIntoJsonLines(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, csv(xs));
    String output = dir.resolve("out").toString();
    Run r = run("--model", TestSpark.mlp().toString(), "--input", csv.toString(), "--output", output,
        "--input-cols", "p0..p783", "--outputs", "embedding,neg_elbo", "--output-format", "json");
    assertEquals(0, r.code(), r.err());
    List<Row> rows = TestSpark.session().read().json(output).orderBy("id").collectAsList();
    assertEquals(List.of("embedding", "id", "neg_elbo"), Arrays.asList(rows.get(0).schema().fieldNames()));
    for (int i = 0; i < N; i++) {
      List<Double> e = rows.get(i).getList(rows.get(i).fieldIndex("embedding"));
      for (int j = 0; j < e.size(); j++) {
        assertEquals(embeddings[i][j], e.get(j), 1e-5, "embedding of row " + i);
      }
    }
  }

  @Test
  void badUsageAndBadInputExitWith2NamingTheFileColumnOrRow(@TempDir Path dir) throws Exception {
    String model = TestSpark.mlp().toString();
    Path csv = dir.resolve("in.csv");
    float[][] broken = {xs[0], xs[1].clone()};
    broken[1][5] = Float.NaN;
    Files.writeString(csv, csv(broken));
    String out = dir.resolve("out").toString();
    assertExit(2, "--input " + dir.resolve("none.parquet") + ": not found",
        "--model", model, "--input", dir.resolve("none.parquet").toString(), "--output", out);
    assertExit(2, "value 5 is NaN", "--model", model, "--input", csv.toString(), "--output", out,
        "--input-cols", "p0..p783");
    assertExit(2, "row 1 of partition 0 (id=1)", "--model", model, "--input", csv.toString(), "--output", out,
        "--input-cols", "p0..p783");
    assertExit(2, "input column \"features\" does not exist", "--model", model, "--input", csv.toString(),
        "--output", out);
    assertExit(2, "--input-cols p0..q9: no column q9", "--model", model, "--input", csv.toString(),
        "--output", out, "--input-cols", "p0..q9");
    assertExit(2, "unknown output \"mu\"", "--model", model, "--input", csv.toString(), "--output", out,
        "--input-cols", "p0..p783", "--outputs", "mu");
    assertExit(2, "model folder not found", "--model", dir.resolve("nomodel").toString(), "--input",
        csv.toString(), "--output", out, "--input-cols", "p0..p783");
    assertExit(2, "Unknown option", "--model", model, "--frobnicate");
    assertExit(2, "--input and --output are required", "--model", model);
  }

  @Test
  void benchPrintsOneJsonObjectWithBothLayoutsAndTheRatio() {
    Run r = run("--bench", "--model", TestSpark.mlp().toString(), "--rows", "600", "--rounds", "1",
        "--master", "local[2]");
    assertEquals(0, r.code(), r.err());
    String json = r.out().trim();
    assertTrue(json.startsWith("{") && json.endsWith("}") && json.lines().count() == 1, json);
    for (String key : List.of("\"rows\": 600", "\"spark_image_median_rows_per_s\"",
        "\"spark_floats_median_rows_per_s\"", "\"plain_median_rows_per_s\"", "\"ratio_image\"",
        "\"spark_session_start_s\"", "\"spark_image_cold_rows_per_s\"", "\"ratio_image_less_job_cost\"")) {
      assertTrue(json.contains(key), key + " in " + json);
    }
  }

  /**
   * Without TensorFlow's natives, the task's error reaches the user as tf-vae-infer wrote it, naming the
   * artifact to add (a fresh JVM, whose classpath lacks tensorflow-core-native's linux-x86_64 jar).
   */
  @Test
  void missingNativesNameTheClassifierJar(@TempDir Path dir) throws Exception {
    String input = dir.resolve("in.parquet").toString();
    TestSpark.floatTable(Arrays.copyOf(xs, 2), 1).write().parquet(input);
    String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        // Only the platform's jar of natives: the plain tensorflow-core-native jar holds TF Java's protos.
        .filter(p -> !p.matches(".*tensorflow-core-native-[^/]*-linux-x86_64\\.jar"))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath));
    command.addAll(Arrays.asList(System.getProperty("tfvae.test.sparkFlags", "").split(" ")));
    command.addAll(List.of(SparkScoreCommand.class.getName(), "--model", TestSpark.mlp().toString(),
        "--input", input, "--output", dir.resolve("out").toString(), "--master", "local[1]"));
    command.removeIf(String::isEmpty);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), output);
    assertTrue(output.contains("tf-vae spark-score: error: TensorFlow's native library could not be loaded"),
        output);
    assertTrue(output.contains("org.tensorflow:tensorflow-core-native:1.1.0 with classifier linux-x86_64"), output);
  }

  private static void assertExit(int code, String message, String... args) {
    Run r = run(args);
    assertEquals(code, r.code(), String.join(" ", args) + "\n" + r.err());
    assertTrue(r.err().contains(message), "\"" + message + "\" in: " + r.err());
  }

  private static void check(List<Row> rows) {
    assertEquals(N, rows.size());
    for (int i = 0; i < N; i++) {
      Row row = rows.get(i);
      assertEquals(i, row.getLong(0));
      assertEquals("shoe", row.getString(1));
      List<Float> e = row.getList(row.fieldIndex("embedding"));
      for (int j = 0; j < e.size(); j++) {
        assertEquals(embeddings[i][j], e.get(j), 1e-5, "embedding of row " + i);
      }
      assertEquals(negElbos[i], row.getDouble(row.fieldIndex("neg_elbo")), 1e-5 * negElbos[i]);
    }
  }

  private static String csv(float[][] rows) {
    StringBuilder s = new StringBuilder("id");
    for (int j = 0; j < rows[0].length; j++) {
      s.append(",p").append(j);
    }
    s.append('\n');
    for (int i = 0; i < rows.length; i++) {
      s.append(i);
      for (float v : rows[i]) {
        s.append(',').append(v);
      }
      s.append('\n');
    }
    return s.toString();
  }
}
