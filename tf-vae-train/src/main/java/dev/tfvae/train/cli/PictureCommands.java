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
      description = {"Samples decoded from z ~ N(0, I): a PNG grid for an image model; for a table model,"
          + " --out FILE.csv writes them as CSV rows under the table's column names, in its own units."})
  static final class Generate implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder")
    Path model;

    @Option(names = "-n", defaultValue = "32",
        description = "number of samples (default ${DEFAULT-VALUE}; at most " + MAX_TILES + " in a picture,"
            + " " + MAX_ROWS + " in a CSV file)")
    int n;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--label", paramLabel = "NAME|N",
        description = "conditional models: samples of this class, by name (any case) or number (default:"
            + " a grid with one row per class, ⌈n / classes⌉ samples each)")
    String label;

    @Option(names = "--out", required = true, paramLabel = "FILE.png|FILE.csv",
        description = "a PNG picture, or for a table model a CSV file (- for stdout)")
    Path out;

    @Override
    public Integer call() throws Exception {
      boolean csv = TableCommands.isCsv(out);
      int max = csv ? MAX_ROWS : MAX_TILES;
      if (n < 1 || n > max) {
        throw new IllegalArgumentException("-n must be in 1.." + max + ", got " + n);
      }
      try (VaeModel m = VaeModel.load(model)) {
        if (!m.isVariational()) {
          throw new IllegalArgumentException(
              m.path() + " is a plain autoencoder: it has no prior to sample from");
        }
        LabelOption option = new LabelOption();
        option.label = label;
        Integer chosen = option.given(m);
        if (!csv) {
          if (m.inputShape().size() == 1) {
            System.err.println("(" + m.path() + " is a table model: --out FILE.csv writes its samples as"
                + " rows under the column names)");
          }
          Pictures pictures = new Pictures(m);
          return write(chosen == null ? pictures.samples(n, seed) : pictures.samples(chosen, n, seed), out);
        }
        List<String> columns = tableColumns(m, "generate");
        if (m.isConditional() && chosen == null) {
          throw new IllegalArgumentException(
              m.path() + " is a conditional model: give --label for CSV samples (" + LabelOption.known(m) + ")");
        }
        float[][] samples = chosen == null ? m.generate(n, seed) : m.generate(chosen, n, seed);
        TableCommands.writeCsv(out, columns, seq -> {
          for (float[] sample : samples) {
            List<Object> row = new ArrayList<>();
            for (float v : sample) {
              row.add(v);
            }
            seq.write(row);
          }
        });
        return 0;
      }
    }
  }

  /** The most rows {@code generate} writes to a CSV file (one call of the model). */
  static final int MAX_ROWS = 65_536;

  /** A table model's column names; an image model is refused for CSV output. */
  private static List<String> tableColumns(VaeModel m, String command) {
    if (m.inputShape().size() != 1) {
      throw new IllegalArgumentException(
          m.path() + " takes " + InputFiles.describe(m) + "; " + command + " draws them as a PNG picture"
              + " (--out FILE.png), CSV output is for table models");
    }
    return InputFiles.featureColumns(m.manifest(), m.inputSize());
  }

  /** How a caption names example {@code i}: "example 3", or its file name. */
  private static String name(Examples data, int i) {
    if (data.sources() == null) {
      return "example " + i;
    }
    String source = data.sources().get(i);
    Path file = Path.of(source);
    return file.getFileName() == null ? source : file.getFileName().toString();
  }

  @Command(name = "reconstruct", mixinStandardHelpOptions = true,
      description = {"Examples (top) above their reconstructions from μ (bottom): validation examples, or"
          + " your own --input files.", "For a table model, --out FILE.csv writes the reconstructed rows"
          + " under the table's column names, in its own units."})
  static final class Reconstruct implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Mixin InputFiles own;

    @Option(names = "-n", paramLabel = "N",
        description = "examples (default 20 of a dataset; with --input, every input; at most " + MAX_TILES
            + " in a picture)")
    Integer n;

    @Mixin LabelOption label;

    @Option(names = "--out", required = true, paramLabel = "FILE.png|FILE.csv",
        description = "a PNG picture, or for a table model a CSV file (- for stdout)")
    Path out;

    @Override
    public Integer call() throws Exception {
      boolean csv = TableCommands.isCsv(out);
      try (VaeModel m = inputs.open()) {
        List<String> columns = csv ? tableColumns(m, "reconstruct") : null;
        Examples data = own.examples(m, inputs);
        int max = csv ? data.count() : Math.min(MAX_TILES, data.count());
        int count = n != null ? n : own.given() ? max : Math.min(20, max);
        if (count <= 0 || count > max) {
          throw new IllegalArgumentException("-n must be in 1.." + max + ", got " + count);
        }
        int[] labels = label.forRows(m, data.split(), 0, count);
        Split shown = labels == null ? data.split() : withLabels(data.split().head(count), labels);
        if (!csv) {
          return write(new Pictures(m).reconstructions(shown, count), out);
        }
        float[][] xs = new float[count][];
        for (int i = 0; i < count; i++) {
          xs[i] = data.split().example(i);
        }
        float[][] decoded = m.reconstruct(xs, labels);
        TableCommands.writeCsv(out, TableCommands.header(data, columns), seq -> {
          for (int i = 0; i < count; i++) {
            List<Object> row = TableCommands.prefix(data, i);
            for (float v : decoded[i]) {
              row.add(v);
            }
            seq.write(row);
          }
        });
        return 0;
      }
    }
  }

  @Command(name = "interpolate", mixinStandardHelpOptions = true,
      description = "Decode along the straight line (or great circle) from μ of one example to another's.")
  static final class Interpolate implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Mixin InputFiles own;

    @Option(names = "--from", defaultValue = "0", paramLabel = "I",
        description = "index of the first example, validation or --input (default ${DEFAULT-VALUE})")
    int from;

    @Option(names = "--to", defaultValue = "1", paramLabel = "J",
        description = "index of the last example (default ${DEFAULT-VALUE})")
    int to;

    @Option(names = "--steps", defaultValue = "8", description = "decoded points (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--spherical", description = "great-circle interpolation instead of a straight line")
    boolean spherical;

    @Mixin LabelOption label;

    @Option(names = "--out", required = true, paramLabel = "FILE.png") Path out;

    @Override
    public Integer call() throws Exception {
      if (steps < 2 || steps > 64) {
        throw new IllegalArgumentException("--steps must be in 2..64, got " + steps);
      }
      try (VaeModel m = inputs.open()) {
        Examples data = own.examples(m, inputs);
        float[] a = ModelInputs.example(data, from, "--from");
        float[] b = ModelInputs.example(data, to, "--to");
        Interpolation interpolation = spherical ? Interpolation.SPHERICAL : Interpolation.LINEAR;
        Integer fixed = label.forExample(m, data.split(), from);
        String caption =
            String.format(Locale.ROOT, "%s interpolation, %s → %s%s",
                spherical ? "Spherical" : "Linear", name(data, from), name(data, to),
                fixed == null ? "" : ", label " + m.labelName(fixed));
        return write(new Pictures(m).interpolation(a, b, fixed, steps, interpolation, caption), out);
      }
    }
  }

  @Command(name = "attribute", mixinStandardHelpOptions = true,
      description = "Add an attribute vector — mean μ of label B minus mean μ of label A — to an example"
          + " with growing strength.")
  static final class Attribute implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Option(names = "--input", paramLabel = "FILE|DIR",
        description = "apply the vector to your own examples (repeatable; --apply-to indexes them): PNG/JPEG"
            + " files or folders for an image model, CSV rows for a table model. The labels' groups"
            + " still come from the validation split")
    List<Path> input;

    @Option(names = "--from-label", required = true, paramLabel = "A", description = "label number or name")
    String fromLabel;

    @Option(names = "--to-label", required = true, paramLabel = "B", description = "label number or name")
    String toLabel;

    @Option(names = "--apply-to", defaultValue = "0", paramLabel = "I",
        description = "index of the example to edit, validation or --input (default ${DEFAULT-VALUE})")
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
        Map<Integer, String> legend = inputs.legendNames(m);
        int a = label(fromLabel, names, data, "--from-label");
        int b = label(toLabel, names, data, "--to-label");
        float[] vector =
            new LatentSpace(m).attributeVector(group(data, a, "--from-label"), group(data, b, "--to-label"));
        Examples targets = inputs.labelled(m);
        if (input != null && !input.isEmpty()) {
          InputFiles files = new InputFiles();
          files.paths = input;
          targets = files.read(m);
        }
        float[] x = ModelInputs.example(targets, applyTo, "--apply-to");
        String caption =
            String.format(Locale.ROOT, "%s + s·v, v = mean μ(%s) − mean μ(%s)",
                targets.sources() == null ? "Example " + applyTo : name(targets, applyTo), LabelNames.name(legend, b), LabelNames.name(legend, a));
        double[] s = strengths.stream().mapToDouble(Double::doubleValue).toArray();
        return write(new Pictures(m).attribute(x, vector, s, caption), out);
      }
    }

    /** A label given by name (any case) or number; an unknown one lists the data's labels. */
    static int label(String text, Map<Integer, String> names, Split data, String option) {
      for (Map.Entry<Integer, String> e : names.entrySet()) {
        if (e.getValue().equalsIgnoreCase(text)) {
          return e.getKey();
        }
      }
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        String known = names.isEmpty()
            ? "the labels of this data are numbers: " + java.util.Arrays.stream(data.labels()).distinct()
                .sorted().mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", "))
            : "the labels are " + String.join(", ", names.values()) + " (or their numbers 0.."
                + (names.size() - 1) + ")";
        throw new IllegalArgumentException(option + " '" + text + "' is not a label: " + known);
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

    @Mixin InputFiles own;

    @Option(names = "--index", defaultValue = "0", paramLabel = "I",
        description = "index of the example, validation or --input (default ${DEFAULT-VALUE})")
    int index;

    @Option(names = "--range", defaultValue = "3", paramLabel = "R", description = "default ${DEFAULT-VALUE}")
    double range;

    @Option(names = "--steps", defaultValue = "7", description = "values per dimension (default ${DEFAULT-VALUE})")
    int steps;

    @Mixin LabelOption label;

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
        Examples data = own.examples(m, inputs);
        float[] x = ModelInputs.example(data, index, "--index");
        Integer fixed = label.forExample(m, data.split(), index);
        String caption = String.format(Locale.ROOT, "Traversal of %s, each z_j over [%s, %s]%s",
            name(data, index), -range, range, fixed == null ? "" : ", label " + m.labelName(fixed));
        return write(
            new Pictures(m).traversal(x, fixed, LatentSpace.range(-range, range, steps), caption), out);
      }
    }
  }

  /** {@code split} with {@code labels} in place of its own. */
  static Split withLabels(Split split, int[] labels) {
    return new Split(split.values(), split.exampleSize(), labels);
  }

  @Command(name = "restyle", mixinStandardHelpOptions = true,
      description = {"Same style, other class (conditional models): each example encoded with its own label,"
          + " its μ decoded with every label in turn — one row per example, one column per class."})
  static final class Restyle implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Mixin InputFiles own;

    @Mixin LabelOption label;

    @Option(names = "-n", defaultValue = "8", paramLabel = "N",
        description = "examples, the first N (default ${DEFAULT-VALUE}; at most 64)")
    int n;

    @Option(names = "--out", required = true, paramLabel = "FILE.png") Path out;

    @Override
    public Integer call() throws Exception {
      try (VaeModel m = inputs.open()) {
        if (!m.isConditional()) {
          throw new IllegalArgumentException(
              m.path() + " is not a conditional model (train it with --conditional): it has no class to"
                  + " change");
        }
        Examples data = own.examples(m, inputs);
        int max = Math.min(64, data.count());
        if (n < 1 || n > max) {
          throw new IllegalArgumentException("-n must be in 1.." + max + ", got " + n);
        }
        if ((long) n * (m.classes() + 1) > MAX_TILES) {
          throw new IllegalArgumentException(
              n + " examples × " + (m.classes() + 1) + " columns is more than " + MAX_TILES + " tiles");
        }
        int[] labels = label.forRows(m, data.split(), 0, n);
        float[][] xs = new float[n][];
        for (int i = 0; i < n; i++) {
          xs[i] = data.split().example(i);
        }
        return write(new Pictures(m).otherClasses(xs, labels,
            "Same style, other class: " + m.path().getParent().getFileName()), out);
      }
    }
  }

  @Command(name = "latent-map", mixinStandardHelpOptions = true,
      description = "Scatter of μ coloured by label (the first two principal components of μ when L > 2).")
  static final class LatentMap implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Mixin InputFiles own;

    @Option(names = "--limit", defaultValue = "3000", description = "examples plotted (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--out", required = true, paramLabel = "FILE.png") Path out;

    @Override
    public Integer call() throws Exception {
      if (limit <= 0) {
        throw new IllegalArgumentException("--limit must be positive, got " + limit);
      }
      try (VaeModel m = inputs.open()) {
        Examples data = own.examples(m, inputs);
        String title = "Latent map of " + m.path().getParent().getFileName() + " on "
            + (own.given() ? data.description() : inputs.datasetName(m));
        Map<Integer, String> legend = own.given() ? data.labelNames() : inputs.legendNames(m);
        if (legend.isEmpty() && own.given()) {
          String column = InputFiles.labelColumnName(m.manifest().dataset());
          legend = column == null ? legend : ModelInputs.legend(data.split(), column);
        }
        return write(new Pictures(m).latentMap(data.split(), limit, legend, title), out);
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
