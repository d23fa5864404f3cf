package dev.tfvae.train.cli;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.pictures.HtmlReport;
import dev.tfvae.train.quality.Classifier;
import dev.tfvae.train.quality.SampleQuality;
import java.nio.file.Files;
import java.nio.file.Path;
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
        + " against uniform noise with the AUROC.")
final class ReportCommand implements Callable<Integer> {
  @Mixin ModelInputs inputs;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for index.html")
  Path out;

  @Option(names = "--classifier", paramLabel = "DIR",
      description = "classifier for the sample-quality section (default classifiers/<dataset>-classifier"
          + " when it exists; without one the section is left out)")
  Path classifier;

  @Override
  public Integer call() throws Exception {
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
              m, inputs.examples(m), inputs.datasetName(m), inputs.legendNames(m), out, quality);
      System.err.println("wrote " + page);
      return 0;
    }
  }
}
