package dev.tfvae.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfvae.train.bench.AlternatingRounds.Contender;
import dev.tfvae.train.bench.AlternatingRounds.Measurement;
import dev.tfvae.train.bench.AlternatingRounds.Result;
import dev.tfvae.train.bench.PyTorchComparison.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The performance targets, checked on recorded figures whose ratios are worked out by hand. */
class PyTorchComparisonTest {

  @Test
  void checksEachTargetOnTheMediansOfTheRun() throws Exception {
    Contender tfVae = Contender.of("tf-vae", (part, round) -> switch (part) {
      case "train" -> List.of(new Measurement("train_samples_per_s", "", 30_000),
          new Measurement("train_gflops", "", 117.216));
      case "latency" -> List.of(new Measurement("encode_latency_us_p50", "", 36),
          new Measurement("encode_latency_us_p99", "", 160));
      case "throughput" -> List.of(new Measurement("reconstruct_b256_samples_per_s", "", 150_000));
      default -> List.of();
    });
    Contender pytorch = Contender.of("PyTorch", (part, round) -> switch (part) {
      case "sgemm" -> List.of(new Measurement("sgemm_gflops", "", 200));
      case "train" -> List.of(new Measurement("train_samples_per_s", "threads=1", 18_000),
          new Measurement("train_samples_per_s", "threads=2", 20_000));
      case "latency" -> List.of(new Measurement("encode_latency_us_p50", "threads=1", 40),
          new Measurement("encode_latency_us_p99", "threads=1", 90));
      case "throughput" -> List.of(new Measurement("reconstruct_b256_samples_per_s", "threads=2", 120_000));
      default -> List.of();
    });
    List<String> parts = PyTorchComparison.schedule(List.of("latency", "train", "throughput"));
    assertEquals(List.of("sgemm", "train", "latency", "throughput"), parts);
    Result r = AlternatingRounds.run(3, parts, tfVae, pytorch, PyTorchComparison.FIGURES, s -> {});

    assertEquals(117.216 / 200, PyTorchComparison.trainShareOfCeiling(r), 1e-12);
    assertEquals(List.of(
        new Target("train_samples_per_s", "reference MLP training ≥ 1.5 × PyTorch", 1.5, true),
        new Target("train_share_of_sgemm_ceiling", "reference MLP training ≥ 50 % of the SGEMM ceiling",
            117.216 / 200, true),
        new Target("encode_latency_us_p50", "encode median ≤ PyTorch's", 40.0 / 36, true),
        new Target("encode_latency_us_p99", "encode p99 ≤ 150 µs", 160, false),
        new Target("reconstruct_b256_samples_per_s", "reconstruct batch 256 ≥ 1.25 × PyTorch", 1.25, true)),
        PyTorchComparison.targets(r));
  }
}
