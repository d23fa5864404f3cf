package dev.tfvae.train.data;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Human names of the labels of the datasets that have them, for legends and captions. */
public final class LabelNames {
  private static final List<String> FASHION =
      List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
          "Bag", "Ankle boot");

  private LabelNames() {}

  /** Label value → name for {@code dataset} (a {@code --dataset} value); empty when unknown. */
  public static Map<Integer, String> of(String dataset) {
    List<String> names =
        switch (dataset) {
          case "fashion-mnist" -> FASHION;
          case ShapesDataset.NAME -> ShapesDataset.SHAPE_NAMES;
          case "mnist" -> List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
          default -> List.of();
        };
    Map<Integer, String> map = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      map.put(i, names.get(i));
    }
    return map;
  }

  /** The name of {@code label} in {@code names}, or "label N". */
  public static String name(Map<Integer, String> names, int label) {
    return names.getOrDefault(label, "label " + label);
  }
}
