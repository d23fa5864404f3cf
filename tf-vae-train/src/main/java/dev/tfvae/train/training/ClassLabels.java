package dev.tfvae.train.training;

import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.Split;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * The labels a conditional model is trained on: how many classes the data has, and each example's label
 * as the one-hot row its graph reads.
 */
public final class ClassLabels {
  private ClassLabels() {}

  /**
   * The classes of {@code data}'s labels: as many as it names (Fashion-MNIST's classes, a table's text
   * labels, class sub-folders, the shapes' kinds), otherwise one more than the largest label.
   *
   * @throws IllegalArgumentException if the data has no labels, a label is negative or beyond the
   *     named classes, or there are fewer than 2 or more than {@value VaeConfig#MAX_CLASSES} classes
   */
  public static int count(Dataset data) {
    if (data.train().labels() == null || data.validation().labels() == null) {
      throw new IllegalArgumentException(
          "--conditional needs labelled data; " + data.name() + " has no labels (use class"
              + " sub-folders, a table's --label-column, fashion-mnist, mnist or shapes)");
    }
    int named = data.setup().labelNames().size();
    int max = Math.max(max(data.train(), data.name(), "training"), max(data.validation(), data.name(),
        "validation"));
    int classes = named > 0 ? named : max + 1;
    if (max >= classes) {
      throw new IllegalArgumentException(
          data.name() + ": label " + max + " is beyond its " + named + " named classes");
    }
    if (classes < 2 || classes > VaeConfig.MAX_CLASSES) {
      throw new IllegalArgumentException(
          "--conditional needs 2.." + VaeConfig.MAX_CLASSES + " classes; " + data.name() + " has "
              + classes);
    }
    return classes;
  }

  private static int max(Split split, String name, String part) {
    int max = -1;
    int[] labels = split.labels();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0) {
        throw new IllegalArgumentException(
            name + ": " + part + " example " + i + " has label " + labels[i]
                + "; a conditional model needs labels 0, 1, 2, …");
      }
      max = Math.max(max, labels[i]);
    }
    return max;
  }

  /** Each example's one-hot label, {@code [count, classes]} (a new tensor the caller closes). */
  static TFloat32 oneHot(Split split, VaeConfig model) {
    return TFloat32.tensorOf(
        Shape.of(split.count(), model.classes()),
        org.tensorflow.ndarray.buffer.DataBuffers.of(oneHotValues(split.labels(), model.classes())));
  }

  /** One-hot rows of {@code labels}, flat. */
  static float[] oneHotValues(int[] labels, int classes) {
    float[] out = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "example " + i + " has label " + labels[i] + "; the model's labels are 0.." + (classes - 1));
      }
      out[i * classes + labels[i]] = 1f;
    }
    return out;
  }
}
