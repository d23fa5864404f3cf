package dev.tfvae.train.cli;

import dev.tfvae.train.data.LabelNames;
import dev.tfvae.train.data.Split;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The examples a command runs a model on: the validation split of a dataset, or the user's own files
 * ({@code --input}), with the names of their labels and, for files, where each example came from.
 *
 * @param description what they are, for captions and messages ("dataset shapes, validation split")
 * @param split the examples in the model's units, with integer labels or none
 * @param labelNames label value → name (empty when the labels are plain numbers)
 * @param sources where each example came from ({@code img.png}, {@code rows.csv:3}), or {@code null}
 *     for a dataset's split
 */
record Examples(String description, Split split, Map<Integer, String> labelNames, List<String> sources) {
  Examples {
    labelNames = Map.copyOf(labelNames);
    sources = sources == null ? null : List.copyOf(sources);
  }

  int count() {
    return split.count();
  }

  boolean hasLabels() {
    return split.labels() != null;
  }

  /** The label of example {@code i} as people read it: its name, else its number. */
  String label(int i) {
    int value = split.labels()[i];
    return labelNames.containsKey(value) ? labelNames.get(value) : Integer.toString(value);
  }

  /**
   * Examples whose labels are given as text (a CSV file's label column): values are the positions of
   * the texts in {@code knownNames} (the model's label names) when every text is one of them, else the
   * texts as integers when each is one, else each distinct text's index in sorted order.
   */
  static Examples withTextLabels(
      String description, Split split, List<String> texts, List<String> knownNames, List<String> sources) {
    int[] values = new int[texts.size()];
    Map<Integer, String> names;
    if (knownNames.containsAll(texts) && !knownNames.isEmpty()) {
      for (int i = 0; i < values.length; i++) {
        values[i] = knownNames.indexOf(texts.get(i));
      }
      names = LabelNames.byValue(knownNames);
    } else if (texts.stream().allMatch(Examples::isInteger)) {
      for (int i = 0; i < values.length; i++) {
        values[i] = Integer.parseInt(texts.get(i));
      }
      names = Map.of();
    } else {
      List<String> sorted = new ArrayList<>(new TreeSet<>(texts));
      Map<String, Integer> index = new HashMap<>();
      sorted.forEach(t -> index.put(t, index.size()));
      for (int i = 0; i < values.length; i++) {
        values[i] = index.get(texts.get(i));
      }
      names = new TreeMap<>(LabelNames.byValue(sorted));
    }
    return new Examples(
        description, new Split(split.values(), split.exampleSize(), values), names, sources);
  }

  private static boolean isInteger(String text) {
    try {
      Integer.parseInt(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
