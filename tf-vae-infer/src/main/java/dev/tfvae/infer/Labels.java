package dev.tfvae.infer;

import static dev.tfvae.core.base.Preconditions.checkArgument;

import dev.tfvae.core.contract.SignatureContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The labels of a conditional model: how many values, their names, parsing a name or number, and the
 * one-hot rows its {@code label} inputs are fed. For an unconditional model (no classes) it only
 * refuses labels. Immutable.
 */
final class Labels {
  private final int classes;
  private final List<String> names;
  private final Path model;
  /** The one-hot row of each label value, shared by every feed (rows are read, never written). */
  private final float[][] oneHot;

  /**
   * @param classes label values of a conditional model, 0 for an unconditional one
   * @param names the name of each value, or empty (a list of another length is ignored)
   * @param model the model folder, for messages
   */
  Labels(int classes, List<String> names, Path model) {
    this.classes = classes;
    this.names = names.size() == classes ? List.copyOf(names) : List.of();
    this.model = model;
    this.oneHot = new float[classes][];
  }

  int classes() {
    return classes;
  }

  List<String> names() {
    return names;
  }

  /** Refuses a call without labels on a conditional model. */
  void requireNone() {
    if (classes > 0) {
      throw new IllegalArgumentException("model " + model + " is conditional (" + classes
          + " classes: " + known() + "): give each example's label");
    }
  }

  /**
   * Checks the labels of a call of {@code rows} rows: {@code null} exactly for an unconditional model,
   * one value in {@code 0..classes-1} per row otherwise.
   */
  void check(int[] labels, int rows) {
    if (labels == null) {
      requireNone();
      return;
    }
    checkArgument(classes > 0, "model %s is not conditional: it takes no labels", model);
    checkArgument(labels.length == rows, "%s labels for %s rows", labels.length, rows);
    for (int i = 0; i < labels.length; i++) {
      int v = labels[i];
      checkArgument(v >= 0 && v < classes, "label of row %s is %s; this model's labels are 0..%s (%s)",
          i, v, classes - 1, known());
    }
  }

  /** The feed of {@code labels} (already {@linkplain #check checked}) as one-hot rows. */
  Engine.FloatFeed feed(String tensor, int[] labels) {
    float[][] rows = new float[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      rows[i] = oneHot(labels[i]);
    }
    return new Engine.FloatFeed(tensor, rows, new long[] {classes}, (row, index) -> {});
  }

  private float[] oneHot(int label) {
    synchronized (oneHot) {
      if (oneHot[label] == null) {
        float[] row = new float[classes];
        row[label] = 1f;
        oneHot[label] = row;
      }
      return oneHot[label];
    }
  }

  /** The value named {@code text}: a name in any case, or a number. */
  int parse(String text) {
    if (classes == 0) {
      throw new UnsupportedOperationException(
          "model " + model + " is not conditional: it takes no " + SignatureContract.LABEL);
    }
    checkArgument(text != null && !text.isBlank(), "no label given; this model's labels are %s", known());
    String t = text.strip();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(t)) {
        return i;
      }
    }
    try {
      int v = Integer.parseInt(t);
      if (v >= 0 && v < classes) {
        return v;
      }
    } catch (NumberFormatException e) {
      // not a number: reported below
    }
    throw new IllegalArgumentException(
        "unknown label '" + t + "'; this model's labels are " + known());
  }

  /** The name of {@code label}, or its number. */
  String name(int label) {
    checkArgument(label >= 0 && label < classes, "label %s is outside 0..%s", label, classes - 1);
    return names.isEmpty() ? Integer.toString(label) : names.get(label);
  }

  /** The known labels, for messages: {@code 0 T-shirt/top, 1 Trouser, …} or {@code 0..9}. */
  String known() {
    if (names.isEmpty()) {
      return "0.." + (classes - 1);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(String.format(Locale.ROOT, "%d %s", i, names.get(i)));
    }
    return String.join(", ", out);
  }
}
