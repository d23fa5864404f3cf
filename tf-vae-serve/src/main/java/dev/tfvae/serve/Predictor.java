package dev.tfvae.serve;

import static dev.tfvae.core.contract.SignatureContract.DECODE;
import static dev.tfvae.core.contract.SignatureContract.ENCODE;
import static dev.tfvae.core.contract.SignatureContract.GENERATE;
import static dev.tfvae.core.contract.SignatureContract.KL;
import static dev.tfvae.core.contract.SignatureContract.LABEL;
import static dev.tfvae.core.contract.SignatureContract.LOG_LIKELIHOOD;
import static dev.tfvae.core.contract.SignatureContract.LOG_PX_Z;
import static dev.tfvae.core.contract.SignatureContract.LOG_VARIANCE;
import static dev.tfvae.core.contract.SignatureContract.MEAN;
import static dev.tfvae.core.contract.SignatureContract.N;
import static dev.tfvae.core.contract.SignatureContract.NEG_ELBO;
import static dev.tfvae.core.contract.SignatureContract.RECONSTRUCTION;
import static dev.tfvae.core.contract.SignatureContract.RECONSTRUCTION_LOSS;
import static dev.tfvae.core.contract.SignatureContract.SAMPLES;
import static dev.tfvae.core.contract.SignatureContract.SCORE;
import static dev.tfvae.core.contract.SignatureContract.SEED;
import static dev.tfvae.core.contract.SignatureContract.SERVING_DEFAULT;
import static dev.tfvae.core.contract.SignatureContract.X;
import static dev.tfvae.core.contract.SignatureContract.Z;

import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.Score;
import dev.tfvae.infer.VaeModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a TF Serving {@code :predict} request on a {@link VaeModel}: the row format ({@code "instances"}:
 * one entry per example; an object of named inputs when a signature has several) or the columnar format
 * ({@code "inputs"}: one value, or an object of named inputs, each batched), the signature chosen by
 * {@code "signature_name"} (default {@code serving_default}). Every call goes through tf-vae-infer's
 * public API, so results are those of in-process inference. A request of one example takes the model's
 * single-example calls (prepared once, the lowest latency), whose results equal a batch of one's.
 *
 * <p>Limits: at most {@value #MAX_EXAMPLES} examples per request, and a request whose answer could be
 * larger than the response budget is refused before it runs (answers are estimated at {@value
 * #BYTES_PER_VALUE} bytes per number, the longest a float32 prints). An answer with a non-finite value
 * (the model overflowed, e.g. a code far outside the prior) is refused with 400 naming the signature,
 * output and example instead of sending {@code NaN}, which JSON does not have.
 */
final class Predictor {
  /** The most examples one request may carry or ask for. */
  static final int MAX_EXAMPLES = 65_536;

  /** Upper bound of the bytes one output number takes in the answer ({@code -1.17549435E-38,}). */
  static final int BYTES_PER_VALUE = 16;

  /** The request format, which the answer mirrors. */
  enum Format {
    ROWS,
    COLUMNS
  }

  /**
   * One output of a request.
   *
   * @param key the output key, e.g. {@code mean}
   * @param rows one flat array per example
   * @param shape the shape of one example's value ({@code []} for a number per example)
   */
  record Output(String key, float[][] rows, int[] shape) {}

  /** The outputs of a request, in the signature's order, and the format to answer in. */
  record Answer(Format format, List<Output> outputs) {}

  private final VaeModel model;
  private final long maxResponseBytes;
  private final int[] exampleShape;
  private final int[] codeShape;
  private final int[] labelShape;

  Predictor(VaeModel model, long maxResponseBytes) {
    this.model = model;
    this.maxResponseBytes = maxResponseBytes;
    this.exampleShape = model.inputShape().stream().mapToInt(Integer::intValue).toArray();
    this.codeShape = new int[] {model.latentDim()};
    this.labelShape = new int[] {model.classes()};
  }

  /** The signatures a model serves, with their input and output keys. */
  static Map<String, SignatureContract.Keys> signatures(VaeModel model) {
    Map<String, SignatureContract.Keys> all =
        new LinkedHashMap<>(SignatureContract.signatures(model.manifest().config()));
    SignatureContract.extensions(model.manifest().config()).forEach((k, v) -> {
      if (model.signatureKeys().contains(k)) {
        all.put(k, v);
      }
    });
    return all;
  }

  Answer predict(Map<String, JsonValue> body) {
    JsonValue nameValue = body.get("signature_name");
    String signature = SERVING_DEFAULT;
    if (nameValue != null) {
      if (!(nameValue instanceof JsonValue.Other o) || !o.string()) {
        throw ApiException.badRequest("\"signature_name\" must be a string, got " + JsonValue.describe(nameValue));
      }
      signature = o.text();
    }
    Map<String, SignatureContract.Keys> served = signatures(model);
    SignatureContract.Keys keys = served.get(signature);
    if (keys == null) {
      throw ApiException.badRequest("serving signature name: \"" + JsonValue.cut(signature)
          + "\" not found in signature def; this model has " + served.keySet());
    }
    boolean rows = body.containsKey("instances");
    if (rows == body.containsKey("inputs")) {
      throw ApiException.badRequest("the request must have exactly one of \"instances\" (row format) or"
          + " \"inputs\" (columnar format)");
    }
    List<String> inputs = new ArrayList<>(keys.inputs());
    if (signature.equals(GENERATE)) {
      if (rows) {
        throw ApiException.badRequest("signature generate has unbatched inputs (n, seed); send them in the"
            + " columnar format: {\"signature_name\": \"generate\", \"inputs\": {\"n\": 4, \"seed\": [1, 2]"
            + (model.isConditional() ? ", \"label\": [[one-hot row]]" : "") + "}}");
      }
      return new Answer(Format.COLUMNS, generate(named(body.get("inputs"), inputs)));
    }
    Map<String, JsonValue> values =
        rows ? fromRows(body.get("instances"), inputs) : named(body.get("inputs"), inputs);
    return new Answer(rows ? Format.ROWS : Format.COLUMNS, run(signature, values));
  }

  /** Row format → one batched value per input. */
  private Map<String, JsonValue> fromRows(JsonValue instances, List<String> inputs) {
    if (instances instanceof JsonValue.Numbers n) {
      if (inputs.size() == 1) {
        return Map.of(inputs.get(0), n);
      }
      throw ApiException.badRequest(
          "instances[0] must be an object with the inputs " + inputs + " of this signature");
    }
    if (!(instances instanceof JsonValue.Items items)) {
      throw ApiException.badRequest("\"instances\" must be a list of examples, got " + JsonValue.describe(instances));
    }
    Map<String, List<JsonValue>> columns = new LinkedHashMap<>();
    inputs.forEach(input -> columns.put(input, new ArrayList<>()));
    for (int i = 0; i < items.items().size(); i++) {
      if (!(items.items().get(i) instanceof JsonValue.Fields named)) {
        throw ApiException.badRequest(
            "instances[" + i + "] must be an object with the inputs " + inputs + " of this signature");
      }
      if (!named.fields().keySet().equals(columns.keySet())) {
        throw ApiException.badRequest("instances[" + i + "] has inputs " + named.fields().keySet()
            + "; this signature takes " + inputs);
      }
      named.fields().forEach((key, value) -> columns.get(key).add(value));
    }
    Map<String, JsonValue> out = new LinkedHashMap<>();
    columns.forEach((key, list) -> out.put(key, new JsonValue.Items("instances." + key, list)));
    return out;
  }

  /** Columnar format → the value of each named input. */
  private static Map<String, JsonValue> named(JsonValue value, List<String> inputs) {
    if (value instanceof JsonValue.Fields f && (inputs.size() > 1 || f.fields().containsKey(inputs.get(0)))) {
      if (!f.fields().keySet().equals(new java.util.LinkedHashSet<>(inputs))) {
        throw ApiException.badRequest("\"inputs\" has " + f.fields().keySet() + "; this signature takes " + inputs);
      }
      return f.fields();
    }
    if (inputs.size() == 1) {
      return Map.of(inputs.get(0), value);
    }
    throw ApiException.badRequest("\"inputs\" must be an object with " + inputs);
  }

  private List<Output> generate(Map<String, JsonValue> in) {
    long[] n = integers(in.get(N), N, new int[0]);
    long[] seed = integers(in.get(SEED), SEED, new int[] {2});
    if (n[0] < 1 || n[0] > MAX_EXAMPLES) {
      throw ApiException.badRequest("n must be in 1.." + MAX_EXAMPLES + ", got " + n[0]);
    }
    checkBudget(GENERATE, (int) n[0], model.inputSize());
    if (model.isConditional()) {
      int[] labels = labels(in.get(LABEL));
      if (labels.length != 1 && labels.length != n[0]) {
        throw ApiException.badRequest("input \"label\" has " + labels.length + " rows; give 1 (for every"
            + " sample) or n = " + n[0] + " (one per sample)");
      }
      float[][] samples = call(() -> model.generate(labels, (int) n[0], seed));
      return List.of(checkedOutput(GENERATE, SAMPLES, samples, exampleShape));
    }
    float[][] samples = call(() -> model.generate((int) n[0], seed));
    return List.of(checkedOutput(GENERATE, SAMPLES, samples, exampleShape));
  }

  private static long[] integers(JsonValue v, String name, int[] dims) {
    if (!(v instanceof JsonValue.Numbers n) || !Arrays.equals(n.dims(), dims)) {
      throw ApiException.badRequest("\"" + name + "\" must be " + (dims.length == 0 ? "an integer"
          : "a list of " + dims[0] + " integers") + ", got " + JsonValue.describe(v));
    }
    if (n.integers() == null) {
      throw ApiException.badRequest("\"" + name + "\": " + n.integerProblem());
    }
    return n.integers();
  }

  /**
   * The label of each row of a conditional model's {@code label} input: every row must be one-hot (one 1,
   * every other value 0), the form the exported graph is trained on.
   */
  private int[] labels(JsonValue value) {
    float[][] rows = batch(value, LABEL, labelShape);
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      int hot = -1;
      for (int c = 0; c < rows[i].length; c++) {
        float v = rows[i][c];
        if (v == 1f && hot < 0) {
          hot = c;
        } else if (v != 0f) {
          hot = -2;
          break;
        }
      }
      if (hot < 0) {
        throw ApiException.badRequest("input \"label\" row " + i + " is not one-hot: give " + rows[i].length
            + " values, a 1 at the class's index and 0 elsewhere (classes " + classList() + ")");
      }
      out[i] = hot;
    }
    return out;
  }

  private String classList() {
    List<String> names = model.labelNames();
    if (names.isEmpty()) {
      return "0.." + (model.classes() - 1);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(i + " " + names.get(i));
    }
    return String.join(", ", out);
  }

  /** The labels of a conditional model's request rows ({@code null} for an unconditional model). */
  private int[] labelsFor(Map<String, JsonValue> in, int rows) {
    if (!model.isConditional()) {
      return null;
    }
    int[] labels = labels(in.get(LABEL));
    if (labels.length != rows) {
      throw ApiException.badRequest("input \"label\" has " + labels.length + " rows for " + rows + " examples");
    }
    return labels;
  }

  private List<Output> run(String signature, Map<String, JsonValue> in) {
    return switch (signature) {
      case SERVING_DEFAULT -> {
        float[][] xs = batch(in.get(X), X, exampleShape);
        int[] labels = labelsFor(in, xs.length);
        checkBudget(signature, xs.length, model.inputSize());
        float[][] out = xs.length == 1 && labels == null
            ? new float[][] {call(() -> model.reconstruct(xs[0]))} : call(() -> model.reconstruct(xs, labels));
        yield List.of(checkedOutput(signature, RECONSTRUCTION, out, exampleShape));
      }
      case DECODE -> {
        float[][] zs = batch(in.get(Z), Z, codeShape);
        int[] labels = labelsFor(in, zs.length);
        checkBudget(signature, zs.length, model.inputSize());
        float[][] out = zs.length == 1 && labels == null
            ? new float[][] {call(() -> model.decode(zs[0]))} : call(() -> model.decode(zs, labels));
        yield List.of(checkedOutput(signature, RECONSTRUCTION, out, exampleShape));
      }
      case ENCODE -> {
        float[][] xs = batch(in.get(X), X, exampleShape);
        int[] labels = labelsFor(in, xs.length);
        checkBudget(signature, xs.length, 2 * model.latentDim());
        List<LatentCode> codes = xs.length == 1 && labels == null
            ? List.of(call(() -> model.encode(xs[0]))) : call(() -> model.encode(xs, labels));
        List<Output> out = new ArrayList<>();
        out.add(checkedOutput(signature, MEAN, codes.stream().map(LatentCode::mean).toArray(float[][]::new), codeShape));
        if (model.isVariational()) {
          out.add(checkedOutput(signature, LOG_VARIANCE,
              codes.stream().map(LatentCode::logVariance).toArray(float[][]::new), codeShape));
        }
        yield out;
      }
      case SCORE -> {
        float[][] xs = batch(in.get(X), X, exampleShape);
        int[] labels = labelsFor(in, xs.length);
        checkBudget(signature, xs.length, 3);
        List<Score> scores = xs.length == 1 && labels == null
            ? List.of(call(() -> model.score(xs[0]))) : call(() -> model.score(xs, labels));
        List<Output> out = new ArrayList<>();
        if (model.isVariational()) {
          out.add(checkedOutput(signature, NEG_ELBO, scalars(scores, Score::negElbo), new int[0]));
        }
        out.add(checkedOutput(signature, RECONSTRUCTION_LOSS, scalars(scores, Score::reconstructionLoss), new int[0]));
        if (model.isVariational()) {
          out.add(checkedOutput(signature, KL, scalars(scores, Score::kl), new int[0]));
        }
        yield out;
      }
      case LOG_LIKELIHOOD -> {
        float[][] xs = batch(in.get(X), X, exampleShape);
        float[][] zs = batch(in.get(Z), Z, codeShape);
        if (xs.length != zs.length) {
          throw ApiException.badRequest("inputs x and z have " + xs.length + " and " + zs.length + " examples");
        }
        int[] labels = labelsFor(in, xs.length);
        checkBudget(signature, xs.length, 1);
        float[] ll = call(() -> model.logLikelihood(xs, zs, labels));
        float[][] rows = new float[ll.length][];
        for (int i = 0; i < ll.length; i++) {
          rows[i] = new float[] {ll[i]};
        }
        yield List.of(checkedOutput(signature, LOG_PX_Z, rows, new int[0]));
      }
      default -> throw ApiException.badRequest("signature " + signature + " is not served");
    };
  }

  private static float[][] scalars(List<Score> scores, java.util.function.ToDoubleFunction<Score> f) {
    float[][] out = new float[scores.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new float[] {(float) f.applyAsDouble(scores.get(i))};
    }
    return out;
  }

  /** Runs a model call; its argument mistakes are the client's (400). */
  private static <T> T call(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** Refuses, before anything runs, a request whose answer could exceed the response budget. */
  private void checkBudget(String signature, int examples, int valuesPerExample) {
    long bound = (long) examples * valuesPerExample * BYTES_PER_VALUE + 64L * examples + 1024;
    if (bound > maxResponseBytes) {
      long most = Math.max(0, (maxResponseBytes - 1024) / ((long) valuesPerExample * BYTES_PER_VALUE + 64));
      throw ApiException.badRequest(String.format(java.util.Locale.ROOT,
          "the answer to %d example(s) of signature %s could be %.1f MiB, over this server's response"
              + " limit of %.1f MiB (serve --max-response-mb); ask for at most %d per request",
          examples, signature, bound / 1048576.0, maxResponseBytes / 1048576.0, most));
    }
  }

  /** Checks that every value is finite: JSON has no NaN or infinity. */
  private static Output checkedOutput(String signature, String key, float[][] rows, int[] shape) {
    for (int i = 0; i < rows.length; i++) {
      for (float v : rows[i]) {
        if (!Float.isFinite(v)) {
          throw ApiException.badRequest("signature " + signature + " output " + key + " of example " + i
              + " is " + v + ": the model's answer is not finite (its input lies far outside what it was"
              + " trained on), and JSON has no number for it");
        }
      }
    }
    return new Output(key, rows, shape);
  }

  /**
   * A batched input: a list of examples, each nested to {@code shape}, as one flat row per example.
   */
  private static float[][] batch(JsonValue value, String name, int[] shape) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    if (value instanceof JsonValue.Items items) {
      // Named inputs of the row format: one value per instance.
      if (items.items().isEmpty()) {
        throw ApiException.badRequest("input \"" + name + "\" has no examples");
      }
      checkCount(items.items().size(), name);
      float[][] rows = new float[items.items().size()][];
      for (int i = 0; i < rows.length; i++) {
        JsonValue.Numbers one = numbers(items.items().get(i), "instances[" + i + "]." + name, shape);
        rows[i] = one.values();
      }
      return rows;
    }
    if (!(value instanceof JsonValue.Numbers n) || n.dims().length == 0) {
      throw ApiException.badRequest("input \"" + name + "\" must be a list of examples, got "
          + (value == null ? "nothing" : JsonValue.describe(value)));
    }
    if (n.dims()[0] == 0) {
      throw ApiException.badRequest("input \"" + name + "\" has no examples");
    }
    checkCount(n.dims()[0], name);
    int[] example = Arrays.copyOfRange(n.dims(), 1, n.dims().length);
    checkShape(example, shape, n.path() + "[i]");
    if (n.floatProblem() != null) {
      throw ApiException.badRequest(n.floatProblem());
    }
    float[][] rows = new float[n.dims()[0]][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(n.values(), i * size, (i + 1) * size);
    }
    return rows;
  }

  private static JsonValue.Numbers numbers(JsonValue value, String where, int[] shape) {
    if (!(value instanceof JsonValue.Numbers n)) {
      throw ApiException.badRequest(where + " must be a list of " + shape[0] + " (example shape "
          + Arrays.toString(shape) + "), got " + JsonValue.describe(value));
    }
    checkShape(n.dims(), shape, where);
    if (n.floatProblem() != null) {
      throw ApiException.badRequest(n.floatProblem());
    }
    return n;
  }

  private static void checkCount(int count, String name) {
    if (count > MAX_EXAMPLES) {
      throw new ApiException(413, "input \"" + name + "\" has " + count + " examples; at most "
          + MAX_EXAMPLES + " per request");
    }
  }

  private static void checkShape(int[] got, int[] shape, String where) {
    if (!Arrays.equals(got, shape)) {
      throw ApiException.badRequest(where + " must be a list of " + shape[0] + " (example shape "
          + Arrays.toString(shape) + "), got " + (got.length == 0 ? "a number" : "shape " + Arrays.toString(got)));
    }
  }
}
