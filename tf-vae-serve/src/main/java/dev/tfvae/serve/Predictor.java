package dev.tfvae.serve;

import static dev.tfvae.core.contract.SignatureContract.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.Score;
import dev.tfvae.infer.VaeModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a TF Serving {@code :predict} request body on a {@link VaeModel}: the row format
 * ({@code "instances"}: one entry per example; an object of named inputs when a signature has several) or
 * the columnar format ({@code "inputs"}: one value, or an object of named inputs, each batched), the
 * signature chosen by {@code "signature_name"} (default {@code serving_default}). The response is shaped
 * as TF Serving shapes it: {@code "predictions"} (a list per example; objects of named outputs when there
 * are several) or {@code "outputs"} (one value, or an object of named outputs). Every call goes through
 * tf-vae-infer's public API, so results are those of in-process inference.
 */
final class Predictor {
  /** The most examples one request may carry. */
  static final int MAX_EXAMPLES = 65_536;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final VaeModel model;
  private final int[] exampleShape;

  Predictor(VaeModel model) {
    this.model = model;
    this.exampleShape = model.inputShape().stream().mapToInt(Integer::intValue).toArray();
  }

  /** The signatures this model serves, with their input and output keys. */
  static Map<String, SignatureContract.Keys> signatures(VaeModel model) {
    Map<String, SignatureContract.Keys> all =
        new LinkedHashMap<>(SignatureContract.signatures(model.manifest().config().kind()));
    SignatureContract.extensions(model.manifest().config().kind()).forEach((k, v) -> {
      if (model.signatureKeys().contains(k)) {
        all.put(k, v);
      }
    });
    return all;
  }

  JsonNode predict(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    JsonNode nameNode = body.get("signature_name");
    String signature = nameNode == null ? SERVING_DEFAULT : nameNode.asText();
    Map<String, SignatureContract.Keys> served = signatures(model);
    SignatureContract.Keys keys = served.get(signature);
    if (keys == null) {
      throw ApiException.badRequest(
          "serving signature name: \"" + signature + "\" not found in signature def; this model has "
              + served.keySet());
    }
    boolean rows = body.has("instances");
    if (rows == body.has("inputs")) {
      throw ApiException.badRequest("the request must have exactly one of \"instances\" (row format) or"
          + " \"inputs\" (columnar format)");
    }
    List<String> inputs = new ArrayList<>(keys.inputs());
    Map<String, JsonNode> values = rows ? fromRows(body.get("instances"), inputs, signature)
        : fromColumns(body.get("inputs"), inputs);
    Map<String, List<JsonNode>> outputs = run(signature, values);
    return rows ? toRows(outputs) : toColumns(outputs);
  }

  /** Row format → one batched JSON array per input. */
  private static Map<String, JsonNode> fromRows(JsonNode instances, List<String> inputs, String signature) {
    if (!instances.isArray()) {
      throw ApiException.badRequest("\"instances\" must be a list");
    }
    if (signature.equals(GENERATE)) {
      throw ApiException.badRequest("signature generate has unbatched inputs (n, seed); send them in the"
          + " columnar format: {\"signature_name\": \"generate\", \"inputs\": {\"n\": 4, \"seed\": [1, 2]}}");
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String input : inputs) {
      out.put(input, JSON.arrayNode());
    }
    for (int i = 0; i < instances.size(); i++) {
      JsonNode instance = instances.get(i);
      boolean named = instance.isObject();
      if (inputs.size() > 1 && !named) {
        throw ApiException.badRequest(
            "instances[" + i + "] must be an object with the inputs " + inputs + " of this signature");
      }
      for (String input : inputs) {
        JsonNode value = named ? instance.get(input) : instance;
        if (value == null) {
          throw ApiException.badRequest("instances[" + i + "] lacks input \"" + input + "\"");
        }
        ((ArrayNode) out.get(input)).add(value);
      }
      if (named && instance.size() != inputs.size()) {
        throw ApiException.badRequest("instances[" + i + "] has inputs " + names(instance)
            + "; this signature takes " + inputs);
      }
    }
    return out;
  }

  private static Map<String, JsonNode> fromColumns(JsonNode inputsNode, List<String> inputs) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (inputsNode.isObject() && (inputs.size() > 1 || inputsNode.has(inputs.get(0)))) {
      for (String input : inputs) {
        JsonNode value = inputsNode.get(input);
        if (value == null) {
          throw ApiException.badRequest("\"inputs\" lacks \"" + input + "\"; this signature takes " + inputs);
        }
        out.put(input, value);
      }
      if (inputsNode.size() != inputs.size()) {
        throw ApiException.badRequest("\"inputs\" has " + names(inputsNode) + "; this signature takes " + inputs);
      }
    } else if (inputs.size() == 1) {
      out.put(inputs.get(0), inputsNode);
    } else {
      throw ApiException.badRequest("\"inputs\" must be an object with " + inputs);
    }
    return out;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private Map<String, List<JsonNode>> run(String signature, Map<String, JsonNode> in) {
    Map<String, List<JsonNode>> out = new LinkedHashMap<>();
    try {
      switch (signature) {
        case SERVING_DEFAULT -> out.put(RECONSTRUCTION, shaped(model.reconstruct(batch(in.get(X), X, exampleShape))));
        case DECODE -> out.put(RECONSTRUCTION,
            shaped(model.decode(batch(in.get(Z), Z, new int[] {model.latentDim()}))));
        case ENCODE -> {
          List<LatentCode> codes = model.encode(batch(in.get(X), X, exampleShape));
          out.put(MEAN, flat(codes.stream().map(LatentCode::mean).toList()));
          if (model.isVariational()) {
            out.put(LOG_VARIANCE, flat(codes.stream().map(LatentCode::logVariance).toList()));
          }
        }
        case SCORE -> {
          List<Score> scores = model.score(batch(in.get(X), X, exampleShape));
          if (model.isVariational()) {
            out.put(NEG_ELBO, scalars(scores.stream().mapToDouble(Score::negElbo).toArray()));
          }
          out.put(RECONSTRUCTION_LOSS, scalars(scores.stream().mapToDouble(Score::reconstructionLoss).toArray()));
          if (model.isVariational()) {
            out.put(KL, scalars(scores.stream().mapToDouble(Score::kl).toArray()));
          }
        }
        case GENERATE -> {
          JsonNode n = in.get(N);
          JsonNode seed = in.get(SEED);
          if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw ApiException.badRequest("\"n\" must be an integer, got " + n);
          }
          if (!seed.isArray() || seed.size() != 2 || !seed.get(0).isIntegralNumber()
              || !seed.get(1).isIntegralNumber()) {
            throw ApiException.badRequest("\"seed\" must be a list of two integers, got " + seed);
          }
          out.put(SAMPLES, shaped(model.generate(n.asInt(), new long[] {seed.get(0).asLong(), seed.get(1).asLong()})));
        }
        case LOG_LIKELIHOOD -> {
          float[][] xs = batch(in.get(X), X, exampleShape);
          float[][] zs = batch(in.get(Z), Z, new int[] {model.latentDim()});
          if (xs.length != zs.length) {
            throw ApiException.badRequest("inputs x and z have " + xs.length + " and " + zs.length + " examples");
          }
          float[] ll = model.logLikelihood(xs, zs);
          double[] values = new double[ll.length];
          for (int i = 0; i < ll.length; i++) {
            values[i] = ll[i];
          }
          out.put(LOG_PX_Z, scalars(values));
        }
        default -> throw ApiException.badRequest("signature " + signature + " is not served");
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    return out;
  }

  /** A batched JSON array of examples, each nested to {@code shape}, as rows of floats. */
  private static float[][] batch(JsonNode node, String name, int[] shape) {
    if (node == null || !node.isArray()) {
      throw ApiException.badRequest("input \"" + name + "\" must be a list of examples");
    }
    if (node.isEmpty()) {
      throw ApiException.badRequest("input \"" + name + "\" has no examples");
    }
    if (node.size() > MAX_EXAMPLES) {
      throw new ApiException(413, "input \"" + name + "\" has " + node.size() + " examples; at most "
          + MAX_EXAMPLES + " per request");
    }
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    float[][] rows = new float[node.size()][];
    for (int i = 0; i < rows.length; i++) {
      float[] row = new float[size];
      int[] next = {0};
      fill(node.get(i), shape, 0, row, next, name + "[" + i + "]");
      rows[i] = row;
    }
    return rows;
  }

  private static void fill(JsonNode node, int[] shape, int depth, float[] out, int[] next, String where) {
    if (depth == shape.length) {
      if (!node.isNumber()) {
        throw ApiException.badRequest(where + " is " + describe(node) + ", expected a number");
      }
      double v = node.asDouble();
      if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
        throw ApiException.badRequest(where + " is " + node + ", not a finite float32");
      }
      out[next[0]++] = (float) v;
      return;
    }
    if (!node.isArray() || node.size() != shape[depth]) {
      throw ApiException.badRequest(where + " must be a list of " + shape[depth] + " (example shape "
          + java.util.Arrays.toString(shape) + "), got " + describe(node));
    }
    for (int i = 0; i < shape[depth]; i++) {
      fill(node.get(i), shape, depth + 1, out, next, where + "[" + i + "]");
    }
  }

  private static String describe(JsonNode node) {
    if (node.isArray()) {
      return "a list of " + node.size();
    }
    String text = node.toString();
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  /** Output rows nested to the model's example shape. */
  private List<JsonNode> shaped(float[][] rows) {
    List<JsonNode> out = new ArrayList<>(rows.length);
    for (float[] row : rows) {
      int[] next = {0};
      out.add(nest(row, exampleShape, 0, next));
    }
    return out;
  }

  private static JsonNode nest(float[] row, int[] shape, int depth, int[] next) {
    ArrayNode a = JSON.arrayNode(shape[depth]);
    for (int i = 0; i < shape[depth]; i++) {
      if (depth == shape.length - 1) {
        a.add(row[next[0]++]);
      } else {
        a.add(nest(row, shape, depth + 1, next));
      }
    }
    return a;
  }

  private static List<JsonNode> flat(List<float[]> rows) {
    List<JsonNode> out = new ArrayList<>(rows.size());
    for (float[] row : rows) {
      ArrayNode a = JSON.arrayNode(row.length);
      for (float v : row) {
        a.add(v);
      }
      out.add(a);
    }
    return out;
  }

  private static List<JsonNode> scalars(double[] values) {
    List<JsonNode> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(JSON.numberNode((float) v));
    }
    return out;
  }

  private static JsonNode toRows(Map<String, List<JsonNode>> outputs) {
    ArrayNode predictions = JSON.arrayNode();
    int n = outputs.values().iterator().next().size();
    for (int i = 0; i < n; i++) {
      if (outputs.size() == 1) {
        predictions.add(outputs.values().iterator().next().get(i));
      } else {
        ObjectNode o = JSON.objectNode();
        for (Map.Entry<String, List<JsonNode>> e : outputs.entrySet()) {
          o.set(e.getKey(), e.getValue().get(i));
        }
        predictions.add(o);
      }
    }
    ObjectNode response = JSON.objectNode();
    response.set("predictions", predictions);
    return response;
  }

  private static JsonNode toColumns(Map<String, List<JsonNode>> outputs) {
    ObjectNode response = JSON.objectNode();
    if (outputs.size() == 1) {
      response.set("outputs", JSON.arrayNode().addAll(outputs.values().iterator().next()));
    } else {
      ObjectNode o = JSON.objectNode();
      for (Iterator<Map.Entry<String, List<JsonNode>>> it = outputs.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, List<JsonNode>> e = it.next();
        o.set(e.getKey(), JSON.arrayNode().addAll(e.getValue()));
      }
      response.set("outputs", o);
    }
    return response;
  }
}
