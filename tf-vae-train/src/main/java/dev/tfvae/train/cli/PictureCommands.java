package dev.tfvae.train.cli;

import dev.tfvae.infer.Interpolation;
import dev.tfvae.infer.LatentSpace;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.LabelNames;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.pictures.ImageGrid;
import dev.tfvae.train.pictures.Pictures;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The commands that draw a model's pictures as PNG files. */
final class PictureCommands {
  private PictureCommands() {}

  /** The most examples one picture shows. */
  static final int MAX_TILES = 1024;

  private static int write(BufferedImage image, Path out) throws java.io.IOException {
    ImageGrid.write(image, out);
    System.err.println("wrote " + out + " (" + image.getWidth() + "×" + image.getHeight() + ")");
    return 0;
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "A grid of samples decoded from z ~ N(0, I).")
  static final class Generate implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder")
    Path model;

    @Option(names = "-n", defaultValue = "32", description = "number of samples (default ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.png") Path out;

    @Override
    public Integer call() throws Exception {
      if (n < 1 || n > MAX_TILES) {
        throw new IllegalArgumentException("-n must be in 1.." + MAX_TILES + ", got " + n);
      }
      try (VaeModel m = VaeModel.load(model)) {
        if (!m.isVariational()) {
          throw new IllegalArgumentException(
              m.path() + " is a plain autoencoder: it has no prior to sample from");
        }
        return write(new Pictures(m).samples(n, seed), out);
      }
    }
  }

  @Command(name = "reconstruct", mixinStandardHelpOptions = true,
      description = "Validation examples (top) above their reconstructions (bottom).")
  static final class Reconstruct implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Option(names = "-n", defaultValue = "20", description = "examples (default ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--out", required = true, paramLabel = "FILE.png") Path out;

    @Override
    public Integer call() throws Exception {
      try (VaeModel m = inputs.open()) {
        Split data = inputs.examples(m);
        if (n <= 0 || n > Math.min(MAX_TILES, data.count())) {
          throw new IllegalArgumentException(
              "-n must be in 1.." + Math.min(MAX_TILES, data.count()) + ", got " + n);
        }
        return write(new Pictures(m).reconstructions(data, n), out);
      }
    }
  }

  @Command(name = "interpolate", mixinStandardHelpOptions = true,
      description = "Decode along the straight line (or great circle) from μ of one example to another's.")
  static final class Interpolate implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Option(names = "--from", required = true, paramLabel = "I", description = "validation example index")
    int from;

    @Option(names = "--to", required = true, paramLabel = "J", description = "validation example index")
    int to;

    @Option(names = "--steps", defaultValue = "8", description = "decoded points (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--spherical", description = "great-circle interpolation instead of a straight line")
    boolean spherical;

    @Option(names = "--out", required = true, paramLabel = "FILE.png") Path out;

    @Override
    public Integer call() throws Exception {
      if (steps < 2 || steps > 64) {
        throw new IllegalArgumentException("--steps must be in 2..64, got " + steps);
      }
      try (VaeModel m = inputs.open()) {
        Split data = inputs.examples(m);
        float[] a = ModelInputs.example(data, from, "--from");
        float[] b = ModelInputs.example(data, to, "--to");
        Interpolation interpolation = spherical ? Interpolation.SPHERICAL : Interpolation.LINEAR;
        String caption =
            String.format(Locale.ROOT, "%s interpolation, example %d → %d",
                spherical ? "Spherical" : "Linear", from, to);
        return write(new Pictures(m).interpolation(a, b, steps, interpolation, caption), out);
      }
    }
  }

  @Command(name = "attribute", mixinStandardHelpOptions = true,
      description = "Add an attribute vector — mean μ of label B minus mean μ of label A — to an example"
          + " with growing strength.")
  static final class Attribute implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Option(names = "--from-label", required = true, paramLabel = "A", description = "label number or name")
    String fromLabel;

    @Option(names = "--to-label", required = true, paramLabel = "B", description = "label number or name")
    String toLabel;

    @Option(names = "--apply-to", required = true, paramLabel = "I", description = "validation example index")
    int applyTo;

    @Option(names = "--strengths", defaultValue = "0,0.25,0.5,0.75,1", split = ",",
        description = "strengths (default ${DEFAULT-VALUE})")
    List<Double> strengths;

    @Option(names = "--out", required = true, paramLabel = "FILE.png") Path out;

    @Override
    public Integer call() throws Exception {
      try (VaeModel m = inputs.open()) {
        Split data = inputs.examples(m);
        if (data.labels() == null) {
          throw new IllegalArgumentException("dataset " + inputs.datasetName(m) + " has no labels");
        }
        Map<Integer, String> names = inputs.labelNames(m);
        int a = label(fromLabel, names, "--from-label");
        int b = label(toLabel, names, "--to-label");
        float[] vector =
            new LatentSpace(m).attributeVector(group(data, a, "--from-label"), group(data, b, "--to-label"));
        float[] x = ModelInputs.example(data, applyTo, "--apply-to");
        String caption =
            String.format(Locale.ROOT, "Example %d + s·v, v = mean μ(%s) − mean μ(%s)", applyTo,
                LabelNames.name(names, b), LabelNames.name(names, a));
        double[] s = strengths.stream().mapToDouble(Double::doubleValue).toArray();
        return write(new Pictures(m).attribute(x, vector, s, caption), out);
      }
    }

    static int label(String text, Map<Integer, String> names, String option) {
      for (Map.Entry<Integer, String> e : names.entrySet()) {
        if (e.getValue().equalsIgnoreCase(text)) {
          return e.getKey();
        }
      }
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            option + " '" + text + "' is neither a label number nor one of " + names.values());
      }
    }

    /** Up to 2,000 validation examples with {@code label}. */
    static float[][] group(Split data, int label, String option) {
      List<float[]> rows = new ArrayList<>();
      for (int i = 0; i < data.count() && rows.size() < 2000; i++) {
        if (data.labels()[i] == label) {
          rows.add(data.example(i));
        }
      }
      if (rows.isEmpty()) {
        throw new IllegalArgumentException(option + ": no validation example has label " + label);
      }
      return rows.toArray(float[][]::new);
    }
  }

  @Command(name = "traverse", mixinStandardHelpOptions = true,
      description = "Vary each latent dimension of one example's μ over [−R, R] (one row per dimension).")
  static final class Traverse implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Option(names = "--index", required = true, paramLabel = "I", description = "validation example index")
    int index;

    @Option(names = "--range", defaultValue = "3", paramLabel = "R", description = "default ${DEFAULT-VALUE}")
    double range;

    @Option(names = "--steps", defaultValue = "7", description = "values per dimension (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--out", required = true, paramLabel = "FILE.png") Path out;

    @Override
    public Integer call() throws Exception {
      if (steps < 2 || steps > 32) {
        throw new IllegalArgumentException("--steps must be in 2..32, got " + steps);
      }
      if (!(range > 0) || !Double.isFinite(range)) {
        throw new IllegalArgumentException("--range must be a positive number, got " + range);
      }
      try (VaeModel m = inputs.open()) {
        float[] x = ModelInputs.example(inputs.examples(m), index, "--index");
        String caption = String.format(Locale.ROOT, "Traversal of example %d, each z_j over [%s, %s]", index, -range, range);
        return write(new Pictures(m).traversal(x, LatentSpace.range(-range, range, steps), caption), out);
      }
    }
  }

  @Command(name = "latent-map", mixinStandardHelpOptions = true,
      description = "Scatter of μ coloured by label (the first two principal components of μ when L > 2).")
  static final class LatentMap implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Option(names = "--limit", defaultValue = "3000", description = "examples plotted (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--out", required = true, paramLabel = "FILE.png") Path out;

    @Override
    public Integer call() throws Exception {
      if (limit <= 0) {
        throw new IllegalArgumentException("--limit must be positive, got " + limit);
      }
      try (VaeModel m = inputs.open()) {
        Split data = inputs.examples(m);
        String title = "Latent map of " + m.path().getParent().getFileName() + " on " + inputs.datasetName(m);
        return write(new Pictures(m).latentMap(data, limit, inputs.labelNames(m), title), out);
      }
    }
  }

  @Command(name = "loss-curves", mixinStandardHelpOptions = true,
      description = "Training objective and validation negative ELBO per epoch, from the manifest.")
  static final class LossCurves implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE.png") Path out;

    @Override
    public Integer call() throws Exception {
      Path version = dev.tfvae.infer.ModelPaths.resolveVersion(model);
      var manifest = dev.tfvae.core.contract.ModelManifest.read(version);
      return write(Pictures.lossCurves(manifest, "Loss curves of " + version), out);
    }
  }
}
