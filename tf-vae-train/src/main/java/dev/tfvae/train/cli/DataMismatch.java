package dev.tfvae.train.cli;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Says why data does not fit a model, and how to fix it: which columns differ between a table and a
 * table model (and whether a label column is the cause), or what image size and channels each has.
 */
final class DataMismatch {
  /** At most this many distinct whole numbers make a column look like labels. */
  private static final int MAX_LABEL_VALUES = 50;

  private DataMismatch() {}

  /** Throws {@link IllegalArgumentException} explaining the mismatch when {@code data} does not fit. */
  static void check(Dataset data, ModelManifest model, Path version) {
    if (data.exampleSize() == sizeOf(model.config().inputShape()) && sameColumns(data, model)) {
      return;
    }
    throw new IllegalArgumentException(describe(data, model, version));
  }

  static String describe(Dataset data, ModelManifest model, Path version) {
    List<Integer> expected = model.config().inputShape();
    String head = "dataset " + data.name() + " does not fit model " + version + " (trained on "
        + model.dataset().name() + "): ";
    boolean dataTable = data.exampleShape().size() == 1;
    boolean modelTable = expected.size() == 1;
    if (dataTable && modelTable) {
      return head + columns(data, model);
    }
    if (!dataTable && !modelTable) {
      return head + "its examples are " + InputFiles.imageShape(data.exampleShape())
          + " images, the model takes " + InputFiles.imageShape(expected) + " images; use data of that"
          + " size and colour, or a model trained on this data";
    }
    String have = dataTable
        ? "table rows of " + data.exampleSize() + " columns" : InputFiles.imageShape(data.exampleShape()) + " images";
    String want = modelTable
        ? "table rows of " + expected.get(0) + " columns (" + String.join(", ", modelColumns(model)) + ")"
        : InputFiles.imageShape(expected) + " images";
    return head + "it holds " + have + ", the model takes " + want;
  }

  private static String columns(Dataset data, ModelManifest model) {
    List<String> want = modelColumns(model);
    ModelManifest.Standardization s = data.preprocessing().standardization();
    List<String> have = s == null ? List.of() : s.columns();
    List<String> extra = minus(have, want);
    List<String> missing = minus(want, have);
    StringBuilder m = new StringBuilder(
        have.size() == want.size() && extra.isEmpty()
            ? "the data has the model's columns in another order (" + String.join(", ", have)
                + "); the model takes " + String.join(", ", want) + "."
            : have.size() == want.size()
                ? "the data's feature columns are not the model's."
                : String.format(Locale.ROOT, "the data has %d feature columns, the model takes %d.",
                    have.size(), want.size()));
    if (extra.size() == have.size() && missing.size() == want.size()) {
      return m.append(" They have no column in common: the model's columns are ")
          .append(String.join(", ", want)).append('.').toString();
    }
    if (!extra.isEmpty()) {
      m.append(" Not columns of the model: ").append(String.join(", ", extra)).append('.');
    }
    if (!missing.isEmpty()) {
      m.append(" Missing: ").append(String.join(", ", missing)).append('.');
    }
    String modelLabel = InputFiles.labelColumnName(model.dataset());
    String dataLabel = data.setup().labelColumn();
    if (modelLabel != null && extra.contains(modelLabel)) {
      m.append(' ').append(modelLabel).append(" is the label column the model was trained with: pass"
          + " --label-column ").append(modelLabel).append('.');
    } else if (dataLabel != null && missing.contains(dataLabel)) {
      m.append(' ').append(dataLabel).append(" is a feature of the model, not a label: drop --label-column ")
          .append(dataLabel).append('.');
    } else {
      for (String column : extra) {
        int distinct = wholeNumberValues(data.train(), have.indexOf(column));
        if (distinct > 0) {
          m.append(String.format(Locale.ROOT, " %s holds only whole numbers (%d distinct values), as a"
              + " label column would: if it is one, pass --label-column %s.", column, distinct, column));
          break;
        }
      }
    }
    if (extra.isEmpty() && missing.isEmpty() && have.size() != want.size()) {
      m.append(" The model's columns are ").append(String.join(", ", want)).append('.');
    }
    return m.toString();
  }

  /**
   * Whether a table has the model's columns in its order; true for other data, and when either side has
   * no header (its columns are only numbered).
   */
  private static boolean sameColumns(Dataset data, ModelManifest model) {
    ModelManifest.Standardization s = data.preprocessing().standardization();
    if (s == null || model.config().inputShape().size() != 1) {
      return true;
    }
    List<String> want = modelColumns(model);
    return numbered(s.columns()) || numbered(want) || s.columns().equals(want);
  }

  private static boolean numbered(List<String> columns) {
    for (int i = 0; i < columns.size(); i++) {
      if (!columns.get(i).equals("column" + i)) {
        return false;
      }
    }
    return true;
  }

  /** Distinct values of a column when all are whole numbers and few, else 0. */
  private static int wholeNumberValues(Split split, int column) {
    Set<Float> seen = new HashSet<>();
    int d = split.exampleSize();
    for (int i = column; i < split.values().length; i += d) {
      float v = split.values()[i];
      if (v != Math.rint(v) || (seen.add(v) && seen.size() > MAX_LABEL_VALUES)) {
        return 0;
      }
    }
    return seen.size();
  }

  private static List<String> modelColumns(ModelManifest model) {
    return InputFiles.featureColumns(model, sizeOf(model.config().inputShape()));
  }

  private static List<String> minus(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.removeAll(b);
    return out;
  }

  private static int sizeOf(List<Integer> shape) {
    return shape.stream().reduce(1, Math::multiplyExact);
  }
}
