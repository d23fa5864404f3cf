package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfvae.infer.ModelPaths;
import dev.tfvae.infer.Score;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.analysis.Auroc;
import dev.tfvae.train.analysis.LatentActivity;
import dev.tfvae.train.analysis.UniformNoise;
import dev.tfvae.train.data.ShapesDataset;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.pictures.HtmlReport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that use an exported model — pictures, CSV, anomaly AUROC and the HTML report — run on the
 * shipped Fashion-MNIST model with the built-in shapes data (also 28×28), and write files of the expected
 * geometry, row counts and content.
 */
class ModelCommandsTest {
  private static final String MODEL = "../savedmodels/fashion-mnist-vae";
  private static final int CELL = 84; // 28 pixels × 3
  private static final int GAP = 2;

  @TempDir Path dir;

  private static BufferedImage png(Path file) throws Exception {
    BufferedImage image = ImageIO.read(file.toFile());
    assertTrue(image != null, file + " is not a readable PNG");
    return image;
  }

  @Test
  void picturesHaveTheGridGeometry() throws Exception {
    Path generate = dir.resolve("g.png");
    assertEquals(0, CliRunner.run("generate", "--model", MODEL, "-n", "16", "--out", generate.toString()).code());
    // Two rows of 8 cells under a 24-pixel title.
    BufferedImage g = png(generate);
    assertEquals(8 * (CELL + GAP) + GAP, g.getWidth());
    assertEquals(24 + 2 * (CELL + GAP) + GAP, g.getHeight());

    Path reconstruct = dir.resolve("r.png");
    assertEquals(0, CliRunner.run("reconstruct", "--model", MODEL, "--dataset", "shapes", "-n", "15",
        "--out", reconstruct.toString()).code());
    assertEquals(24 + 4 * (CELL + GAP) + GAP, png(reconstruct).getHeight(), "2 input rows, 2 decoded rows");

    Path interpolate = dir.resolve("i.png");
    assertEquals(0, CliRunner.run("interpolate", "--model", MODEL, "--dataset", "shapes", "--from", "3",
        "--to", "4", "--steps", "6", "--spherical", "--out", interpolate.toString()).code());
    BufferedImage i = png(interpolate);
    assertEquals(8 * (CELL + GAP) + GAP, i.getWidth(), "input, 6 steps, input");
    assertEquals(24 + 18 + (CELL + GAP) + GAP, i.getHeight(), "title, column labels, one row");

    Path traverse = dir.resolve("t.png");
    assertEquals(0, CliRunner.run("traverse", "--model", MODEL, "--dataset", "shapes", "--index", "2",
        "--steps", "5", "--out", traverse.toString()).code());
    assertEquals(24 + 18 + 20 * (CELL + GAP) + GAP, png(traverse).getHeight(), "one row per latent dim");

    Path attribute = dir.resolve("a.png");
    assertEquals(0, CliRunner.run("attribute", "--model", MODEL, "--dataset", "shapes", "--from-label",
        "square", "--to-label", "2", "--apply-to", "0", "--out", attribute.toString()).code());
    assertEquals(24 + 18 + (CELL + GAP) + GAP, png(attribute).getHeight());

    Path map = dir.resolve("m.png");
    assertEquals(0, CliRunner.run("latent-map", "--model", MODEL, "--dataset", "shapes", "--limit", "500",
        "--out", map.toString()).code());
    assertEquals(List.of(720, 600), List.of(png(map).getWidth(), png(map).getHeight()));

    Path curves = dir.resolve("c.png");
    assertEquals(0, CliRunner.run("loss-curves", "--model", MODEL, "--out", curves.toString()).code());
    assertEquals(List.of(720, 420), List.of(png(curves).getWidth(), png(curves).getHeight()));
  }

  @Test
  void csvOutputsHaveOneRowPerExample() throws Exception {
    Path codes = dir.resolve("codes.csv");
    assertEquals(0, CliRunner.run("encode", "--model", MODEL, "--dataset", "shapes", "--out", codes.toString()).code());
    List<String> lines = Files.readAllLines(codes);
    assertEquals(2001, lines.size(), "header + 2000 validation shapes");
    assertTrue(lines.get(0).startsWith("index,label,mu_0,"), lines.get(0));
    assertEquals(2 + 20, lines.get(1).split(",").length);

    Path scores = dir.resolve("scores.csv");
    assertEquals(0, CliRunner.run("score", "--model", MODEL, "--dataset", "shapes", "--iwae", "3",
        "--out", scores.toString()).code());
    List<String> rows = Files.readAllLines(scores);
    assertEquals(2001, rows.size());
    assertEquals("index,label,neg_elbo,reconstruction_loss,kl,iwae_nll", rows.get(0));
    String[] first = rows.get(1).split(",");
    assertEquals(Double.parseDouble(first[3]) + Double.parseDouble(first[4]), Double.parseDouble(first[2]), 1e-3,
        "neg_elbo = reconstruction_loss + kl");
  }

  /**
   * eval, score and anomaly compute the importance-weighted bound with one implementation: on the same
   * model, examples, K and seed, eval's iwae_nll is the mean of score's per-example column, exactly.
   */
  @Test
  void evalIwaeIsTheMeanOfScoreIwaeOnTheSameExamples() throws Exception {
    int limit = 37;
    CliRunner.Run eval = CliRunner.run("eval", "--model", MODEL, "--dataset", "shapes", "--iwae", "7",
        "--limit", Integer.toString(limit), "--seed", "5", "--json");
    assertEquals(0, eval.code());
    JsonNode m = Json.MAPPER.readTree(eval.stdout());
    assertEquals(limit, m.get("iwae_examples").asInt());
    assertEquals(7, m.get("iwae_samples").asInt());

    Path scores = dir.resolve("iwae.csv");
    assertEquals(0, CliRunner.run("score", "--model", MODEL, "--dataset", "shapes", "--iwae", "7",
        "--seed", "5", "--out", scores.toString()).code());
    List<String> rows = Files.readAllLines(scores);
    int column = List.of(rows.get(0).split(",")).indexOf("iwae_nll");
    double sum = 0;
    for (int i = 1; i <= limit; i++) {
      sum += Double.parseDouble(rows.get(i).split(",")[column]);
    }
    assertEquals(sum / limit, m.get("iwae_nll").asDouble(), 0.0);
  }

  @Test
  void anomalyReportsAurocPerSet() throws Exception {
    CliRunner.Run r = CliRunner.run("anomaly", "--model", MODEL, "--dataset", "shapes", "--anomalies",
        "noise", "--limit", "300", "--json");
    assertEquals(0, r.code());
    JsonNode json = Json.MAPPER.readTree(r.stdout());
    assertEquals(300, json.get("normal_examples").asInt());
    double auroc = json.get("anomalies").get("noise").get("auroc_neg_elbo").asDouble();
    assertTrue(auroc > 0.99, "uniform noise scores far above shapes: " + auroc);
  }

  @Test
  void reportIsOnePageWithEmbeddedPictures() throws Exception {
    Path out = dir.resolve("report");
    assertEquals(0, CliRunner.run("report", "--model", MODEL, "--dataset", "shapes", "--out", out.toString()).code());
    String html = Files.readString(out.resolve("index.html"));
    List<String> sections = List.of("Model", "Validation figures", "Loss curves", "Reconstructions",
        "Samples from the prior", "Interpolations", "Latent activity", "Traversal", "Attribute vectors",
        "Latent map", "Anomaly scores");
    Matcher h2 = Pattern.compile("<h2 id=\"([a-z0-9-]+)\">([^<]+)</h2>").matcher(html);
    List<String> ids = new java.util.ArrayList<>();
    List<String> titles = new java.util.ArrayList<>();
    while (h2.find()) {
      ids.add(h2.group(1));
      titles.add(h2.group(2));
    }
    assertEquals(sections, titles, "every section, in order, each h2 with an id");
    Matcher link = Pattern.compile("<li><a href=\"#([^\"]+)\">([^<]+)</a></li>").matcher(html);
    List<String> links = new java.util.ArrayList<>();
    while (link.find()) {
      links.add(link.group(1));
      assertEquals(titles.get(ids.indexOf(link.group(1))), link.group(2), "link text is the section's title");
    }
    assertEquals(ids, links, "the table of contents links to every section's id");
    assertTrue(html.indexOf("<nav>") < html.indexOf("<h2"), "the contents come first");
    Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
    int images = 0;
    while (m.find()) {
      assertTrue(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))) != null);
      images++;
    }
    assertEquals(10, images, "loss curves, reconstructions, samples, 2 interpolations, KL bars, traversal,"
        + " 1 attribute edit (three labels: the first against the last, never a label against itself),"
        + " map, score histograms");
    assertTrue(html.contains("./tf-vae train --dataset fashion-mnist"), "the manifest's command");
    assertReportFigures(html);
  }

  /**
   * The anomaly section's figures are those of {@code anomaly --anomalies noise} on the same examples (the
   * same noise, scores and AUROC), and the latent activity's are {@link LatentActivity}'s on them.
   */
  private void assertReportFigures(String html) throws Exception {
    Split shapes = ShapesDataset.load().validation().head(HtmlReport.ANOMALY_EXAMPLES);
    float[][] xs = new float[shapes.count()][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = shapes.example(i);
    }
    CliRunner.Run r = CliRunner.run("anomaly", "--model", MODEL, "--dataset", "shapes", "--anomalies", "noise",
        "--limit", String.valueOf(xs.length), "--json");
    assertEquals(0, r.code());
    JsonNode json = Json.MAPPER.readTree(r.stdout());
    JsonNode noise = json.get("anomalies").get("noise");
    assertTrue(html.contains(String.format(Locale.ROOT, "<tr><td>normal</td><td>%d</td><td>%.2f</td>",
        xs.length, json.get("normal_mean_neg_elbo").asDouble())), "normal mean neg_elbo");
    assertTrue(html.contains(String.format(Locale.ROOT, "<tr><td>noise</td><td>%d</td><td>%.2f</td>",
        noise.get("examples").asInt(), noise.get("mean_neg_elbo").asDouble())), "noise mean neg_elbo");
    try (VaeModel model = VaeModel.load(ModelPaths.resolveVersion(Path.of(MODEL)))) {
      double[] normal = model.score(xs).stream().mapToDouble(Score::kl).toArray();
      float[][] noiseRows = new float[xs.length][];
      Split noiseSet = UniformNoise.of(model.inputShape(), shapes, xs.length, UniformNoise.SEED);
      for (int i = 0; i < xs.length; i++) {
        noiseRows[i] = noiseSet.example(i);
      }
      double[] noiseKl = model.score(noiseRows).stream().mapToDouble(Score::kl).toArray();
      double aurocKl = Auroc.of(normal, noiseKl);
      assertEquals(noise.get("auroc_kl").asDouble(), aurocKl, 1e-12, "the command's noise is UniformNoise's");
      assertTrue(html.contains(String.format(Locale.ROOT, "<th>AUROC kl</th><td>%.4f</td>", aurocKl)), "AUROC kl");
      assertTrue(html.contains(String.format(Locale.ROOT, "<th>AUROC neg_elbo</th><td>%.4f</td>",
          noise.get("auroc_neg_elbo").asDouble())), "AUROC neg_elbo");
      LatentActivity activity = LatentActivity.measure(model, xs);
      assertTrue(html.contains(String.format(Locale.ROOT, "the mean KL term, %.2f nats", activity.total())));
      assertTrue(html.contains(String.format(Locale.ROOT, "%d of %d active",
          activity.latentDim() - activity.inactive().size(), activity.latentDim())), "count of active dims");
    }
  }

  @Test
  void badArgumentsExitWith2() {
    assertEquals(2, CliRunner.run("interpolate", "--model", MODEL, "--dataset", "shapes", "--from", "0",
        "--to", "999999", "--out", dir.resolve("x.png").toString()).code());
    assertEquals(2, CliRunner.run("attribute", "--model", MODEL, "--dataset", "shapes", "--from-label",
        "hexagon", "--to-label", "0", "--apply-to", "0", "--out", dir.resolve("x.png").toString()).code());
    assertEquals(2, CliRunner.run("generate", "--model", dir.resolve("none").toString(), "--out",
        dir.resolve("x.png").toString()).code());
    assertEquals(2, CliRunner.run("reconstruct", "--model", MODEL, "--dataset", "csv:../examples/two-factor.csv",
        "--out", dir.resolve("x.png").toString()).code(), "8 columns do not fit a 784-input model");
    assertEquals(2, CliRunner.run("traverse", "--model", MODEL, "--index", "0", "--steps", "1",
        "--out", dir.resolve("x.png").toString()).code());
    assertEquals(2, CliRunner.run("score", "--model", MODEL, "--iwae", "-1", "--out", "-").code());
    assertEquals(2, CliRunner.run("score", "--model", MODEL, "--iwae", "10001", "--out", "-").code());
    assertEquals(2, CliRunner.run("eval", "--model", MODEL, "--dataset", "shapes", "--iwae", "1000000000").code(),
        "eval bounds --iwae like score (it used to run out of memory)");
    assertEquals(2, CliRunner.run("anomaly", "--model", MODEL, "--dataset", "shapes", "--anomalies", "noise",
        "--iwae", "20000").code());
    assertEquals(2, CliRunner.run("anomaly", "--model", MODEL, "--dataset", "shapes", "--anomalies", "nonsense").code());
    assertEquals(2, CliRunner.run("encode", "--out", "x.csv").code(), "--model is required");
  }
}
