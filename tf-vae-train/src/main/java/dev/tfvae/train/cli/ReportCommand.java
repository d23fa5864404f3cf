package dev.tfvae.train.cli;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.pictures.HtmlReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML page (DIR/index.html, pictures embedded) under a table of"
        + " contents: the model's manifest, metrics, loss curves, reconstructions, samples, interpolations,"
        + " the mean KL of each latent dimension (inactive ones marked) beside a traversal, attribute edits,"
        + " the latent map, and neg_elbo histograms of the examples against uniform noise with the AUROC.")
final class ReportCommand implements Callable<Integer> {
  @Mixin ModelInputs inputs;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for index.html")
  Path out;

  @Override
  public Integer call() throws Exception {
    try (VaeModel m = inputs.open()) {
      Path page =
          HtmlReport.write(m, inputs.examples(m), inputs.datasetName(m), inputs.legendNames(m), out);
      System.err.println("wrote " + page);
      return 0;
    }
  }
}
