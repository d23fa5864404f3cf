package dev.tfvae.train.cli;

import dev.tfvae.infer.Score;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.analysis.Auroc;
import dev.tfvae.train.analysis.UniformNoise;
import dev.tfvae.train.data.Split;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "anomaly",
    mixinStandardHelpOptions = true,
    description = {
      "Measure anomaly detection: score validation examples of the model's own data (normal) and of"
          + " other data (anomalies), and report the AUROC of each score (1 = every anomaly scores above"
          + " every normal example, 0.5 = chance).",
      "An anomaly set is a dataset (e.g. shapes, mnist, idx:DIR) or 'noise': uniform random values of the"
          + " model's input shape, in [0, 1] for images and over each column's observed range in the normal"
          + " examples for table rows.",
      "Scores: neg_elbo (reconstruction at μ + KL), kl alone, and with --iwae K the importance-sampled bound."
    })
final class AnomalyCommand implements Callable<Integer> {
  @Mixin ModelInputs inputs;

  @Option(names = "--anomalies", required = true, split = ",", paramLabel = "D[,D...]",
      description = "datasets of anomalies, or noise")
  List<String> anomalies;

  @Option(names = "--limit", defaultValue = "2000", description = "examples per set (default ${DEFAULT-VALUE})")
  int limit;

  @Mixin ImportanceOptions importance;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (limit <= 0) {
      throw new IllegalArgumentException("--limit must be positive, got " + limit);
    }
    boolean bounded = importance.requested();
    try (VaeModel m = inputs.open()) {
      Split normal = inputs.examples(m).head(limit);
      Scores normalScores = scores(m, normal, bounded);
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("model", m.path().toString());
      report.put("normal", inputs.datasetName(m));
      report.put("normal_examples", normal.count());
      report.put("normal_mean_neg_elbo", mean(normalScores.negElbo()));
      Map<String, Object> sets = new LinkedHashMap<>();
      for (String name : anomalies) {
        Split data = anomalySet(m, name, normal);
        Scores s = scores(m, data, bounded);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("examples", data.count());
        entry.put("mean_neg_elbo", mean(s.negElbo()));
        entry.put("auroc_neg_elbo", Auroc.of(normalScores.negElbo(), s.negElbo()));
        entry.put("auroc_kl", Auroc.of(normalScores.kl(), s.kl()));
        if (bounded) {
          entry.put("auroc_iwae_nll", Auroc.of(normalScores.iwae(), s.iwae()));
        }
        sets.put(name, entry);
      }
      report.put("anomalies", sets);
      if (json) {
        Json.print(report);
      } else {
        System.out.print(text(m.path().toString(), inputs.datasetName(m), normal.count(),
            mean(normalScores.negElbo()), sets, bounded));
      }
      return 0;
    }
  }

  /** The report for people: the normal set, then one aligned row per anomaly set. */
  @SuppressWarnings("unchecked")
  static String text(String model, String normalName, int normalCount, double normalMean,
      Map<String, Object> sets, boolean bounded) {
    TextTable t = bounded
        ? new TextTable("anomaly set", "examples", "mean neg_elbo", "AUROC neg_elbo", "AUROC kl",
            "AUROC iwae_nll")
        : new TextTable("anomaly set", "examples", "mean neg_elbo", "AUROC neg_elbo", "AUROC kl");
    t.row("(normal) " + normalName, normalCount, TextTable.fixed(normalMean, 2));
    sets.forEach((name, value) -> {
      Map<String, Object> e = (Map<String, Object>) value;
      List<Object> row = new java.util.ArrayList<>(List.of(name, e.get("examples"),
          TextTable.fixed((double) e.get("mean_neg_elbo"), 2),
          TextTable.fixed((double) e.get("auroc_neg_elbo"), 4), TextTable.fixed((double) e.get("auroc_kl"), 4)));
      if (bounded) {
        row.add(TextTable.fixed((double) e.get("auroc_iwae_nll"), 4));
      }
      t.row(row.toArray());
    });
    return "model  " + model + "\n\n" + t.render()
        + "\nmean neg_elbo in nats per example. AUROC: 1 = every anomaly scores above every normal"
        + " example, 0.5 = chance, below 0.5 = anomalies score lower (look more normal).\n";
  }

  private record Scores(double[] negElbo, double[] kl, double[] iwae) {}

  private Scores scores(VaeModel m, Split data, boolean bounded) {
    float[][] xs = new float[data.count()][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = data.example(i);
    }
    List<Score> s = m.score(xs);
    double[] negElbo = s.stream().mapToDouble(Score::negElbo).toArray();
    double[] kl = s.stream().mapToDouble(Score::kl).toArray();
    return new Scores(negElbo, kl, bounded ? importance.scores(m, xs) : null);
  }

  private Split anomalySet(VaeModel m, String name, Split normal) throws java.io.IOException {
    if (name.equals("noise")) {
      return UniformNoise.of(m.inputShape(), normal, limit, UniformNoise.SEED);
    }
    System.err.println("loading dataset " + name + " ...");
    Split data = inputs.otherData().load(name).validation().head(limit);
    if (data.exampleSize() != m.inputSize()) {
      throw new IllegalArgumentException(
          "anomaly set " + name + " has " + data.exampleSize() + " values per example; the model expects "
              + m.inputSize());
    }
    return data;
  }

  private static double mean(double[] v) {
    return java.util.Arrays.stream(v).average().orElse(Double.NaN);
  }
}
