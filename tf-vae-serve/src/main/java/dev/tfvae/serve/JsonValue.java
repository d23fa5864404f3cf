package dev.tfvae.serve;

import java.util.List;
import java.util.Map;

/**
 * A value of a {@code :predict} request body, read in one streaming pass into a compact form: nested
 * lists of numbers become one flat {@code float[]} with their dimensions, so a batch of images is never a
 * tree of boxed numbers.
 */
sealed interface JsonValue {
  /**
   * A number, or a rectangular nested list of numbers.
   *
   * @param path where it is in the body, e.g. {@code instances}
   * @param dims its dimensions ({@code []} for a single number, {@code [n]} for a list of n, …)
   * @param values every number as float32, row-major (NaN where {@code floatProblem} applies)
   * @param floatProblem the first value that is not a finite float32, with its path; null if none
   * @param integers the exact values as int64 when there are at most {@value
   *     RequestParser#MAX_EXACT_INTEGERS} numbers, all integers within int64; null otherwise
   * @param integerProblem why {@code integers} is null (the first value that is not an int64 integer, or
   *     that there are too many); null when it is not
   */
  record Numbers(String path, int[] dims, float[] values, String floatProblem, long[] integers,
      String integerProblem) implements JsonValue {
    /** The number of examples: the first dimension. */
    int count() {
      return dims.length == 0 ? 1 : dims[0];
    }
  }

  /**
   * A list whose entries are not all numbers or lists of numbers (e.g. objects, one per instance).
   *
   * @param path where it is in the body
   * @param items its entries
   */
  record Items(String path, List<JsonValue> items) implements JsonValue {}

  /**
   * An object.
   *
   * @param path where it is in the body
   * @param fields its members in body order
   */
  record Fields(String path, Map<String, JsonValue> fields) implements JsonValue {}

  /**
   * A string, {@code true}, {@code false} or {@code null}.
   *
   * @param path where it is in the body
   * @param text the string's value, or the literal as the body spelled it
   * @param string whether it was a JSON string
   */
  record Other(String path, String text, boolean string) implements JsonValue {}

  /** Where the value is. */
  String path();

  /** At most 40 characters of {@code text}. */
  static String cut(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  /** How the value reads in an error message. */
  static String describe(JsonValue v) {
    if (v instanceof Numbers n) {
      return n.dims().length == 0 ? "a number" : "a list of " + n.dims()[0];
    }
    if (v instanceof Items i) {
      return "a list of " + i.items().size();
    }
    if (v instanceof Fields) {
      return "an object";
    }
    Other o = (Other) v;
    return cut(o.string() ? "\"" + o.text() + "\"" : o.text());
  }
}
