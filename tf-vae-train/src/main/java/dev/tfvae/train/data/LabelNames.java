package dev.tfvae.train.data;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Human names of label values, for legends and captions. */
public final class LabelNames {
  private static final List<String> FASHION =
      List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
          "Bag", "Ankle boot");
  private static final List<String> DIGITS =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  private LabelNames() {}

  /** The class names of a named IDX dataset ({@code fashion-mnist}, {@code mnist}); empty for others. */
  static List<String> ofIdx(String dataset) {
    return switch (dataset) {
      case "fashion-mnist" -> FASHION;
      case "mnist" -> DIGITS;
      default -> List.of();
    };
  }

  /** Label value → name for {@code names} (index = value). */
  public static Map<Integer, String> byValue(List<String> names) {
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
