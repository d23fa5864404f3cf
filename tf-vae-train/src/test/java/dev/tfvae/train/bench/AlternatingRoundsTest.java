package dev.tfvae.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.train.bench.AlternatingRounds.Better;
import dev.tfvae.train.bench.AlternatingRounds.Contender;
import dev.tfvae.train.bench.AlternatingRounds.Figure;
import dev.tfvae.train.bench.AlternatingRounds.Measurement;
import dev.tfvae.train.bench.AlternatingRounds.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order of the rounds, the medians, the best setting and the ratios, on recorded figures. */
class AlternatingRoundsTest {
  private static final Figure SAMPLES = new Figure("train_samples_per_s", "training", Better.HIGHER);
  private static final Figure LATENCY = new Figure("encode_latency_us_p50", "encode", Better.LOWER);

  /** Round r's value of a recorded series (r from 1). */
  private static double at(double[] series, int round) {
    return series[round - 1];
  }

  @Test
  void alternatesPartByPartAndComparesMediansOfTheBestSetting() throws Exception {
    List<String> calls = new ArrayList<>();
    double[] ours = {30, 10, 20};
    double[] ourLatency = {40, 50, 45};
    double[] theirs1 = {5, 7, 6};
    double[] theirs2 = {9, 8, 100};
    double[] theirLatency1 = {60, 70, 65};
    double[] theirLatency2 = {55, 80, 90};
    Contender a = Contender.of("tf-vae", (part, round) -> {
      calls.add(round + " tf-vae " + part);
      return part.equals("train") ? List.of(new Measurement(SAMPLES.key(), "", at(ours, round)))
          : List.of(new Measurement(LATENCY.key(), "", at(ourLatency, round)));
    });
    Contender b = Contender.of("PyTorch", (part, round) -> {
      calls.add(round + " PyTorch " + part);
      return part.equals("train")
          ? List.of(new Measurement(SAMPLES.key(), "threads=1", at(theirs1, round)),
              new Measurement(SAMPLES.key(), "threads=2", at(theirs2, round)))
          : List.of(new Measurement(LATENCY.key(), "threads=1", at(theirLatency1, round)),
              new Measurement(LATENCY.key(), "threads=2", at(theirLatency2, round)));
    });
    List<String> progress = new ArrayList<>();
    Result r = AlternatingRounds.run(3, List.of("train", "latency"), a, b, List.of(SAMPLES, LATENCY), progress::add);

    assertEquals(List.of("1 tf-vae train", "1 PyTorch train", "1 tf-vae latency", "1 PyTorch latency",
        "2 tf-vae train", "2 PyTorch train", "2 tf-vae latency", "2 PyTorch latency",
        "3 tf-vae train", "3 PyTorch train", "3 tf-vae latency", "3 PyTorch latency"), calls);
    assertEquals("round 1/3: tf-vae train", progress.get(0));
    assertEquals(r.schedule(), progress);

    assertEquals(20, r.first().get(SAMPLES.key()).median());
    assertEquals(List.of(30.0, 10.0, 20.0), r.first().get(SAMPLES.key()).rounds().get(""));
    // Throughput: threads=2 has the higher median (9 against 6).
    assertEquals("threads=2", r.second().get(SAMPLES.key()).bestSetting());
    assertEquals(Map.of("threads=1", 6.0, "threads=2", 9.0), r.second().get(SAMPLES.key()).medians());
    assertEquals(20.0 / 9.0, r.speedRatio(SAMPLES), 1e-12);
    // Latency: threads=1 has the lower median (65 against 80), and the ratio is theirs over ours.
    assertEquals("threads=1", r.second().get(LATENCY.key()).bestSetting());
    assertEquals(45, r.first().get(LATENCY.key()).median());
    assertEquals(65.0 / 45.0, r.speedRatio(LATENCY), 1e-12);
  }

  @Test
  void medianOfAnEvenNumberOfRoundsIsTheMeanOfTheMiddleTwo() throws Exception {
    double[] values = {1, 10, 3, 2};
    Contender a = Contender.of("a", (part, round) -> List.of(new Measurement(SAMPLES.key(), "", at(values, round))));
    Contender b = Contender.of("b", (part, round) -> List.of());
    Result r = AlternatingRounds.run(4, List.of("train"), a, b, List.of(SAMPLES), s -> {});
    assertEquals(2.5, r.first().get(SAMPLES.key()).median());
    assertTrue(Double.isNaN(r.speedRatio(SAMPLES)), "no ratio without the second side");
    assertEquals(4, r.schedule().size(), "steps that measured nothing are not in the schedule");
  }

  @Test
  void anUnknownFigureOrNoRoundsIsRefused() {
    Contender a = Contender.of("a", (part, round) -> List.of(new Measurement("typo_per_s", "", 1)));
    Contender b = Contender.of("b", (part, round) -> List.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AlternatingRounds.run(3, List.of("train"), a, b, List.of(SAMPLES), s -> {}));
    assertTrue(e.getMessage().contains("typo_per_s"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> AlternatingRounds.run(0, List.of("train"), a, b, List.of(SAMPLES), s -> {}));
  }

  /** The example of the class Javadoc. */
  @Test
  void javadocExample() throws Exception {
    Figure samples = new Figure("train_samples_per_s", "training, samples/s", Better.HIGHER);
    Contender a = Contender.of("tf-vae", (part, round) -> List.of(new Measurement(samples.key(), "", 30)));
    Contender b = Contender.of("PyTorch", (part, round) -> List.of(new Measurement(samples.key(), "", 20)));
    double ratio = AlternatingRounds.run(3, List.of("train"), a, b, List.of(samples), s -> {})
        .speedRatio(samples); // 1.5
    assertEquals(1.5, ratio);
  }
}
