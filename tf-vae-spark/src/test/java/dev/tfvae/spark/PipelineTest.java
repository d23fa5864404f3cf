package dev.tfvae.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage in a Pipeline, saved and loaded back with it and on its own. */
class PipelineTest {
  @Test
  void aSavedPipelineLoadsBackWithItsParamsAndGivesTheSameRows(@TempDir Path dir) throws Exception {
    Dataset<Row> table = TestSpark.floatTable(TestSpark.images(20), 2);
    VaeTransformer vae = new VaeTransformer().setModelPath(TestSpark.conv().toString())
        .setOutputs("embedding", "iwae_nll").setIwaeSamples(4).setSeed(3).setBatchSize(9)
        .setHandleInvalid("keep").setErrorCol("problem");
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {vae}).fit(table);
    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);

    VaeTransformer back = (VaeTransformer) loaded.stages()[0];
    assertEquals(vae.uid(), back.uid());
    assertEquals(TestSpark.conv().toString(), back.getOrDefault(back.modelPath()));
    assertArrayEquals(new String[] {"embedding", "iwae_nll"}, back.getOrDefault(back.outputs()));
    assertEquals(4, back.getOrDefault(back.iwaeSamples()));
    assertEquals(3L, back.getOrDefault(back.seed()));
    assertEquals("problem", back.getOrDefault(back.errorCol()));
    assertEquals(collect(fitted.transform(table)), collect(loaded.transform(table)));

    String alone = dir.resolve("stage").toString();
    vae.write().save(alone);
    assertEquals(collect(vae.transform(table)), collect(VaeTransformer.load(alone).transform(table)));
  }

  private static List<Row> collect(Dataset<Row> scored) {
    return scored.drop("features").orderBy("id").collectAsList();
  }
}
