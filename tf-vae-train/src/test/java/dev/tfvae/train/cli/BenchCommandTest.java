package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfvae.train.data.DatasetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short modes of {@code bench} print the contract's keys with plausible values; the figures
 * themselves are measured by running it, never asserted here.
 */
class BenchCommandTest {
  private static final String INSTALL = "apt-get install -y python3-torch libopenblas0-pthread";

  @TempDir Path dir;

  /** A fake Python for vae_reference.py: its probe reports {@code blas}; latency prints fixed figures. */
  private Path fakePython(String blas) throws IOException {
    Path python = dir.resolve("python3");
    Files.writeString(python, """
        #!/bin/sh
        case "$2" in
          probe) echo '{"torch": "1.13.1", "python": "3.11.2", "blas": "BLAS", "openblas_config": ""}' ;;
          latency) echo "{\\"encode_latency_us_p50\\": $((100 * $4)), \\"encode_latency_us_p99\\": 900}" ;;
          *) exit 2 ;;
        esac
        """.replace("BLAS", blas));
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
    return python;
  }

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
  void againstPyTorchRefusesTheReferenceBlasWithWhatToInstall() throws Exception {
    CliRunner.Run r = CliRunner.run("bench", "--against", "pytorch", "--only", "latency",
        "--python", fakePython("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3").toString(),
        "--reference-script", "../reference/pytorch/vae_reference.py");
    assertEquals(1, r.code(), r.stderr());
    assertTrue(r.stderr().contains("not OpenBLAS"), r.stderr());
    assertTrue(r.stderr().contains(INSTALL), r.stderr());
    assertFalse(r.stderr().contains("\tat "), "no stack trace: " + r.stderr());
    assertEquals("", r.stdout());
  }

  @Test
  void againstPyTorchWithoutPythonSaysWhatToInstall() {
    CliRunner.Run r = CliRunner.run("bench", "--against", "pytorch", "--python", "/no/such/python3",
        "--reference-script", "../reference/pytorch/vae_reference.py");
    assertEquals(2, r.code(), r.stderr());
    assertTrue(r.stderr().contains("--python /no/such/python3: no such executable"), r.stderr());
    assertTrue(r.stderr().contains(INSTALL), r.stderr());
    assertFalse(r.stderr().contains("\tat "), "no stack trace: " + r.stderr());
  }

  @Test
  void againstPyTorchAlternatesAndPrintsTheRatios() throws Exception {
    assumeTrue(DatasetLoader.standard(null).candidates("fashion-mnist").stream().anyMatch(Files::isDirectory),
        "the comparison looks for Fashion-MNIST before it starts");
    CliRunner.Run r = CliRunner.run("bench", "--against", "pytorch", "--only", "latency", "--rounds", "3",
        "--torch-threads", "1,2", "--calls", "10000", "--model", "../savedmodels/fashion-mnist-vae",
        "--python", fakePython("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3").toString(),
        "--reference-script", "../reference/pytorch/vae_reference.py", "--json");
    assertEquals(0, r.code(), r.stderr());
    JsonNode json = Json.MAPPER.readTree(r.stdout());
    JsonNode p50 = json.at("/against_pytorch/figures/encode_latency_us_p50");
    // The fake reports 100 µs at 1 thread and 200 at 2: the best setting is 1 thread, in every round.
    assertEquals("threads=1", p50.get("pytorch_best_setting").asText(), p50.toString());
    assertEquals(100, p50.get("pytorch").asDouble());
    assertEquals(3, p50.get("tf_vae_rounds").size());
    assertEquals(json.get("encode_latency_us_p50").asDouble(), p50.get("tf_vae").asDouble());
    assertEquals(100 / p50.get("tf_vae").asDouble(), p50.get("speed_ratio").asDouble(), 1e-9);
    assertEquals(6, json.at("/against_pytorch/schedule").size());
    assertEquals("round 1/3: PyTorch latency", json.at("/against_pytorch/schedule/1").asText());
    assertTrue(json.at("/against_pytorch/targets").size() == 2, json.at("/against_pytorch/targets").toString());
  }

  @Test
  void badOptionsExitWith2() {
    assertEquals(2, CliRunner.run("bench", "--only", "everything").code());
    assertEquals(2, CliRunner.run("bench", "--epochs", "1").code());
    assertEquals(2, CliRunner.run("bench", "--calls", "10").code());
    assertEquals(2, CliRunner.run("bench", "--table-from", "no-such-bench.json").code());
    assertEquals(2, CliRunner.run("bench", "--table-from", "pom.xml").code());
    assertEquals(2, CliRunner.run("bench", "--against", "tensorflow").code());
    assertEquals(2, CliRunner.run("bench", "--against", "pytorch", "--rounds", "2").code());
    assertEquals(2, CliRunner.run("bench", "--against", "pytorch", "--only", "memory").code());
    assertEquals(2, CliRunner.run("bench", "--against", "pytorch", "--torch-threads", "0").code());
    assertEquals(2, CliRunner.run("bench", "--against", "pytorch", "--dataset", "shapes").code());
    assertEquals(2, CliRunner.run("bench", "--conv-examples", "5").code());
  }
}
