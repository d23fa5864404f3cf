package dev.tfvae.core.base;

/**
 * Guava-style argument and state checks with lazily formatted messages: each {@code %s} of the template
 * is replaced by the next argument, and arguments left over are appended in brackets.
 */
public final class Preconditions {
  private Preconditions() {}

  /** Throws {@link IllegalArgumentException} with the formatted message unless {@code condition}. */
  public static void checkArgument(boolean condition, String template, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(format(template, args));
    }
  }

  /** Throws {@link IllegalStateException} with the formatted message unless {@code condition}. */
  public static void checkState(boolean condition, String template, Object... args) {
    if (!condition) {
      throw new IllegalStateException(format(template, args));
    }
  }

  /** Returns {@code value}; throws {@link NullPointerException} if it is null. */
  public static <T> T checkNotNull(T value) {
    if (value == null) {
      throw new NullPointerException();
    }
    return value;
  }

  /** Returns {@code value}; throws {@link NullPointerException} with the formatted message if null. */
  public static <T> T checkNotNull(T value, String template, Object... args) {
    if (value == null) {
      throw new NullPointerException(format(template, args));
    }
    return value;
  }

  /** {@code template} with each {@code %s} replaced by the next of {@code args}. */
  static String format(String template, Object... args) {
    StringBuilder out = new StringBuilder(template.length() + 16 * args.length);
    int from = 0;
    int next = 0;
    while (next < args.length) {
      int at = template.indexOf("%s", from);
      if (at < 0) {
        break;
      }
      out.append(template, from, at).append(args[next++]);
      from = at + 2;
    }
    out.append(template, from, template.length());
    if (next < args.length) {
      out.append(" [");
      for (int i = next; i < args.length; i++) {
        out.append(i == next ? "" : ", ").append(args[i]);
      }
      out.append(']');
    }
    return out.toString();
  }
}
