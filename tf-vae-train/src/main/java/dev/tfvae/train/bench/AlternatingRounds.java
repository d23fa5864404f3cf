package dev.tfvae.train.bench;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Two contenders measured on the same figures in one run, in alternating rounds: in round 1 the first
 * contender measures part 1, then the second does, then both measure part 2, and so on; then round 2.
 * On a shared host whose speed swings within minutes, only figures measured this close together make a
 * ratio worth reading.
 *
 * <p>Guarantees: each contender's figure is the median over the rounds (of an even count, the mean of the
 * middle two); a contender that measures a figure at several settings (PyTorch at 1 and 2 threads) gets
 * the median of each setting, and its figure is that of its best setting for that figure, chosen
 * separately per figure; the speed ratio is first over second for a figure where higher is better, and
 * second over first where lower is better, so above 1 always means the first is faster.
 *
 * <p>Example, with two contenders that return fixed figures:
 *
 * <pre>{@code
 * Figure samples = new Figure("train_samples_per_s", "training, samples/s", Better.HIGHER);
 * Contender a = Contender.of("tf-vae", (part, round) -> List.of(new Measurement(samples.key(), "", 30)));
 * Contender b = Contender.of("PyTorch", (part, round) -> List.of(new Measurement(samples.key(), "", 20)));
 * double ratio = AlternatingRounds.run(3, List.of("train"), a, b, List.of(samples), s -> {})
 *     .speedRatio(samples); // 1.5
 * }</pre>
 */
public final class AlternatingRounds {
  private AlternatingRounds() {}

  /** Whether a larger or a smaller value of a figure is better. */
  public enum Better {
    HIGHER,
    LOWER
  }

  /**
   * A figure the contenders may report.
   *
   * @param key its key in {@code bench --json}
   * @param label words for people
   * @param better which way is better (also picks a contender's best setting)
   */
  public record Figure(String key, String label, Better better) {}

  /**
   * One value one contender measured in one round.
   *
   * @param key the figure's key
   * @param setting the setting it was measured at, e.g. {@code "threads=2"}; {@code ""} for a contender
   *     that has one setting
   * @param value the value
   */
  public record Measurement(String key, String setting, double value) {}

  /** Measures one part of the comparison in one round. */
  @FunctionalInterface
  public interface Measure {
    /** The figures of {@code part} in round {@code round} (from 1); empty where it has none. */
    List<Measurement> measure(String part, int round) throws Exception;
  }

  /** A contender: a name for people and the schedule, and how it measures. */
  public interface Contender extends Measure {
    String name();

    /** A contender named {@code name} that measures with {@code measure}. */
    static Contender of(String name, Measure measure) {
      return new Contender() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public List<Measurement> measure(String part, int round) throws Exception {
          return measure.measure(part, round);
        }
      };
    }
  }

  /**
   * One contender's values of one figure.
   *
   * @param rounds each setting's values, in round order
   * @param medians each setting's median
   * @param bestSetting the setting whose median is best
   * @param median the best setting's median: the contender's figure
   */
  public record Side(
      Map<String, List<Double>> rounds, Map<String, Double> medians, String bestSetting, double median) {}

  /**
   * What a comparison measured.
   *
   * @param schedule what was measured, in order ("round 1: tf-vae train", …)
   * @param first the first contender's figures, by key (only those it reported)
   * @param second the second contender's figures, by key
   */
  public record Result(List<String> schedule, Map<String, Side> first, Map<String, Side> second) {
    /** First over second for a throughput, second over first for a latency; NaN unless both have it. */
    public double speedRatio(Figure figure) {
      Side a = first.get(figure.key());
      Side b = second.get(figure.key());
      if (a == null || b == null) {
        return Double.NaN;
      }
      return figure.better() == Better.HIGHER ? a.median() / b.median() : b.median() / a.median();
    }
  }

  /**
   * Runs {@code rounds} rounds of {@code parts}, the first contender before the second in each part,
   * reporting each step to {@code progress} before it runs.
   *
   * @throws IllegalArgumentException if {@code rounds} is below 1, or a contender reports a key that is
   *     not among {@code figures}
   */
  public static Result run(int rounds, List<String> parts, Contender first, Contender second,
      List<Figure> figures, Consumer<String> progress) throws Exception {
    if (rounds < 1) {
      throw new IllegalArgumentException("need at least 1 round, got " + rounds);
    }
    Map<String, Figure> byKey = new LinkedHashMap<>();
    figures.forEach(f -> byKey.put(f.key(), f));
    Map<String, Map<String, List<Double>>> a = new LinkedHashMap<>();
    Map<String, Map<String, List<Double>>> b = new LinkedHashMap<>();
    List<String> schedule = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (String part : parts) {
        for (Contender c : List.of(first, second)) {
          String step = "round " + round + "/" + rounds + ": " + c.name() + " " + part;
          progress.accept(step);
          List<Measurement> measured = c.measure(part, round);
          if (!measured.isEmpty()) {
            schedule.add(step);
          }
          for (Measurement m : measured) {
            if (!byKey.containsKey(m.key())) {
              throw new IllegalArgumentException(
                  c.name() + " reported '" + m.key() + "', not one of the figures " + byKey.keySet());
            }
            (c == first ? a : b).computeIfAbsent(m.key(), k -> new LinkedHashMap<>())
                .computeIfAbsent(m.setting(), k -> new ArrayList<>()).add(m.value());
          }
        }
      }
    }
    return new Result(ImmutableList.copyOf(schedule), sides(a, byKey), sides(b, byKey));
  }

  private static Map<String, Side> sides(Map<String, Map<String, List<Double>>> values, Map<String, Figure> figures) {
    Map<String, Side> out = new LinkedHashMap<>();
    values.forEach((key, bySetting) -> {
      boolean higher = figures.get(key).better() == Better.HIGHER;
      Map<String, Double> medians = new LinkedHashMap<>();
      String best = null;
      for (Map.Entry<String, List<Double>> e : bySetting.entrySet()) {
        double m = Benchmark.median(e.getValue().stream().mapToDouble(Double::doubleValue).toArray());
        medians.put(e.getKey(), m);
        if (best == null || (higher ? m > medians.get(best) : m < medians.get(best))) {
          best = e.getKey();
        }
      }
      Map<String, List<Double>> rounds = new LinkedHashMap<>();
      bySetting.forEach((setting, list) -> rounds.put(setting, ImmutableList.copyOf(list)));
      out.put(key, new Side(ImmutableMap.copyOf(rounds), ImmutableMap.copyOf(medians), best, medians.get(best)));
    });
    return ImmutableMap.copyOf(out);
  }
}
