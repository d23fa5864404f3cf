package dev.tfvae.train.bench;

import dev.tfvae.train.bench.AlternatingRounds.Better;
import dev.tfvae.train.bench.AlternatingRounds.Figure;
import dev.tfvae.train.bench.AlternatingRounds.Result;
import dev.tfvae.train.bench.AlternatingRounds.Side;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code bench --against pytorch} compares, and the performance targets (docs/BENCHMARKS.md) it checks: the figures, the
 * order of the parts in a round, and the {@code against_pytorch} object of {@code bench --json} made
 * from an {@link AlternatingRounds.Result} whose first contender is tf-vae and second PyTorch.
 */
public final class PyTorchComparison {
  private PyTorchComparison() {}

  /** The SGEMM ceiling's key; only the reference measures it. */
  public static final String SGEMM = "sgemm_gflops";

  /** The compared figures, under the keys of {@code bench --json}. */
  public static final List<Figure> FIGURES =
      List.of(
          new Figure(SGEMM, "SGEMM ceiling, GFLOP/s", Better.HIGHER),
          new Figure("train_samples_per_s", "training, reference MLP, samples/s", Better.HIGHER),
          new Figure("train_gflops", "training, reference MLP, GFLOP/s", Better.HIGHER),
          new Figure("train_conv_samples_per_s", "training, conv VAE, samples/s", Better.HIGHER),
          new Figure("encode_latency_us_p50", "encode 1 example, median µs", Better.LOWER),
          new Figure("encode_latency_us_p99", "encode 1 example, p99 µs", Better.LOWER),
          new Figure("reconstruct_b256_samples_per_s", "reconstruct, batch 256, samples/s", Better.HIGHER));

  /**
   * The parts a round measures, in order ({@code sgemm} when {@code train} is measured, right before it),
   * from the parts asked for.
   */
  public static List<String> schedule(List<String> parts) {
    List<String> out = new ArrayList<>();
    for (String part : List.of("train", "conv", "latency", "throughput")) {
      if (parts.contains(part)) {
        if (part.equals("train")) {
          out.add("sgemm");
        }
        out.add(part);
      }
    }
    return out;
  }

  /**
   * One performance target, checked.
   *
   * @param figure the figure's key ({@code train_share_of_sgemm_ceiling} for the derived share)
   * @param target the target in words
   * @param value the value it is checked on: a speed ratio, a share, or a tf-vae figure
   * @param met whether the value reaches the target
   */
  public record Target(String figure, String target, double value, boolean met) {}

  /** Reference-MLP training GFLOP/s of tf-vae over the SGEMM ceiling (medians); NaN if either is missing. */
  public static double trainShareOfCeiling(Result result) {
    Side train = result.first().get("train_gflops");
    Side sgemm = result.second().get(SGEMM);
    return train == null || sgemm == null ? Double.NaN : train.median() / sgemm.median();
  }

  /** The targets that this result has the figures for. */
  public static List<Target> targets(Result result) {
    List<Target> out = new ArrayList<>();
    ratio(out, result, "train_samples_per_s", "reference MLP training ≥ 1.5 × PyTorch", 1.5);
    double share = trainShareOfCeiling(result);
    if (!Double.isNaN(share)) {
      out.add(new Target("train_share_of_sgemm_ceiling", "reference MLP training ≥ 50 % of the SGEMM ceiling",
          share, share >= 0.5));
    }
    ratio(out, result, "train_conv_samples_per_s", "conv VAE training ≥ 3 × PyTorch", 3);
    ratio(out, result, "encode_latency_us_p50", "encode median ≤ PyTorch's", 1);
    Side p99 = result.first().get("encode_latency_us_p99");
    if (p99 != null) {
      out.add(new Target("encode_latency_us_p99", "encode p99 ≤ 150 µs", p99.median(), p99.median() <= 150));
    }
    ratio(out, result, "reconstruct_b256_samples_per_s", "reconstruct batch 256 ≥ 1.25 × PyTorch", 1.25);
    return out;
  }

  private static void ratio(List<Target> out, Result result, String key, String words, double at) {
    Figure figure = FIGURES.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
    double r = result.speedRatio(figure);
    if (!Double.isNaN(r)) {
      out.add(new Target(key, words, r, r >= at));
    }
  }

  /**
   * The {@code against_pytorch} object of {@code bench --json}: how it ran ({@code reference}, the
   * {@code schedule}), every figure with both sides' rounds and medians and the speed ratio, the training
   * share of the SGEMM ceiling, and the targets.
   */
  public static Map<String, Object> summary(Result result, Map<String, Object> reference, int rounds) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rounds", rounds);
    out.put("order", "in each round, each part is measured by tf-vae and then by PyTorch (at each thread"
        + " setting tried); a side's figure is its median over the rounds, PyTorch's that of its best thread"
        + " setting for that figure; speed_ratio > 1 means tf-vae is faster");
    out.put("reference", reference);
    out.put("schedule", result.schedule());
    Map<String, Object> figures = new LinkedHashMap<>();
    for (Figure f : FIGURES) {
      Side a = result.first().get(f.key());
      Side b = result.second().get(f.key());
      if (a == null && b == null) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("label", f.label());
      row.put("better", f.better().name().toLowerCase(Locale.ROOT));
      if (a != null) {
        row.put("tf_vae", a.median());
        row.put("tf_vae_rounds", a.rounds().get(a.bestSetting()));
      }
      if (b != null) {
        row.put("pytorch", b.median());
        row.put("pytorch_best_setting", b.bestSetting());
        row.put("pytorch_medians", b.medians());
        row.put("pytorch_rounds", b.rounds());
      }
      double ratio = result.speedRatio(f);
      if (!Double.isNaN(ratio)) {
        row.put("speed_ratio", ratio);
      }
      figures.put(f.key(), row);
    }
    out.put("figures", figures);
    double share = trainShareOfCeiling(result);
    if (!Double.isNaN(share)) {
      out.put("train_share_of_sgemm_ceiling", share);
    }
    out.put("targets", targets(result));
    return out;
  }
}
