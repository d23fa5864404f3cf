package dev.tfvae.train.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.pictures.HtmlReport;
import dev.tfvae.train.quality.Classifier;
import dev.tfvae.train.quality.SampleQuality;
import dev.tfvae.train.sweep.Sweep;
import dev.tfvae.train.sweep.SweepResults;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML page (DIR/index.html, pictures embedded) under a table of"
        + " contents: the model's manifest, metrics, loss curves, reconstructions, samples, sample quality"
        + " (with a classifier), interpolations, the mean KL of each latent dimension (inactive ones marked)"
        + " beside a traversal, attribute edits, the latent map, and neg_elbo histograms of the examples"
        + " against uniform noise with the AUROC;"
        + " with --sweep DIR also that sweep's rate-distortion picture and table.")
final class ReportCommand implements Callable<Integer> {
  @Mixin ModelInputs inputs;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for index.html")
  Path out;

  @Option(names = "--classifier", paramLabel = "DIR",
      description = "classifier for the sample-quality section (default classifiers/<dataset>-classifier"
          + " when it exists; without one the section is left out)")
  Path classifier;

  @Option(names = "--sweep", paramLabel = "DIR",
      description = "add the rate-distortion picture and table of the sweep in DIR (tf-vae sweep --out DIR)")
  Path sweep;

  @Override
  public Integer call() throws Exception {
    List<HtmlReport.Extra> extras = new ArrayList<>();
    if (sweep != null) {
      extras.add(sweepSection(sweep));
    }
    try (VaeModel m = inputs.open()) {
      HtmlReport.QualitySection quality = null;
      Path c =
          classifier != null ? classifier : TrainClassifierCommand.defaultLocation(inputs.datasetName(m));
      if (m.isVariational() && (classifier != null || Files.isDirectory(c))) {
        Dataset data = inputs.checkedData(m);
        try (Classifier loaded = Classifier.load(c)) {
          SampleQuality figures =
              SampleQualityCommand.measure(loaded, m, data, SampleQuality.DEFAULT_SAMPLES, 42);
          quality =
              new HtmlReport.QualitySection(
                  figures, loaded.version().toString(), loaded.manifest().testAccuracy(),
                  data.setup().labelNames());
        }
      }
      Path page =
          HtmlReport.write(
              m, inputs.examples(m), inputs.datasetName(m), inputs.legendNames(m), out, quality, extras);
      System.err.println("wrote " + page);
      return 0;
    }
  }

  /** The sweep's picture and table, from its results file. */
  static HtmlReport.Extra sweepSection(Path dir) throws java.io.IOException {
    SweepResults results = new SweepResults(dir);
    if (!Files.isRegularFile(results.file())) {
      throw new NoSuchFileException(results.file().toString(), null,
          "no sweep results (run tf-vae sweep --out " + dir + " first)");
    }
    List<JsonNode> rows = new ArrayList<>(results.read().values());
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(results.file() + " holds no finished runs");
    }
    List<List<String>> table = new ArrayList<>();
    for (JsonNode r : rows) {
      table.add(List.of(r.path("run").asText(), r.path("latent").asText(), r.path("hidden").toString(),
          r.path("beta").asText(), fixed(r, "recon"), fixed(r, "kl"), fixed(r, "neg_elbo"),
          fixed(r, "iwae_nll")));
    }
    return new HtmlReport.Extra("Sweep: rate and distortion",
        "Held-out KL (rate) against the reconstruction term (distortion) of each run of the sweep in "
            + dir + ", in nats per example; neg_elbo is the held-out bound with one sampled z.",
        Sweep.rateDistortion("rate and distortion", rows),
        List.of("run", "latent", "hidden", "beta", "recon", "kl", "neg_elbo", "iwae_nll"), table);
  }

  private static String fixed(JsonNode r, String key) {
    return r.hasNonNull(key) ? String.format(java.util.Locale.ROOT, "%.2f", r.get(key).asDouble()) : "-";
  }
}
