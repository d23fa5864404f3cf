package dev.tfvae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.ShippedModels;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.spark.models.ExecutorModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job uses the version resolved on the driver, even when a newer one appears under the base folder
 * between resolution and execution or while its partitions run; the executor JVM loads each version once.
 * Versions 1 (the MLP) and 2 (the conv model) give different embeddings, so a row that used the wrong
 * one shows.
 */
class VersionPinningTest {
  static final int N = 24;
  static float[][] xs;
  static float[][] mlp;
  static float[][] conv;
  /** Where the task of partition 0 exports version 2 in {@link #aVersionExportedWhilePartitionsRun}. */
  static volatile Path exportTarget;

  @BeforeAll
  static void expected() throws IOException {
    xs = TestSpark.images(N);
    try (VaeModel m = VaeModel.load(TestSpark.mlp().resolve("2"));
        VaeModel c = VaeModel.load(TestSpark.conv().resolve("2"))) {
      mlp = m.embed(xs);
      conv = c.embed(xs);
    }
    assertNotEquals(mlp[0][0], conv[0][0], "the two versions must tell apart");
  }

  @Test
  void aVersionExportedBetweenResolutionAndExecutionDoesNotMixIn(@TempDir Path base) throws IOException {
    ShippedModels.copyTree(TestSpark.mlp().resolve("2"), base.resolve("1"));
    VaeTransformer vae = new VaeTransformer().setModelPath(base.toString()).setOutputs("embedding");
    Dataset<Row> planned = vae.transform(TestSpark.floatTable(xs, 3));
    export(base.resolve("2"));
    checkEveryRow(planned, mlp);
    assertEquals(1, planned.schema().apply("embedding").metadata().getLong("tfvae_version"));

    Dataset<Row> next = vae.transform(TestSpark.floatTable(xs, 3));
    assertEquals(2, next.schema().apply("embedding").metadata().getLong("tfvae_version"));
    checkEveryRow(next, conv);
  }

  @Test
  void aVersionExportedWhilePartitionsRunDoesNotMixIn(@TempDir Path base) throws IOException {
    ShippedModels.copyTree(TestSpark.mlp().resolve("2"), base.resolve("1"));
    exportTarget = base.resolve("2");
    // Four partitions on two cores: the first exports version 2 before its rows flow, so at least two
    // partitions start after the export.
    Dataset<Row> table = TestSpark.floatTable(xs, 4);
    Dataset<Row> exporting = table.mapPartitions(
        (MapPartitionsFunction<Row, Row>) rows -> {
          if (org.apache.spark.TaskContext.getPartitionId() == 0) {
            export(exportTarget);
          }
          return rows;
        },
        Encoders.row(table.schema()));
    Dataset<Row> scored = new VaeTransformer().setModelPath(base.toString()).setOutputs("embedding")
        .transform(exporting);
    checkEveryRow(scored, mlp);
    assertTrue(Files.isRegularFile(base.resolve("2/saved_model.pb")), "version 2 was exported during the job");
  }

  @Test
  void anExecutorJvmLoadsAVersionOnceForAllItsTasksAndJobs(@TempDir Path base) throws IOException {
    ShippedModels.copyTree(TestSpark.mlp().resolve("2"), base.resolve("1"));
    VaeTransformer vae = new VaeTransformer().setModelPath(base.toString()).setOutputs("embedding");
    int before = ExecutorModels.loads();
    vae.transform(TestSpark.floatTable(xs, 4)).collectAsList();
    vae.transform(TestSpark.floatTable(xs, 3)).collectAsList();
    assertEquals(before + 1, ExecutorModels.loads(), "7 tasks of 2 jobs, one load");
  }

  static synchronized void export(Path target) {
    if (Files.exists(target)) {
      return;
    }
    try {
      Path tmp = target.resolveSibling(".tmp-" + target.getFileName());
      ShippedModels.copyTree(TestSpark.conv().resolve("2"), tmp);
      Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkEveryRow(Dataset<Row> scored, float[][] expected) {
    List<Row> rows = scored.orderBy("id").collectAsList();
    assertEquals(N, rows.size());
    for (int i = 0; i < N; i++) {
      VaeTransformerTest.assertFloats(expected[i], rows.get(i), "embedding", i);
    }
  }
}
