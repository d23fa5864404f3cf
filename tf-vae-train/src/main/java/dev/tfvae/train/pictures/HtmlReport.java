package dev.tfvae.train.pictures;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.infer.Interpolation;
import dev.tfvae.infer.LatentSpace;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.LabelNames;
import dev.tfvae.train.export.ModelCard;
import dev.tfvae.train.data.Split;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.tfvae.train.io.AtomicFiles;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * One self-contained HTML page about a model (pictures embedded as PNG data URIs): what it is and how it
 * was made (the manifest), its validation figures, loss curves, reconstructions, samples from the prior,
 * interpolations, a traversal, attribute edits and the latent map.
 */
public final class HtmlReport {
  private static final Escaper HTML = HtmlEscapers.htmlEscaper();

  private final StringBuilder html = new StringBuilder();

  private HtmlReport() {}

  /**
   * Writes {@code outDir/index.html} for {@code model} with examples from {@code data} (its validation
   * split, in the model's units).
   *
   * @param datasetName the dataset's name
   * @param labelNames the names of its label values (empty when they have none)
   * @return the page written
   */
  public static Path write(
      VaeModel model, Split data, String datasetName, Map<Integer, String> labelNames, Path outDir)
      throws IOException {
    HtmlReport r = new HtmlReport();
    r.build(model, data, datasetName, labelNames);
    Path page = outDir.resolve("index.html");
    AtomicFiles.write(page, out -> out.write(r.html.toString().getBytes(StandardCharsets.UTF_8)));
    return page;
  }

  private void build(VaeModel model, Split data, String datasetName, Map<Integer, String> names)
      throws IOException {
    ModelManifest m = model.manifest();
    Pictures pictures = new Pictures(model);
    String name = model.path().getParent().getFileName() + "/" + model.path().getFileName();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tf-vae report: ")
        .append(HTML.escape(name))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
            + "text-align:left}th{background:#f2f2f2}img{max-width:100%;border:1px solid #ddd;margin:4px 0}"
            + "code{background:#f5f5f5;padding:1px 4px}.note{color:#555;font-size:0.9em}</style></head>"
            + "<body>\n");
    html.append("<h1>").append(HTML.escape(name)).append("</h1>\n");
    html.append("<p>A ").append(m.config().kind().cliName().equals("vae") ? "variational autoencoder" : "plain autoencoder")
        .append(" trained on <code>").append(HTML.escape(m.dataset().name())).append("</code>; examples below are from <code>")
        .append(HTML.escape(datasetName)).append("</code> (validation split).</p>\n");

    html.append("<h2>Model</h2>\n<table>");
    row("kind", m.config().kind().cliName());
    row("architecture", m.config().arch().cliName() + " " + m.config().hidden());
    row("input shape", String.valueOf(m.config().inputShape()));
    row("latent dimensions", String.valueOf(m.config().latentDim()));
    row("likelihood", m.config().likelihood().cliName());
    row("beta (KL weight in training)", String.valueOf(m.config().beta()));
    row("command", m.commandLine());
    row("training", ModelCard.trainingSettings(m));
    row("exported epoch", m.training().epochs()
        + (m.training().epochsTrained() == null ? "" : " of " + m.training().epochsTrained() + " trained"));
    row("training samples/s", String.format(Locale.ROOT, "%,.0f", m.training().samplesPerSecond()));
    row("data", m.dataset().trainExamples() + " training, " + m.dataset().validationExamples()
        + " validation examples; " + m.preprocessing().description());
    for (ModelManifest.FileDigest f : m.dataset().files()) {
      row("file " + f.name(), "sha256 " + f.sha256());
    }
    row("created", m.createdAt() + " with tf-vae " + m.versions().tfVae() + ", TensorFlow Java "
        + m.versions().tensorflowJava() + ", Java " + m.versions().java());
    html.append("</table>\n");

    html.append("<h2>Validation figures</h2>\n<p class=\"note\">Final epoch, β = 1, mean per example"
        + " (negative ELBO in nats).</p>\n<table><tr><th>metric</th><th>value</th></tr>");
    m.validationMetrics().forEach((k, v) -> row(k, String.format(Locale.ROOT, "%.6g", v)));
    html.append("</table>\n");

    if (!m.history().isEmpty()) {
      section("Loss curves", null, Pictures.lossCurves(m, "Per-epoch losses"));
    }
    section("Reconstructions", "Inputs above their reconstructions decoded from z = μ.",
        pictures.reconstructions(data, Math.min(20, data.count())));
    if (model.isVariational()) {
      section("Samples from the prior", "Decoded from z ~ N(0, I): what the model has learned to generate.",
          pictures.samples(32, 42));
    }
    if (data.count() >= 4) {
      section("Interpolations", "Decoded along the path between two examples' μ.",
          pictures.interpolation(data.example(0), data.example(1), 8, Interpolation.LINEAR,
              "Linear, example 0 → 1"));
      html.append(image(pictures.interpolation(data.example(2), data.example(3), 8,
          Interpolation.SPHERICAL, "Spherical, example 2 → 3")));
    }
    section("Traversal", "μ of example 0 with one latent dimension at a time set to −3 … 3.",
        pictures.traversal(data.example(0), LatentSpace.range(-3, 3, 7), "Traversal of example 0"));
    attributes(model, pictures, data, names);
    section("Latent map", model.latentDim() > 2
            ? "First two principal components of μ, coloured by label." : "μ, coloured by label.",
        pictures.latentMap(data, 3000, names, "Latent map"));
    html.append("</body></html>\n");
  }

  /** Two attribute edits when the data has at least two labels. */
  private void attributes(VaeModel model, Pictures pictures, Split data, Map<Integer, String> names) {
    if (data.labels() == null) {
      return;
    }
    int[] labels = java.util.Arrays.stream(data.labels()).distinct().sorted().toArray();
    if (labels.length < 2) {
      return;
    }
    html.append("<h2>Attribute vectors</h2>\n<p class=\"note\">v = mean μ of one label minus mean μ of"
        + " another, added with growing strength to an example of the first.</p>\n");
    LatentSpace space = new LatentSpace(model);
    for (int k = 0; k < Math.min(2, labels.length - 1); k++) {
      int a = labels[k];
      int b = labels[labels.length - 1 - k];
      float[][] groupA = group(data, a);
      float[][] groupB = group(data, b);
      float[] v = space.attributeVector(groupA, groupB);
      String caption = "A " + LabelNames.name(names, a) + " + s·(" + LabelNames.name(names, b) + " − "
          + LabelNames.name(names, a) + ")";
      html.append(image(pictures.attribute(groupA[0], v, new double[] {0, 0.25, 0.5, 0.75, 1, 1.5}, caption)));
    }
  }

  private static float[][] group(Split data, int label) {
    return java.util.stream.IntStream.range(0, data.count())
        .filter(i -> data.labels()[i] == label)
        .limit(1000)
        .mapToObj(data::example)
        .toArray(float[][]::new);
  }

  private void row(String key, String value) {
    html.append("<tr><th>").append(HTML.escape(key)).append("</th><td>").append(HTML.escape(value))
        .append("</td></tr>");
  }

  private void section(String title, String note, BufferedImage picture) throws IOException {
    html.append("<h2>").append(HTML.escape(title)).append("</h2>\n");
    if (note != null) {
      html.append("<p class=\"note\">").append(HTML.escape(note)).append("</p>\n");
    }
    html.append(image(picture));
  }

  private static String image(BufferedImage picture) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(picture, "png", png);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return "<div><img alt=\"\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"></div>\n";
  }
}
