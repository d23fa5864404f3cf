package dev.tfvae.train.cli;

import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.data.Split;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * {@code --label} of the commands that run a conditional model: the label every example is encoded and
 * decoded with, by name (any case) or number. Without it each example keeps its own label (of the
 * dataset, a CSV label column or class sub-folders); examples without labels need it. An unconditional
 * model refuses it.
 */
final class LabelOption {
  @Option(names = "--label", paramLabel = "NAME|N",
      description = "conditional models: the label to encode and decode with, a name (any case) or"
          + " number (default: each example's own label)")
  String label;

  /** The label to use for example {@code index} of {@code data}; {@code null} for an unconditional model. */
  Integer forExample(VaeModel m, Split data, int index) {
    int[] labels = forRows(m, data, index, index + 1);
    return labels == null ? null : labels[0];
  }

  /**
   * The labels of examples {@code [start, end)} of {@code data}: {@code --label} for each, else their own;
   * {@code null} for an unconditional model.
   *
   * @throws IllegalArgumentException for {@code --label} with an unconditional model, an unknown label,
   *     or a conditional model's examples without labels and no {@code --label}
   */
  int[] forRows(VaeModel m, Split data, int start, int end) {
    if (!m.isConditional()) {
      if (label != null) {
        throw new IllegalArgumentException(
            "--label: " + m.path() + " is not a conditional model; it takes no label");
      }
      return null;
    }
    if (label != null) {
      int[] out = new int[end - start];
      Arrays.fill(out, parse(m));
      return out;
    }
    if (data.labels() == null) {
      throw new IllegalArgumentException(
          m.path() + " is a conditional model and these examples have no labels: give --label ("
              + known(m) + ")");
    }
    int[] out = Arrays.copyOfRange(data.labels(), start, end);
    for (int i = 0; i < out.length; i++) {
      if (out[i] < 0 || out[i] >= m.classes()) {
        throw new IllegalArgumentException(
            "example " + (start + i) + " has label " + out[i] + ", which " + m.path()
                + " does not know (" + known(m) + "); give --label");
      }
    }
    return out;
  }

  /** {@code --label} resolved on {@code m}, or {@code null} when not given. */
  Integer given(VaeModel m) {
    if (label == null) {
      return null;
    }
    if (!m.isConditional()) {
      throw new IllegalArgumentException(
          "--label: " + m.path() + " is not a conditional model; it takes no label");
    }
    return parse(m);
  }

  private int parse(VaeModel m) {
    try {
      return m.label(label);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--label: " + e.getMessage(), e);
    }
  }

  static String known(VaeModel m) {
    if (m.labelNames().isEmpty()) {
      return "labels 0.." + (m.classes() - 1);
    }
    StringBuilder s = new StringBuilder("labels ");
    for (int i = 0; i < m.labelNames().size(); i++) {
      s.append(i == 0 ? "" : ", ").append(i).append(' ').append(m.labelNames().get(i));
    }
    return s.toString();
  }
}
