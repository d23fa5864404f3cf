package dev.tfvae.train.pictures;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.infer.Interpolation;
import dev.tfvae.infer.LatentSpace;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.analysis.Pca;
import dev.tfvae.train.data.Split;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pictures of a loaded model: prior samples, reconstructions, interpolations, attribute edits,
 * traversals, the latent map and loss curves. Inputs are examples in the model's own units (what
 * {@link VaeModel} takes); table rows are drawn standardised.
 */
public final class Pictures {
  /** Screen pixels an image example is scaled to (at least), so 28×28 becomes 84×84. */
  private static final int TARGET_PIXELS = 84;

  private final VaeModel model;
  private final LatentSpace space;
  private final ImageGrid grid;
  private final ModelManifest.Standardization standardization;

  public Pictures(VaeModel model) {
    this.model = model;
    this.space = new LatentSpace(model);
    List<Integer> shape = model.inputShape();
    boolean image = shape.size() == 2 || shape.size() == 3;
    int largest = image ? Math.max(shape.get(0), shape.get(1)) : 1;
    this.grid = new ImageGrid(shape, image ? Math.max(1, TARGET_PIXELS / largest) : 12);
    this.standardization = model.manifest().preprocessing().standardization();
  }

  /** What is drawn for an example: itself, or standardised for a table model. */
  private List<float[]> shown(float[]... rows) {
    List<float[]> out = new ArrayList<>();
    for (float[] row : rows) {
      if (standardization == null) {
        out.add(row);
      } else {
        float[] s = new float[row.length];
        for (int j = 0; j < row.length; j++) {
          s[j] = (float) ((row[j] - standardization.mean().get(j)) / standardization.std().get(j));
        }
        out.add(s);
      }
    }
    return out;
  }

  /**
   * {@code n} samples from the prior in rows of up to 8; of a conditional model, {@code ⌈n / classes⌉}
   * per class (at most 8), one row per class ({@link #classSamples}).
   */
  public BufferedImage samples(int n, long seed) {
    if (model.isConditional()) {
      return classSamples(Math.max(1, Math.min(8, (n + model.classes() - 1) / model.classes())), seed);
    }
    return grid(model.generate(n, seed),
        String.format(Locale.ROOT, "%d samples, z ~ N(0, I), seed %d", n, seed));
  }

  /** {@code n} samples of class {@code label} from a conditional model, in rows of up to 8. */
  public BufferedImage samples(int label, int n, long seed) {
    return grid(model.generate(label, n, seed),
        String.format(Locale.ROOT, "%d samples of %s, z ~ N(0, I), seed %d", n, model.labelName(label),
            seed));
  }

  /**
   * A conditional model's class grid: one row per class, {@code perClass} samples each, decoded from
   * the same codes z ~ N(0, I) in every row (so a column shows one code in every class).
   */
  public BufferedImage classSamples(int perClass, long seed) {
    List<List<float[]>> rows = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int c = 0; c < model.classes(); c++) {
      rows.add(shown(model.generate(c, perClass, seed)));
      names.add(model.labelName(c));
    }
    return grid.render(
        String.format(Locale.ROOT, "%d samples per class, z ~ N(0, I), seed %d (a column: one z)",
            perClass, seed),
        rows, names, List.of());
  }

  /**
   * "Same style, other class": one row per example — the input, then its code μ (encoded with its own
   * label) decoded with each class in turn.
   */
  public BufferedImage otherClasses(float[][] xs, int[] labels, String caption) {
    checkArgument(xs.length == labels.length && xs.length > 0, "%s examples, %s labels", xs.length,
        labels.length);
    List<List<float[]>> rows = new ArrayList<>();
    List<String> rowNames = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      List<float[]> row = new ArrayList<>(shown(xs[i]));
      row.addAll(shown(space.otherClasses(xs[i], labels[i])));
      rows.add(row);
      rowNames.add(model.labelName(labels[i]));
    }
    List<String> columns = new ArrayList<>();
    columns.add("input");
    for (int c = 0; c < model.classes(); c++) {
      columns.add(model.labelName(c));
    }
    return grid.render(caption, rows, rowNames, columns);
  }

  private BufferedImage grid(float[][] samples, String title) {
    int n = samples.length;
    List<List<float[]>> rows = new ArrayList<>();
    for (int start = 0; start < n; start += 8) {
      rows.add(shown(Arrays.copyOfRange(samples, start, Math.min(n, start + 8))));
    }
    return grid.render(title, rows, List.of(), List.of());
  }

  /** The labels of a conditional model's examples (the first {@code n} of {@code data}), else null. */
  private int[] labelsOf(Split data, int n) {
    if (!model.isConditional()) {
      return null;
    }
    checkArgument(data.labels() != null,
        "the model is conditional (%s classes) but the examples have no labels", model.classes());
    return Arrays.copyOf(data.labels(), n);
  }

  /** The first {@code n} examples of {@code data} (top) above their reconstructions from μ (bottom). */
  public BufferedImage reconstructions(Split data, int n) {
    checkArgument(n > 0 && n <= data.count(), "n must be in 1..%s, got %s", data.count(), n);
    float[][] originals = new float[n][];
    for (int i = 0; i < n; i++) {
      originals[i] = data.example(i);
    }
    float[][] reconstructed = model.reconstruct(originals, labelsOf(data, n));
    List<List<float[]>> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int start = 0; start < n; start += 10) {
      int end = Math.min(n, start + 10);
      rows.add(shown(Arrays.copyOfRange(originals, start, end)));
      labels.add("input");
      rows.add(shown(Arrays.copyOfRange(reconstructed, start, end)));
      labels.add("decoded μ");
    }
    return grid.render("Inputs and reconstructions", rows, labels, List.of());
  }

  /** Decodes along μ(a) → μ(b); the two inputs are shown at the ends. */
  public BufferedImage interpolation(float[] a, float[] b, int steps, Interpolation interpolation, String caption) {
    return interpolation(a, b, null, steps, interpolation, caption);
  }

  /**
   * Decodes along μ(a) → μ(b), for a conditional model with {@code label} fixed (encoded and decoded
   * with it; {@code null} for an unconditional model).
   */
  public BufferedImage interpolation(
      float[] a, float[] b, Integer label, int steps, Interpolation interpolation, String caption) {
    float[][] decoded = label == null
        ? space.interpolate(a, b, steps, interpolation)
        : space.interpolate(a, b, label, steps, interpolation);
    List<float[]> row = new ArrayList<>(shown(a));
    row.addAll(shown(decoded));
    row.addAll(shown(b));
    List<String> columns = new ArrayList<>();
    columns.add("input A");
    for (int s = 0; s < steps; s++) {
      columns.add(String.format(Locale.ROOT, "t=%.2f", s / (double) (steps - 1)));
    }
    columns.add("input B");
    return grid.render(caption, List.of(row), List.of(), columns);
  }

  /** The input, then μ + s·vector decoded for each strength s. */
  public BufferedImage attribute(float[] x, float[] vector, double[] strengths, String caption) {
    float[][] edited = space.applyAttribute(x, vector, strengths);
    List<float[]> row = new ArrayList<>(shown(x));
    row.addAll(shown(edited));
    List<String> columns = new ArrayList<>();
    columns.add("input");
    for (double s : strengths) {
      columns.add(String.format(Locale.ROOT, "+%.2f·v", s));
    }
    return grid.render(caption, List.of(row), List.of(), columns);
  }

  /** One row per latent dimension, μ(x) with that dimension set to each of {@code values}. */
  public BufferedImage traversal(float[] x, double[] values, String caption) {
    return traversal(x, null, values, caption);
  }

  /** {@link #traversal(float[], double[], String)} with {@code label} fixed (a conditional model). */
  public BufferedImage traversal(float[] x, Integer label, double[] values, String caption) {
    List<String> labels = new ArrayList<>();
    for (int j = 0; j < model.latentDim(); j++) {
      labels.add("z" + j);
    }
    return traversal(x, label, values, caption, labels);
  }

  /** {@link #traversal(float[], double[], String)} with a label per row (latent dimension). */
  public BufferedImage traversal(float[] x, double[] values, String caption, List<String> rowLabels) {
    return traversal(x, null, values, caption, rowLabels);
  }

  /**
   * The traversal of {@code x}, for a conditional model with {@code label} fixed ({@code null} for an
   * unconditional model), one row per latent dimension labelled {@code rowLabels}.
   */
  public BufferedImage traversal(
      float[] x, Integer label, double[] values, String caption, List<String> rowLabels) {
    checkArgument(rowLabels.size() == model.latentDim(), "%s row labels for %s latent dimensions",
        rowLabels.size(), model.latentDim());
    float[][][] t = space.traverse(x, label, values);
    List<List<float[]>> rows = new ArrayList<>();
    for (float[][] row : t) {
      rows.add(shown(row));
    }
    List<String> columns = new ArrayList<>();
    for (double v : values) {
      columns.add(String.format(Locale.ROOT, "%+.1f", v));
    }
    return grid.render(caption, rows, rowLabels, columns);
  }

  /**
   * μ of up to {@code limit} examples of {@code data} on two axes — the latent dimensions themselves when
   * L = 2, else the first two principal components of μ — coloured by label.
   */
  public BufferedImage latentMap(Split data, int limit, Map<Integer, String> labelNames, String title) {
    Split head = data.head(limit);
    float[][] xs = new float[head.count()][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = head.example(i);
    }
    float[][] codes = model.embed(xs, labelsOf(head, xs.length));
    float[][] points = project(codes);
    boolean pca = model.latentDim() > 2;
    return Charts.latentMap(
        title, pca ? "PC 1 of μ" : "z0", pca ? "PC 2 of μ" : "z1", points, head.labels(), labelNames);
  }

  /** The codes themselves when they are 2-D (or 1-D, padded with 0), else their first two PCs. */
  public static float[][] project(float[][] codes) {
    int dims = codes[0].length;
    if (dims <= 2) {
      float[][] out = new float[codes.length][2];
      for (int i = 0; i < codes.length; i++) {
        out[i][0] = codes[i][0];
        out[i][1] = dims == 2 ? codes[i][1] : 0;
      }
      return out;
    }
    float[] flat = new float[codes.length * dims];
    for (int i = 0; i < codes.length; i++) {
      System.arraycopy(codes[i], 0, flat, i * dims, dims);
    }
    Pca pca = Pca.fit(new Split(flat, dims, null), 2);
    float[][] out = new float[codes.length][];
    for (int i = 0; i < codes.length; i++) {
      out[i] = pca.project(codes[i]);
    }
    return out;
  }

  /** The per-epoch curves recorded in the manifest. */
  public static BufferedImage lossCurves(ModelManifest manifest, String title) {
    checkArgument(
        !manifest.history().isEmpty(),
        "the manifest has no per-epoch history (the model was exported by an older tf-vae)");
    return Charts.lossCurves(title, manifest.history());
  }
}
