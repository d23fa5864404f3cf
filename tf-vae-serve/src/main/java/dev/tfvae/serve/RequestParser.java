package dev.tfvae.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code :predict} body with Jackson's streaming parser straight into {@link JsonValue}s: one
 * pass, numbers parsed into a growing {@code float[]}, no tree of boxed nodes. The body must be exactly
 * one JSON object: anything after it (a second object, {@code garbage}) is malformed JSON, and so are
 * duplicate keys. Lists of numbers must be rectangular ({@code [[1, 2], [3]]} is refused, naming the
 * entry that differs).
 */
final class RequestParser {
  /** Numbers kept exactly as int64 (the unbatched inputs {@code n} and {@code seed} need them). */
  static final int MAX_EXACT_INTEGERS = 16;

  /** Nesting deeper than this is an attack, not a tensor. */
  static final int MAX_DEPTH = 32;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(100).build())
          .build();

  private RequestParser() {}

  /** A parsed body: its members by name. */
  static Map<String, JsonValue> parse(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw ApiException.badRequest("empty request body; expected a JSON object");
      }
      JsonValue root = value(p, "");
      if (!(root instanceof JsonValue.Fields fields)) {
        throw ApiException.badRequest("the request body must be a JSON object, got " + JsonValue.describe(root));
      }
      JsonToken after = p.nextToken();
      if (after != null) {
        throw ApiException.badRequest("malformed JSON: data after the request object at line "
            + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr()
            + " (the body must be exactly one JSON object)");
      }
      return fields.fields();
    } catch (JsonParseException e) {
      throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON: " + e.getMessage());
    }
  }

  private static String at(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Reads the value whose first token is current. */
  private static JsonValue value(JsonParser p, String path) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> object(p, path);
      case START_ARRAY -> array(p, path);
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        NumberList numbers = new NumberList(path);
        numbers.add(p, path, -1);
        yield numbers.finish(new int[0]);
      }
      case VALUE_STRING -> new JsonValue.Other(path, p.getText(), true);
      default -> new JsonValue.Other(path, p.getText(), false);
    };
  }

  private static JsonValue object(JsonParser p, String path) throws IOException {
    Map<String, JsonValue> fields = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      fields.put(key, value(p, at(path, key)));
    }
    return new JsonValue.Fields(path, fields);
  }

  /** A list: numbers (nested to any depth, rectangular) or, failing that, a list of values. */
  private static JsonValue array(JsonParser p, String path) throws IOException {
    JsonToken first = p.nextToken();
    if (first == JsonToken.END_ARRAY) {
      return new NumberList(path).finish(new int[] {0});
    }
    if (first == JsonToken.START_ARRAY || first.isNumeric()) {
      NumberList numbers = new NumberList(path);
      Shape shape = new Shape();
      numericArray(p, path, 0, shape, numbers);
      return numbers.finish(shape.dims.stream().mapToInt(Integer::intValue).toArray());
    }
    List<JsonValue> items = new ArrayList<>();
    for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
      items.add(value(p, path + "[" + items.size() + "]"));
    }
    return new JsonValue.Items(path, items);
  }

  /** What the lists of one numeric value have shown so far: each depth's length, where numbers sit. */
  private static final class Shape {
    final List<Integer> dims = new ArrayList<>();
    int leafDepth = -1;
  }

  /**
   * Reads a list at {@code depth} whose first entry's token is current (not {@code ]}). The first list
   * read at each depth fixes its length, and the first descent fixes the depth that holds numbers;
   * every later list must match both.
   */
  private static void numericArray(JsonParser p, String path, int depth, Shape shape,
      NumberList numbers) throws IOException {
    if (depth == shape.dims.size()) {
      shape.dims.add(-1);
      if (shape.leafDepth < 0 && p.currentToken().isNumeric()) {
        shape.leafDepth = depth;
      }
    }
    boolean leaf = depth == shape.leafDepth;
    int count = 0;
    // A number's path ("instances[0][3][7]") is spelled out only for a message: building it for every
    // number cost more than parsing the number.
    for (JsonToken t = p.currentToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (leaf) {
        if (!t.isNumeric()) {
          throw ApiException.badRequest(entry(path, count) + " is " + token(p) + ", expected a number");
        }
        numbers.add(p, path, count);
      } else {
        String where = entry(path, count);
        if (t != JsonToken.START_ARRAY) {
          throw ApiException.badRequest(where + " is " + token(p)
              + (shape.leafDepth < 0 ? ", expected a number or a list" : ", expected a list (as the entries before it)"));
        }
        if (p.nextToken() == JsonToken.END_ARRAY) {
          throw ApiException.badRequest(where + " is an empty list");
        }
        numericArray(p, where, depth + 1, shape, numbers);
      }
      count++;
    }
    int expected = shape.dims.get(depth);
    if (expected == -1) {
      shape.dims.set(depth, count);
    } else if (expected != count) {
      throw ApiException.badRequest(path + " has " + count + " entries where the lists before it have "
          + expected + " (lists of numbers must be rectangular)");
    }
  }

  /** The path of entry {@code index} of the list at {@code path}; {@code path} itself for index -1. */
  private static String entry(String path, int index) {
    return index < 0 ? path : path + "[" + index + "]";
  }

  private static String token(JsonParser p) throws IOException {
    return switch (p.currentToken()) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> cut("\"" + p.getText() + "\"");
      default -> cut(p.getText());
    };
  }

  private static String cut(String text) {
    return JsonValue.cut(text);
  }

  /** Numbers as they are read: float32 values, and exact int64 values while there are few. */
  private static final class NumberList {
    private final String path;
    private float[] values = new float[64];
    private int size;
    private long[] integers = new long[MAX_EXACT_INTEGERS];
    private String floatProblem;
    private String integerProblem;

    NumberList(String path) {
      this.path = path;
    }

    /** Adds the current number, entry {@code index} of the list at {@code list} (-1: not in a list). */
    void add(JsonParser p, String list, int index) throws IOException {
      if (size == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      double d = p.getDoubleValue();
      if (!Double.isFinite(d) || Math.abs(d) > Float.MAX_VALUE) {
        if (floatProblem == null) {
          floatProblem = entry(list, index) + " is " + cut(p.getText()) + ", not a finite float32";
        }
        values[size] = Float.NaN;
      } else {
        values[size] = (float) d;
      }
      if (integerProblem == null) {
        if (size >= MAX_EXACT_INTEGERS) {
          integerProblem = path + " has more than " + MAX_EXACT_INTEGERS + " numbers";
        } else if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
          integerProblem = entry(list, index) + " is " + cut(p.getText()) + ", not an integer";
        } else if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          integerProblem = entry(list, index) + " is " + cut(p.getText()) + ", outside the int64 range";
        } else {
          integers[size] = p.getLongValue();
        }
      }
      size++;
    }

    JsonValue.Numbers finish(int[] dims) {
      return new JsonValue.Numbers(path, dims, Arrays.copyOf(values, size), floatProblem,
          integerProblem == null ? Arrays.copyOf(integers, size) : null, integerProblem);
    }
  }
}
