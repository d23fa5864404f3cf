package dev.tfvae.core.model;

import java.util.Arrays;
import java.util.Locale;

/** The command-line and manifest spelling of the option enums: the constant's name in lower case. */
public final class CliNames {
  private CliNames() {}

  public static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The constant of {@code type} spelled {@code text} (case-insensitive), or an error listing them. */
  public static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
    for (E value : type.getEnumConstants()) {
      if (of(value).equalsIgnoreCase(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "unknown " + what + " '" + text + "'; expected one of "
            + Arrays.stream(type.getEnumConstants()).map(CliNames::of).toList());
  }
}
