package dev.tfvae.train.pictures;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.infer.Interpolation;
import dev.tfvae.infer.LatentSpace;
import dev.tfvae.infer.Score;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.analysis.Auroc;
import dev.tfvae.train.analysis.LatentActivity;
import dev.tfvae.train.analysis.UniformNoise;
import dev.tfvae.train.data.LabelNames;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.export.ModelCard;
import dev.tfvae.train.io.AtomicFiles;
import dev.tfvae.train.quality.SampleQuality;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * One self-contained HTML page about a model (pictures embedded as PNG data URIs) under a table of
 * contents: what it is and how it was made (the manifest), its validation figures, loss curves,
 * reconstructions, samples from the prior, interpolations, the KL of each latent dimension beside a
 * traversal, attribute edits, the latent map and anomaly scores of the examples against noise.
 */
public final class HtmlReport {
  /** Examples (and as many noise inputs) the latent activity and the anomaly section use, at most. */
  public static final int ANOMALY_EXAMPLES = 2000;

  private static final Escaper HTML = HtmlEscapers.htmlEscaper();

  private final StringBuilder html = new StringBuilder();
  private final Map<String, String> contents = new LinkedHashMap<>();
  private QualitySection quality;

  /** Where the table of contents goes; {@link #page} puts it there once every heading is known. */
  private static final String CONTENTS = "<!--contents-->\n";

  /**
   * A section the page adds after its own (e.g. a sweep's rate–distortion picture and table).
   *
   * @param title its heading
   * @param note a line under the heading, or null
   * @param picture a picture, or null
   * @param header the table's header (empty for no table)
   * @param rows the table's rows, each as long as the header
   */
  public record Extra(
      String title, String note, BufferedImage picture, List<String> header, List<List<String>> rows) {
    public Extra {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  private HtmlReport() {}

  private String page() {
    StringBuilder nav = new StringBuilder("<nav><strong>Contents</strong><ol>");
    contents.forEach((id, title) -> nav.append("<li><a href=\"#").append(id).append("\">")
        .append(HTML.escape(title)).append("</a></li>"));
    nav.append("</ol></nav>\n");
    int at = html.indexOf(CONTENTS);
    return html.substring(0, at) + nav + html.substring(at + CONTENTS.length());
  }

  /** An {@code h2} with an id (from its title) that the table of contents links to. */
  private void heading(String title) {
    String id = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    String unique = id;
    for (int n = 2; contents.containsKey(unique); n++) {
      unique = id + "-" + n;
    }
    contents.put(unique, title);
    html.append("<h2 id=\"").append(unique).append("\">").append(HTML.escape(title)).append("</h2>\n");
  }

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
    return write(model, data, datasetName, labelNames, outDir, null, List.of());
  }

  /**
   * The sample-quality figures a page shows, measured beforehand ({@code sample-quality}'s).
   *
   * @param figures the figures
   * @param classifier the classifier's version folder, as the page names it
   * @param classifierAccuracy its test accuracy
   * @param labelNames the name of each class (empty: numbers)
   */
  public record QualitySection(
      SampleQuality figures, String classifier, double classifierAccuracy, List<String> labelNames) {}

  /**
   * {@link #write} with a sample-quality section after the prior samples, when {@code quality} is set,
   * and {@code extras} after the page's sections.
   */
  public static Path write(
      VaeModel model,
      Split data,
      String datasetName,
      Map<Integer, String> labelNames,
      Path outDir,
      QualitySection quality,
      List<Extra> extras)
      throws IOException {
    HtmlReport r = new HtmlReport();
    r.quality = quality;
    r.build(model, data, datasetName, labelNames, extras);
    Path page = outDir.resolve("index.html");
    AtomicFiles.write(page, out -> out.write(r.page().getBytes(StandardCharsets.UTF_8)));
    return page;
  }

  private void build(
      VaeModel model, Split data, String datasetName, Map<Integer, String> names, List<Extra> extras)
      throws IOException {
    ModelManifest m = model.manifest();
    Pictures pictures = new Pictures(model);
    String name = model.path().getParent().getFileName() + "/" + model.path().getFileName();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tf-vae report: ")
        .append(HTML.escape(name))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
            + "text-align:left}th{background:#f2f2f2}img{max-width:100%;border:1px solid #ddd;margin:4px 0}"
            + "code{background:#f5f5f5;padding:1px 4px}.note{color:#555;font-size:0.9em}"
            + "nav{background:#f8f8f8;border:1px solid #ddd;padding:0.3em 1em;display:inline-block}"
            + "nav ol{margin:0.3em 0;padding-left:1.5em}</style></head>"
            + "<body>\n");
    html.append("<h1>").append(HTML.escape(name)).append("</h1>\n");
    html.append("<p>A ").append(m.config().kind().cliName().equals("vae") ? "variational autoencoder" : "plain autoencoder")
        .append(" trained on <code>").append(HTML.escape(m.dataset().name())).append("</code>; examples below are from <code>")
        .append(HTML.escape(datasetName)).append("</code> (validation split).</p>\n");
    html.append(CONTENTS);

    heading("Model");
    html.append("<table>");
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

    heading("Validation figures");
    html.append("<p class=\"note\">Final epoch, β = 1, mean per example"
        + " (negative ELBO in nats).</p>\n<table><tr><th>metric</th><th>value</th></tr>");
    m.validationMetrics().forEach((k, v) -> row(k, String.format(Locale.ROOT, "%.6g", v)));
    html.append("</table>\n");

    if (!m.history().isEmpty()) {
      section("Loss curves", null, Pictures.lossCurves(m, "Per-epoch losses"));
    }
    section("Reconstructions", "Inputs above their reconstructions decoded from z = μ.",
        pictures.reconstructions(data, Math.min(20, data.count())));
    if (model.isConditional()) {
      conditional(model, pictures, data, names);
    } else {
      unconditional(model, pictures, data, names, datasetName);
    }
    for (Extra e : extras) {
      extra(e);
    }
    // Records the rendered height, so a headless browser's --dump-dom tells how tall a screenshot of the
    // whole page must be (the README's screenshot command).
    html.append("<script>addEventListener(\"load\", () => document.body.dataset.height ="
        + " document.documentElement.scrollHeight)</script>\n</body></html>\n");
  }

  /**
   * The sections of a conditional model: its class grid, "same style, other class", and interpolation,
   * traversal and latent map with each example's own label.
   */
  private void conditional(VaeModel model, Pictures pictures, Split data, Map<Integer, String> names) {
    if (model.isVariational()) {
      section("Samples per class", "One row per class, decoded from the same codes z ~ N(0, I) in every"
          + " row: a column is one code drawn as each class.", pictures.classSamples(8, 42));
    }
    int shown = Math.min(8, data.count());
    float[][] xs = new float[shown][];
    for (int i = 0; i < shown; i++) {
      xs[i] = data.example(i);
    }
    section("Same style, other class", "Each example (left) encoded with its own label, its μ decoded"
            + " with every label in turn: what the code keeps (the style) and what the label decides.",
        pictures.otherClasses(xs, java.util.Arrays.copyOf(data.labels(), shown),
            "Same style, other class (rows: examples with their labels)"));
    int other = -1;
    for (int i = 1; i < data.count() && other < 0; i++) {
      if (data.labels()[i] == data.labels()[0]) {
        other = i;
      }
    }
    if (other > 0) {
      section("Interpolations", "Decoded along the path between the codes of two examples of one class,"
              + " the label fixed.",
          pictures.interpolation(data.example(0), data.example(other), data.labels()[0], 8,
              Interpolation.LINEAR, "Linear, example 0 → " + other + ", label "
                  + model.labelName(data.labels()[0])));
    }
    section("Traversal", "μ of example 0 (with its label) with one latent dimension at a time set to"
            + " −3 … 3.",
        pictures.traversal(data.example(0), data.labels()[0], LatentSpace.range(-3, 3, 7),
            "Traversal of example 0, label " + model.labelName(data.labels()[0])));
    section("Latent map", (model.latentDim() > 2
            ? "First two principal components of μ" : "μ") + " (each example encoded with its label),"
            + " coloured by label: a conditional model needs no class structure in its code.",
        pictures.latentMap(data, 3000, names, "Latent map"));
  }

  private void unconditional(VaeModel model, Pictures pictures, Split data, Map<Integer, String> names,
      String datasetName) throws IOException {
    if (model.isVariational()) {
      section("Samples from the prior", "Decoded from z ~ N(0, I): what the model has learned to generate.",
          pictures.samples(32, 42));
    }
    if (quality != null) {
      sampleQuality(quality);
    }
    if (data.count() >= 4) {
      section("Interpolations", "Decoded along the path between two examples' μ.",
          pictures.interpolation(data.example(0), data.example(1), 8, Interpolation.LINEAR,
              "Linear, example 0 → 1"));
      html.append(image(pictures.interpolation(data.example(2), data.example(3), 8,
          Interpolation.SPHERICAL, "Spherical, example 2 → 3")));
    }
    Split scored = data.head(ANOMALY_EXAMPLES);
    float[][] xs = rows(scored);
    traversal(model, pictures, data, xs);
    attributes(model, pictures, data, names);
    section("Latent map", model.latentDim() > 2
            ? "First two principal components of μ, coloured by label." : "μ, coloured by label.",
        pictures.latentMap(data, 3000, names, "Latent map"));
    anomaly(model, scored, xs, datasetName);
  }

  /** The Fréchet distances and the class matches, each confusion matrix as a table. */
  private void sampleQuality(QualitySection q) {
    SampleQuality f = q.figures();
    heading("Sample quality");
    html.append("<p class=\"note\">Measured with the classifier <code>").append(HTML.escape(q.classifier()))
        .append("</code> (test accuracy ").append(String.format(Locale.ROOT, "%.4f", q.classifierAccuracy()))
        .append("): the Fréchet distance d² between Gaussians fitted to its 128 penultimate features of")
        .append(" the real test images and of generated ones (FID's method with this classifier; lower is")
        .append(" better).</p>\n<table><tr><th>figure</th><th>value</th></tr>");
    row(String.format(Locale.ROOT, "frechet_distance (%,d test images, %,d prior samples)",
        f.realExamples(), f.samples()), String.format(Locale.ROOT, "%.4g", f.frechetDistance()));
    if (!Double.isNaN(f.frechetDistanceTrainTest())) {
      row("frechet_distance_train_test (real training images: the floor)",
          String.format(Locale.ROOT, "%.4g", f.frechetDistanceTrainTest()));
    }
    if (f.realClassMatch() != null) {
      row("real_class_match (classifier on the test images)",
          String.format(Locale.ROOT, "%.4f", f.realClassMatch().share()));
    }
    if (f.classMatch() != null) {
      row("class_match (" + f.classMatchSource() + ")",
          String.format(Locale.ROOT, "%.4f", f.classMatch().share()));
    }
    html.append("</table>\n");
    if (f.classMatch() != null) {
      html.append("<p class=\"note\">Samples asked for each class (rows) by the classes the classifier"
          + " assigns (columns).</p>\n<table><tr><th>asked for</th>");
      int classes = f.classMatch().classes();
      for (int c = 0; c < classes; c++) {
        html.append("<th>").append(HTML.escape(label(q.labelNames(), c))).append("</th>");
      }
      html.append("<th>share</th></tr>");
      for (int r = 0; r < classes; r++) {
        html.append("<tr><th>").append(HTML.escape(label(q.labelNames(), r))).append("</th>");
        for (int count : f.classMatch().confusion()[r]) {
          html.append("<td>").append(count).append("</td>");
        }
        html.append("<td>").append(String.format(Locale.ROOT, "%.3f", f.classMatch().shareOf(r)))
            .append("</td></tr>");
      }
      html.append("</table>\n");
    }
  }

  private static String label(List<String> names, int c) {
    return c < names.size() ? names.get(c) : Integer.toString(c);
  }

  /**
   * The mean KL of each latent dimension (a VAE's), then the traversal with each row labelled by its
   * dimension and marked where that dimension is inactive.
   */
  private void traversal(VaeModel model, Pictures pictures, Split data, float[][] xs) {
    String caption = "Traversal of example 0";
    double[] values = LatentSpace.range(-3, 3, 7);
    if (!model.isVariational()) {
      section("Traversal", "μ of example 0 with one latent dimension at a time set to −3 … 3.",
          pictures.traversal(data.example(0), values, caption));
      return;
    }
    LatentActivity activity = LatentActivity.measure(model, xs);
    List<Integer> inactive = activity.inactive();
    section("Latent activity", String.format(Locale.ROOT, "Mean over %d validation examples of each"
            + " dimension's KL_j = ½(μ_j² + σ_j² − log σ_j² − 1) from the encoder (they sum to the mean KL"
            + " term, %.2f nats). Below %s nats (grey) a dimension is inactive: its posterior is the prior"
            + " whatever the input, so its row of the traversal changes nothing. %d of %d active%s. (The"
            + " validation figure active_units counts something else: dimensions whose μ varies across"
            + " inputs, variance > 0.01.)",
            xs.length, activity.total(), LatentActivity.INACTIVE_BELOW, activity.latentDim() - inactive.size(),
            activity.latentDim(), inactive.isEmpty() ? "" : "; inactive: z" + join(inactive, ", z")),
        Charts.klBars("Mean KL per latent dimension", activity.meanKl(), LatentActivity.INACTIVE_BELOW));
    List<String> labels = new ArrayList<>();
    double[] kl = activity.meanKl();
    for (int j = 0; j < kl.length; j++) {
      labels.add(activity.isActive(j) ? String.format(Locale.ROOT, "z%d  %.2f", j, kl[j]) : "z" + j + " inactive");
    }
    section("Traversal", "μ of example 0 with one latent dimension at a time set to −3 … 3; each row"
            + " is labelled with its dimension and mean KL in nats (or inactive).",
        pictures.traversal(data.example(0), values, caption, labels));
  }

  /**
   * Anomaly scores of the examples (normal) against as many uniform-noise inputs, drawn as
   * {@code anomaly --anomalies noise} draws them, with the AUROC of neg_elbo (and of kl for a VAE).
   */
  private void anomaly(VaeModel model, Split normal, float[][] xs, String datasetName) {
    Split noise = UniformNoise.of(model.inputShape(), normal, normal.count(), UniformNoise.SEED);
    List<Score> normalScores = model.score(xs);
    List<Score> noiseScores = model.score(rows(noise));
    double[] normalElbo = normalScores.stream().mapToDouble(Score::negElbo).toArray();
    double[] noiseElbo = noiseScores.stream().mapToDouble(Score::negElbo).toArray();
    double auroc = Auroc.of(normalElbo, noiseElbo);
    heading("Anomaly scores");
    html.append("<p class=\"note\">neg_elbo (nats) of ").append(normal.count())
        .append(" validation examples of <code>").append(HTML.escape(datasetName))
        .append("</code> (normal) and of as many noise inputs: ")
        .append(HTML.escape(UniformNoise.description(model.inputShape())))
        .append(". The noise is the set <code>./tf-vae anomaly --anomalies noise --limit ").append(normal.count())
        .append("</code> scores. AUROC: the chance that a noise input scores above a normal example"
            + " (1 = perfectly separated, 0.5 = chance).</p>\n<table><tr><th>set</th><th>examples</th>"
            + "<th>mean neg_elbo</th><th>median neg_elbo</th></tr>");
    html.append(String.format(Locale.ROOT, "<tr><td>normal</td><td>%d</td><td>%.2f</td><td>%.2f</td></tr>"
            + "<tr><td>noise</td><td>%d</td><td>%.2f</td><td>%.2f</td></tr></table>\n<table>",
        normal.count(), mean(normalElbo), median(normalElbo), noise.count(), mean(noiseElbo), median(noiseElbo)));
    row("AUROC neg_elbo", String.format(Locale.ROOT, "%.4f", auroc));
    if (model.isVariational()) {
      row("AUROC kl", String.format(Locale.ROOT, "%.4f", Auroc.of(
          normalScores.stream().mapToDouble(Score::kl).toArray(), noiseScores.stream().mapToDouble(Score::kl).toArray())));
    }
    html.append("</table>\n");
    Map<String, double[]> groups = new LinkedHashMap<>();
    groups.put("normal (" + datasetName + ")", normalElbo);
    groups.put("uniform noise", noiseElbo);
    html.append(image(Charts.histograms(
        String.format(Locale.ROOT, "neg_elbo of normal examples and noise, AUROC %.4f", auroc),
        "neg_elbo, nats", groups, 60)));
  }

  private static float[][] rows(Split data) {
    float[][] xs = new float[data.count()][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = data.example(i);
    }
    return xs;
  }

  private static double mean(double[] v) {
    return java.util.Arrays.stream(v).average().orElse(Double.NaN);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String join(List<Integer> values, String separator) {
    return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(separator));
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
    heading("Attribute vectors");
    html.append("<p class=\"note\">v = mean μ of one label minus mean μ of"
        + " another, added with growing strength to an example of the first.</p>\n");
    LatentSpace space = new LatentSpace(model);
    for (int k = 0; k < Math.min(2, labels.length / 2); k++) {
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

  private void extra(Extra e) {
    heading(e.title());
    if (e.note() != null) {
      html.append("<p class=\"note\">").append(HTML.escape(e.note())).append("</p>\n");
    }
    if (e.picture() != null) {
      html.append(image(e.picture()));
    }
    if (!e.header().isEmpty()) {
      html.append("<table><tr>");
      e.header().forEach(h -> html.append("<th>").append(HTML.escape(h)).append("</th>"));
      html.append("</tr>");
      for (List<String> row : e.rows()) {
        html.append("<tr>");
        row.forEach(c -> html.append("<td>").append(HTML.escape(c)).append("</td>"));
        html.append("</tr>");
      }
      html.append("</table>\n");
    }
  }

  private void row(String key, String value) {
    html.append("<tr><th>").append(HTML.escape(key)).append("</th><td>").append(HTML.escape(value))
        .append("</td></tr>");
  }

  private void section(String title, String note, BufferedImage picture) {
    heading(title);
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
