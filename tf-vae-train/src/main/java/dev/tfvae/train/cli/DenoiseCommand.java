package dev.tfvae.train.cli;

import dev.tfvae.core.model.TrainingSettings;
import dev.tfvae.infer.ModelPaths;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.analysis.InputCorruption;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.pictures.ImageGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code denoise}: how well models reconstruct clean validation examples from corrupted ones, measured
 * on the same corrupted inputs for each — a denoising autoencoder against the plain AE and the VAE, say —
 * and a picture of clean inputs, corrupted inputs and each model's reconstructions.
 */
@Command(name = "denoise", mixinStandardHelpOptions = true,
    description = {"Reconstruction error on corrupted validation examples (mean squared error per value"
        + " against the clean example) of --model and each --against model, on the same corrupted inputs;"
        + " --out draws clean inputs, corrupted inputs and every model's reconstructions."})
final class DenoiseCommand implements Callable<Integer> {
  @Mixin ModelInputs inputs;

  @Option(names = "--against", split = ",", paramLabel = "DIR[,DIR...]",
      description = "other models to measure on the same inputs (e.g. a plain AE and a VAE)")
  List<Path> against = new ArrayList<>();

  @Option(names = "--sigma", defaultValue = "0", paramLabel = "SIGMA",
      description = "standard deviation of the Gaussian noise added (clipped to the data's range)")
  double sigma;

  @Option(names = "--mask", defaultValue = "0", paramLabel = "RATE",
      description = "share of values set to 0 (masking noise)")
  double mask;

  @Option(names = "--limit", defaultValue = "1000",
      description = "validation examples measured, the first N (default ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the corruption (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "-n", defaultValue = "10", description = "examples in the picture (default ${DEFAULT-VALUE})")
  int shown;

  @Option(names = "--out", paramLabel = "FILE.png", description = "also draw the picture")
  Path out;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    InputCorruption corruption = new InputCorruption(sigma, mask, seed);
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be positive, got " + limit);
    }
    if (against.size() > 8) {
      throw new IllegalArgumentException("--against takes at most 8 models, got " + against.size());
    }
    List<Map<String, Object>> results = new ArrayList<>();
    List<List<float[]>> rows = new ArrayList<>();
    List<String> rowNames = new ArrayList<>();
    Split clean;
    Split noisy;
    ImageGrid grid;
    try (VaeModel first = inputs.open()) {
      clean = inputs.examples(first).head(limit);
      noisy = corruption.apply(clean);
      int pictured = Math.min(shown, clean.count());
      if (pictured < 1 || pictured > 64) {
        throw new IllegalArgumentException("-n must be in 1..64, got " + shown);
      }
      grid = new ImageGrid(first.inputShape(), Math.max(1, 84 / Math.max(1, first.inputShape().get(0))));
      rows.add(firstRows(clean, pictured));
      rowNames.add("clean");
      rows.add(firstRows(noisy, pictured));
      rowNames.add("corrupted");
      Map<String, Object> baseline = new LinkedHashMap<>();
      baseline.put("model", "corrupted input itself");
      baseline.put("mse_per_pixel", mse(values(noisy), clean));
      results.add(baseline);
      measure(first, clean, noisy, pictured, results, rows, rowNames);
    }
    for (Path other : against) {
      try (VaeModel m = VaeModel.load(ModelPaths.resolveVersion(other))) {
        if (m.inputSize() != clean.exampleSize()) {
          throw new IllegalArgumentException(m.path() + " takes " + m.inputSize() + " values per example,"
              + " the data has " + clean.exampleSize());
        }
        measure(m, clean, noisy, Math.min(shown, clean.count()), results, rows, rowNames);
      }
    }
    if (out != null) {
      PictureWriter.write(grid.render("Denoising: " + corruption.description(), rows, rowNames, List.of()), out);
    }
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("corruption", corruption.description());
      o.put("sigma", sigma);
      o.put("mask", mask);
      o.put("examples", clean.count());
      o.put("models", results);
      Json.print(o);
    } else {
      System.out.printf(Locale.ROOT, "%s, first %d validation examples; mean squared error per value against"
          + " the clean example%n", corruption.description(), clean.count());
      System.out.printf(Locale.ROOT, "%-44s %-28s %14s %14s%n", "model", "trained", "corrupted in", "clean in");
      for (Map<String, Object> r : results) {
        System.out.printf(Locale.ROOT, "%-44s %-28s %14.5f %14s%n", r.get("model"),
            r.getOrDefault("trained", ""), (Double) r.get("mse_per_pixel"),
            r.containsKey("mse_per_pixel_clean")
                ? String.format(Locale.ROOT, "%.5f", (Double) r.get("mse_per_pixel_clean")) : "");
      }
    }
    return 0;
  }

  private static void measure(VaeModel m, Split clean, Split noisy, int pictured,
      List<Map<String, Object>> results, List<List<float[]>> rows, List<String> rowNames) {
    int[] labels = m.isConditional() ? clean.labels() : null;
    if (m.isConditional() && labels == null) {
      throw new IllegalArgumentException(m.path() + " is conditional and the examples have no labels");
    }
    float[][] fromNoisy = m.reconstruct(values(noisy), labels);
    float[][] fromClean = m.reconstruct(values(clean), labels);
    Map<String, Object> r = new LinkedHashMap<>();
    String name = m.path().getParent().getFileName() + "/" + m.path().getFileName();
    r.put("model", name);
    r.put("kind", m.manifest().config().kind().cliName());
    r.put("trained", trained(m));
    r.put("mse_per_pixel", mse(fromNoisy, clean));
    r.put("mse_per_pixel_clean", mse(fromClean, clean));
    results.add(r);
    List<float[]> row = new ArrayList<>();
    for (int i = 0; i < pictured; i++) {
      row.add(fromNoisy[i]);
    }
    rows.add(row);
    rowNames.add(name);
  }

  private static String trained(VaeModel m) {
    TrainingSettings s = m.manifest().training().settings();
    String kind = m.manifest().config().kind().cliName();
    if (s == null || !s.denoising()) {
      return kind + ", clean inputs";
    }
    List<String> parts = new ArrayList<>();
    if (s.maskRate() > 0) {
      parts.add("--mask " + s.maskRate());
    }
    if (s.denoiseSigma() > 0) {
      parts.add("--denoise " + s.denoiseSigma());
    }
    return kind + ", " + String.join(" ", parts);
  }

  private static List<float[]> firstRows(Split split, int n) {
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(split.example(i));
    }
    return out;
  }

  private static float[][] values(Split split) {
    float[][] out = new float[split.count()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = split.example(i);
    }
    return out;
  }

  private static double mse(float[][] got, Split clean) {
    double sum = 0;
    for (int i = 0; i < got.length; i++) {
      float[] x = clean.example(i);
      for (int j = 0; j < x.length; j++) {
        double d = got[i][j] - x[j];
        sum += d * d;
      }
    }
    return sum / ((double) got.length * clean.exampleSize());
  }

  /** Writes a picture as the picture commands do. */
  private static final class PictureWriter {
    static void write(java.awt.image.BufferedImage image, Path out) throws java.io.IOException {
      ImageGrid.write(image, out);
      System.err.println("wrote " + out + " (" + image.getWidth() + "×" + image.getHeight() + ")");
    }
  }
}
