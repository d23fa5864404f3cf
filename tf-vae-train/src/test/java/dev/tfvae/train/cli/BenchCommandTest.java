package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short modes of {@code bench} print the contract's keys with plausible values; the figures
 * themselves are measured by running it, never asserted here.
 */
class BenchCommandTest {

  @Test
  void shortRunPrintsTheContractKeys() throws Exception {
    CliRunner.Run r = CliRunner.run("bench", "--only", "latency,throughput,memory,load", "--model",
        "../savedmodels/fashion-mnist-vae", "--calls", "2000", "--json");
    assertEquals(0, r.code(), r.stdout());
    JsonNode json = Json.MAPPER.readTree(r.stdout());
    for (String key : List.of("encode_latency_us_p50", "encode_latency_us_p99",
        "reconstruct_b256_samples_per_s", "threads8_speedup", "rss_growth_pct", "load_ms")) {
      assertTrue(json.has(key), "missing " + key + " in " + json);
    }
    assertTrue(json.get("encode_latency_us_p99").asDouble() >= json.get("encode_latency_us_p50").asDouble());
    assertTrue(json.get("threads8_identical_results").asBoolean());
    assertTrue(json.get("machine").get("cores").asInt() > 0);
  }

  @Test
  void shortTrainingRunReportsThroughputAndFlops() throws Exception {
    CliRunner.Run r =
        CliRunner.run("bench", "--only", "train,conv", "--dataset", "shapes", "--epochs", "2", "--json");
    assertEquals(0, r.code(), r.stdout());
    JsonNode json = Json.MAPPER.readTree(r.stdout());
    double samples = json.get("train_samples_per_s").asDouble();
    // 6 × (784·400 + 400·20·2 + 20·400 + 400·784) FLOP per example for the reference MLP.
    assertEquals(6.0 * (784 * 400 + 400 * 40 + 20 * 400 + 400 * 784), json.get("train_flop_per_example").asDouble());
    assertEquals(samples * json.get("train_flop_per_example").asDouble() / 1e9, json.get("train_gflops").asDouble(), 1e-6);
    assertTrue(json.get("train_conv_samples_per_s").asDouble() > 0, json.toString());
    assertTrue(json.get("train_conv_model").asText().contains("arch=CONV"), json.toString());
    assertEquals(1, json.get("train_conv_epoch_samples_per_s").size());
  }

  @Test
  void trainingBesideInferenceFiguresRunsInAFreshJvm() throws Exception {
    CliRunner.Run r =
        CliRunner.run("bench", "--only", "load,train", "--model", "../savedmodels/fashion-mnist-vae",
            "--dataset", "shapes", "--epochs", "2", "--json");
    assertEquals(0, r.code(), r.stdout());
    JsonNode json = Json.MAPPER.readTree(r.stdout());
    assertTrue(json.get("load_ms").asDouble() > 0);
    assertTrue(json.get("train_samples_per_s").asDouble() > 0);
    assertEquals(1, json.get("train_epochs_measured").asInt());
    assertTrue(json.get("train_jvm").asText().contains("child JVM"), json.toString());
  }

  @Test
  void badOptionsExitWith2() {
    assertEquals(2, CliRunner.run("bench", "--only", "everything").code());
    assertEquals(2, CliRunner.run("bench", "--epochs", "1").code());
    assertEquals(2, CliRunner.run("bench", "--calls", "10").code());
    assertEquals(2, CliRunner.run("bench", "--table-from", "no-such-bench.json").code());
    assertEquals(2, CliRunner.run("bench", "--table-from", "pom.xml").code());
  }
}
