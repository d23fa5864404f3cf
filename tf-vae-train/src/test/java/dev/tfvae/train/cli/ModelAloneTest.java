package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfvae.infer.VaeModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that takes {@code --model} works from the model alone — a table trained with
 * {@code --label-column}, a table with text labels, an image folder with class sub-folders — with the
 * labels' names in CSV outputs and {@code --from-label}; the user's own files go in with {@code --input};
 * a mismatch between data and model says what differs. Three small models are trained once (one epoch).
 */
class ModelAloneTest {
  private static final String SHIPPED = "../savedmodels/fashion-mnist-vae";
  private static final String TWO_FACTOR = "../examples/two-factor.csv";
  private static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path table;
  private static Path iris;
  private static Path irisData;
  private static Path shapes;
  private static Path shapesData;

  @BeforeAll
  static void trainSmallModels() throws Exception {
    table = train("two-factor", "csv:" + TWO_FACTOR, "--label-column", "quadrant");
    irisData = irisLike(shared.resolve("iris.csv"));
    iris = train("iris", "csv:" + irisData, "--label-column", "species");
    shapesData = shared.resolve("shapes12");
    for (String kind : List.of("circle", "square")) {
      Files.createDirectories(shapesData.resolve(kind));
      for (int i = 0; i < 40; i++) {
        png(shapesData.resolve(kind).resolve(String.format("%03d.png", i)), drawn(kind, i, 12), 12);
      }
    }
    shapes = train("shapes12", "images:" + shapesData);
  }

  private static Path train(String name, String dataset, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", dataset, "--latent", "2",
        "--hidden", "16", "--epochs", "1", "--out", shared.resolve(name).toString(),
        "--checkpoint-dir", shared.resolve("ckpt-" + name).toString()));
    args.addAll(List.of(extra));
    assertEquals(0, CliRunner.run(args.toArray(String[]::new)).code(), "training " + name);
    return shared.resolve(name);
  }

  /** 300 rows of four measurements around each species' own means, the species in the third column. */
  private static Path irisLike(Path file) throws IOException {
    double[][] means = {{5.0, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.6, 2.0}};
    Random random = new Random(7);
    StringBuilder csv = new StringBuilder("sepal_length,sepal_width,species,petal_length,petal_width\n");
    for (int i = 0; i < 300; i++) {
      double[] m = means[i % 3];
      double[] v = new double[4];
      for (int j = 0; j < 4; j++) {
        v[j] = Math.round((m[j] + 0.2 * random.nextGaussian()) * 100) / 100.0;
      }
      csv.append(v[0]).append(',').append(v[1]).append(',').append(SPECIES.get(i % 3)).append(',')
          .append(v[2]).append(',').append(v[3]).append('\n');
    }
    return Files.writeString(file, csv);
  }

  /** A white disc or square on black, {@code size}×{@code size}, placed by {@code i}; values 0 or 1. */
  private static float[] drawn(String kind, int i, int size) {
    float[] pixels = new float[size * size];
    double c = size / 2.0 - 1 + (i % 3);
    double r = size / 4.0 + (i % 2);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        boolean inside = kind.equals("circle")
            ? (x - c) * (x - c) + (y - c) * (y - c) <= r * r
            : Math.abs(x - c) <= r && Math.abs(y - c) <= r;
        pixels[y * size + x] = inside ? 1f : 0f;
      }
    }
    return pixels;
  }

  private static void png(Path file, float[] pixels, int size) throws IOException {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < pixels.length; i++) {
      image.getRaster().setSample(i % size, i / size, 0, Math.round(pixels[i] * 255));
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static List<String[]> csv(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(l -> l.split(",", -1)).toList();
  }

  private static int column(List<String[]> rows, String name) {
    return Arrays.asList(rows.get(0)).indexOf(name);
  }

  private static Set<String> values(List<String[]> rows, String name) {
    int c = column(rows, name);
    Set<String> out = new TreeSet<>();
    rows.subList(1, rows.size()).forEach(r -> out.add(r[c]));
    return out;
  }

  @Test
  void textLabelsAreNamedInCsvOutputsAndAcceptedByName() throws Exception {
    Path codes = dir.resolve("codes.csv");
    CliRunner.Run encode = CliRunner.run("encode", "--model", iris.toString(), "--out", codes.toString());
    assertEquals(0, encode.code(), encode.stderr());
    List<String[]> rows = csv(codes);
    assertEquals(List.of("index", "label", "mu_0", "mu_1"), Arrays.asList(rows.get(0)));
    assertEquals(31, rows.size(), "header + every tenth of 300 rows");
    assertEquals(new TreeSet<>(SPECIES), values(rows, "label"), "names, not 0/1/2");

    Path scores = dir.resolve("scores.csv");
    assertEquals(0, CliRunner.run("score", "--model", iris.toString(), "--out", scores.toString()).code());
    assertEquals(new TreeSet<>(SPECIES), values(csv(scores), "label"));

    assertEquals(0, CliRunner.run("attribute", "--model", iris.toString(), "--from-label", "setosa",
        "--to-label", "Virginica", "--apply-to", "3", "--out", dir.resolve("a.png").toString()).code());
    CliRunner.Run wrong = CliRunner.run("attribute", "--model", iris.toString(), "--from-label", "rose",
        "--to-label", "setosa", "--out", dir.resolve("b.png").toString());
    assertEquals(2, wrong.code());
    assertTrue(wrong.stderr().contains("'rose' is not a label: the labels are setosa, versicolor,"
        + " virginica"), wrong.stderr());
    assertEquals(0, CliRunner.run("latent-map", "--model", iris.toString(), "--out",
        dir.resolve("m.png").toString()).code());
  }

  @Test
  void classSubFoldersAreNamedAndImageFilesGoIn() throws Exception {
    Path codes = dir.resolve("codes.csv");
    assertEquals(0, CliRunner.run("encode", "--model", shapes.toString(), "--out", codes.toString()).code());
    assertEquals(Set.of("circle", "square"), values(csv(codes), "label"));
    assertEquals(0, CliRunner.run("attribute", "--model", shapes.toString(), "--from-label", "circle",
        "--to-label", "square", "--out", dir.resolve("a.png").toString()).code());

    // The folder itself as --input: every image, its file and its class.
    Path mine = dir.resolve("mine.csv");
    CliRunner.Run own = CliRunner.run("score", "--model", shapes.toString(), "--input", shapesData.toString(),
        "--out", mine.toString());
    assertEquals(0, own.code(), own.stderr());
    List<String[]> rows = csv(mine);
    assertEquals(List.of("index", "input", "label", "neg_elbo", "reconstruction_loss", "kl"),
        Arrays.asList(rows.get(0)));
    assertEquals(81, rows.size());
    assertEquals(shapesData.resolve("circle/000.png").toString(), rows.get(1)[1]);
    assertEquals("square", rows.get(41)[2]);
  }

  @Test
  void ownImagesAreEncodedAsTheModelEncodesTheirPixels() throws Exception {
    float[] a = drawn("square", 0, 28);
    float[] b = drawn("circle", 1, 28);
    png(dir.resolve("a.png"), a, 28);
    png(dir.resolve("b.png"), b, 28);
    Path codes = dir.resolve("codes.csv");
    CliRunner.Run r = CliRunner.run("encode", "--model", SHIPPED, "--input", dir.resolve("b.png").toString(),
        "--input", dir.resolve("a.png").toString(), "--out", codes.toString());
    assertEquals(0, r.code(), r.stderr());
    List<String[]> rows = csv(codes);
    assertEquals(List.of("index", "input", "mu_0"), Arrays.asList(rows.get(0)).subList(0, 3),
        "no label column: single files have none");
    assertEquals(3, rows.size());
    assertEquals(dir.resolve("b.png").toString(), rows.get(1)[1], "in the order given");
    try (VaeModel m = VaeModel.load(Path.of(SHIPPED))) {
      float[][] expected = m.embed(new float[][] {b, a});
      for (int i = 0; i < 2; i++) {
        float[] printed = new float[20];
        for (int j = 0; j < 20; j++) {
          printed[j] = Float.parseFloat(rows.get(i + 1)[2 + j]);
        }
        assertArrayEquals(expected[i], printed, 0f, "row " + i);
      }
    }
    // Pictures take them too.
    String a1 = dir.resolve("a.png").toString();
    String b1 = dir.resolve("b.png").toString();
    for (List<String> args : List.of(List.of("reconstruct", "--input", a1, "--input", b1),
        List.of("interpolate", "--input", a1, "--input", b1), List.of("traverse", "--input", a1, "--steps", "3"))) {
      List<String> command = new ArrayList<>(args);
      command.addAll(List.of("--model", SHIPPED, "--out", dir.resolve(args.get(0) + ".png").toString()));
      assertEquals(0, CliRunner.run(command.toArray(String[]::new)).code(), args.get(0));
    }
  }

  /** A 28×28 RGB PNG, black but for pixel (3, 4) of colour {@code rgb}; its path. */
  private String rgb(String name, int rgb) throws IOException {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 4, rgb);
    ImageIO.write(image, "png", dir.resolve(name).toFile());
    return dir.resolve(name).toString();
  }

  @Test
  void imagesThatDoNotFitTheModelAreRefusedSayingWhy() throws Exception {
    png(dir.resolve("small.png"), drawn("circle", 0, 12), 12);
    CliRunner.Run small = CliRunner.run("encode", "--model", SHIPPED, "--input",
        dir.resolve("small.png").toString(), "--out", "-");
    assertEquals(2, small.code());
    assertTrue(small.stderr().contains("small.png: is 12×12 grayscale but the model takes 28×28 grayscale"
        + " images; resize it to 28×28"), small.stderr());

    CliRunner.Run red = CliRunner.run("score", "--model", SHIPPED, "--input", rgb("red.png", 0xC80A0A),
        "--out", "-");
    assertEquals(2, red.code());
    assertTrue(red.stderr().contains("has colour (pixel (3, 4) is RGB 200, 10, 10) but the model takes"
        + " grayscale images"), red.stderr());
    assertEquals(0, CliRunner.run("score", "--model", SHIPPED, "--input", rgb("gray-rgb.png", 0x808080),
        "--out", dir.resolve("s.csv").toString()).code(), "an RGB file whose pixels are all gray is gray");

    CliRunner.Run table = CliRunner.run("encode", "--model", SHIPPED, "--input", TWO_FACTOR, "--out", "-");
    assertEquals(2, table.code());
    assertTrue(table.stderr().contains("takes 28×28 grayscale images; --input ../examples/two-factor.csv is"
        + " a CSV table"), table.stderr());
    assertEquals(2, CliRunner.run("encode", "--model", SHIPPED, "--input", dir.resolve("none.png").toString(),
        "--out", "-").code());
  }

  @Test
  void ownRowsAreMatchedToTheModelsColumnsByName() throws Exception {
    List<String> lines = Files.readAllLines(Path.of(TWO_FACTOR)).subList(0, 4);
    // The model's order without the label, and a shuffled order with it: the same codes.
    Path plain = dir.resolve("plain.csv");
    Path shuffled = dir.resolve("shuffled.csv");
    List<String> plainLines = new ArrayList<>();
    List<String> shuffledLines = new ArrayList<>();
    int[] order = {8, 7, 0, 3, 1, 2, 6, 5, 4};
    for (String line : lines) {
      String[] cells = line.split(",");
      plainLines.add(String.join(",", Arrays.copyOf(cells, 8)));
      List<String> moved = new ArrayList<>();
      for (int c : order) {
        moved.add(cells[c]);
      }
      shuffledLines.add(String.join(",", moved));
    }
    Files.write(plain, plainLines);
    Files.write(shuffled, shuffledLines);
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    assertEquals(0, CliRunner.run("encode", "--model", table.toString(), "--input", plain.toString(),
        "--out", a.toString()).code());
    CliRunner.Run r = CliRunner.run("encode", "--model", table.toString(), "--input", shuffled.toString(),
        "--out", b.toString());
    assertEquals(0, r.code(), r.stderr());
    List<String[]> withoutLabel = csv(a);
    List<String[]> withLabel = csv(b);
    assertEquals(List.of("index", "input", "mu_0", "mu_1"), Arrays.asList(withoutLabel.get(0)));
    assertEquals(List.of("index", "input", "label", "mu_0", "mu_1"), Arrays.asList(withLabel.get(0)));
    assertEquals(plain + ":2", withoutLabel.get(1)[1], "file and line of the row");
    for (int i = 1; i <= 3; i++) {
      assertEquals(Arrays.asList(withoutLabel.get(i)).subList(2, 4), Arrays.asList(withLabel.get(i)).subList(3, 5));
      assertEquals(lines.get(i).split(",")[8], withLabel.get(i)[2], "the quadrant, kept");
    }

    Files.writeString(dir.resolve("bad.csv"), "linear_u,linear_v,colour\n1,2,3\n");
    CliRunner.Run bad = CliRunner.run("score", "--model", table.toString(), "--input",
        dir.resolve("bad.csv").toString(), "--out", "-");
    assertEquals(2, bad.code());
    assertTrue(bad.stderr().contains("missing: product, sine_u, big_offset, exp_v, saddle, noise; not columns"
        + " of the model: colour"), bad.stderr());
    Files.writeString(dir.resolve("nan.csv"), String.join("\n", plainLines.get(0), "1,2,3,4,5,6,7,x") + "\n");
    CliRunner.Run nan = CliRunner.run("score", "--model", table.toString(), "--input",
        dir.resolve("nan.csv").toString(), "--out", "-");
    assertEquals(2, nan.code());
    assertTrue(nan.stderr().contains("row 2, column 'noise': 'x' is not a number"), nan.stderr());
    CliRunner.Run image = CliRunner.run("score", "--model", table.toString(), "--input", shapesData.toString(),
        "--out", "-");
    assertEquals(2, image.code());
    assertTrue(image.stderr().contains("--input needs CSV files with those columns"), image.stderr());
  }

  @Test
  void tableModelsWriteSamplesAndReconstructionsAsCsvUnderTheirColumnNames() throws Exception {
    Path samples = dir.resolve("samples.csv");
    CliRunner.Run g = CliRunner.run("generate", "--model", table.toString(), "-n", "5", "--out", samples.toString());
    assertEquals(0, g.code(), g.stderr());
    List<String[]> rows = csv(samples);
    assertEquals(List.of("linear_u", "linear_v", "product", "sine_u", "big_offset", "exp_v", "saddle", "noise"),
        Arrays.asList(rows.get(0)));
    assertEquals(6, rows.size());
    double offset = Double.parseDouble(rows.get(1)[4]);
    assertTrue(offset > 700 && offset < 1300, "big_offset in the table's own units (about 1000): " + offset);

    Path back = dir.resolve("back.csv");
    assertEquals(0, CliRunner.run("reconstruct", "--model", table.toString(), "-n", "4", "--out",
        back.toString()).code());
    List<String[]> reconstructed = csv(back);
    assertEquals(List.of("index", "label", "linear_u"), Arrays.asList(reconstructed.get(0)).subList(0, 3));
    assertEquals(5, reconstructed.size());

    CliRunner.Run image = CliRunner.run("generate", "--model", SHIPPED, "--out", dir.resolve("x.csv").toString());
    assertEquals(2, image.code(), "an image model's samples are a picture");
    assertTrue(image.stderr().contains("CSV output is for table models"), image.stderr());
  }

  /** Legends and captions name a table's integer labels by their column ("quadrant 2", not "label 2"). */
  @Test
  void legendsNameIntegerLabelsByTheirColumn() throws Exception {
    ModelInputs inputs = new ModelInputs();
    inputs.model = table;
    inputs.source = new DataSourceOptions();
    try (VaeModel m = inputs.open()) {
      assertEquals(java.util.Map.of(0, "quadrant 0", 1, "quadrant 1", 2, "quadrant 2", 3, "quadrant 3"),
          inputs.legendNames(m));
      assertEquals(java.util.Map.of(), inputs.labelNames(m), "the CSV outputs keep the numbers");
    }
    inputs = new ModelInputs();
    inputs.model = iris;
    inputs.source = new DataSourceOptions();
    try (VaeModel m = inputs.open()) {
      assertEquals(java.util.Map.of(0, "setosa", 1, "versicolor", 2, "virginica"), inputs.legendNames(m));
    }
  }

  @Test
  void evalUsesTheModelsOwnDataByDefault() throws Exception {
    CliRunner.Run eval = CliRunner.run("eval", "--model", table.toString(), "--json");
    assertEquals(0, eval.code(), eval.stderr());
    JsonNode json = Json.MAPPER.readTree(eval.stdout());
    assertEquals("csv:" + TWO_FACTOR, json.get("dataset").asText(), "not the default shapes");
    assertEquals(500, json.get("examples").asInt());
  }

  @Test
  void anotherCopyOfTheTableIsReadWithTheModelsLabelColumn() throws Exception {
    Path copy = Files.copy(Path.of(TWO_FACTOR), dir.resolve("copy.csv"));
    CliRunner.Run r = CliRunner.run("latent-map", "--model", table.toString(), "--dataset", "csv:" + copy,
        "--out", dir.resolve("m.png").toString());
    assertEquals(0, r.code(), r.stderr());
    assertTrue(r.stderr().contains("reading column quadrant of " + copy + " as labels"), r.stderr());
    assertEquals(0, CliRunner.run("encode", "--model", table.toString(), "--dataset",
        "csv:./" + TWO_FACTOR, "--out", dir.resolve("c.csv").toString()).code(), "the same file, spelled otherwise");
  }

  @Test
  void aMismatchSaysWhichColumnsDifferAndHowToFixIt() throws Exception {
    CliRunner.Run wrongLabel = CliRunner.run("encode", "--model", table.toString(), "--dataset", "csv:" + TWO_FACTOR,
        "--label-column", "noise", "--out", "-");
    assertEquals(2, wrongLabel.code());
    assertTrue(wrongLabel.stderr().contains("Not columns of the model: quadrant. Missing: noise. quadrant is"
        + " the label column the model was trained with: pass --label-column quadrant."), wrongLabel.stderr());

    List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(TWO_FACTOR)));
    lines.set(0, lines.get(0).replace("quadrant", "group"));
    Path renamed = Files.write(dir.resolve("renamed.csv"), lines);
    CliRunner.Run extra = CliRunner.run("score", "--model", table.toString(), "--dataset", "csv:" + renamed,
        "--out", "-");
    assertEquals(2, extra.code());
    assertTrue(extra.stderr().contains("the data has 9 feature columns, the model takes 8. Not columns of the"
        + " model: group. group holds only whole numbers (4 distinct values), as a label column would: if it"
        + " is one, pass --label-column group."), extra.stderr());

    CliRunner.Run other = CliRunner.run("encode", "--model", iris.toString(), "--dataset", "csv:" + TWO_FACTOR,
        "--out", "-");
    assertEquals(2, other.code());
    assertTrue(other.stderr().contains("They have no column in common: the model's columns are sepal_length,"
        + " sepal_width, petal_length, petal_width."), other.stderr());

    CliRunner.Run images = CliRunner.run("encode", "--model", SHIPPED, "--dataset", "images:" + shapesData,
        "--out", "-");
    assertEquals(2, images.code());
    assertTrue(images.stderr().contains("its examples are 12×12 grayscale images, the model takes 28×28"
        + " grayscale images"), images.stderr());
    CliRunner.Run eval = CliRunner.run("eval", "--model", SHIPPED, "--dataset", "csv:" + TWO_FACTOR);
    assertEquals(2, eval.code(), "eval checks the data against the model too");
    assertTrue(eval.stderr().contains("it holds table rows of 9 columns, the model takes 28×28 grayscale images"),
        eval.stderr());
  }

  @Test
  void aRelativeDataPathNotFoundFromHereSaysSo() throws Exception {
    Path copy = dir.resolve("moved");
    dev.tfvae.infer.ShippedModels.copyTree(table.resolve("1"), copy.resolve("1"));
    Path manifest = copy.resolve("1/assets.extra/tfvae-manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replace("csv:" + TWO_FACTOR, "csv:data/t.csv"));
    CliRunner.Run r = CliRunner.run("encode", "--model", copy.toString(), "--out", "-");
    assertEquals(2, r.code());
    assertTrue(r.stderr().contains("was trained on csv:data/t.csv, a path relative to the folder training ran"
        + " in; it is not found from " + Path.of("").toAbsolutePath()), r.stderr());
    assertTrue(r.stderr().contains("pass --dataset csv:PATH (or your own examples with --input)"), r.stderr());
  }
}
