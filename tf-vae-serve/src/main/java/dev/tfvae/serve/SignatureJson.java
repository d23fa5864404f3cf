package dev.tfvae.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfvae.infer.SignatureSpec;
import dev.tfvae.infer.TensorSpec;
import java.util.Map;

/**
 * A signature as TF Serving's metadata endpoint prints it: the JSON form of TensorFlow's {@code
 * SignatureDef} protocol buffer with proto field names and default values included (int64 sizes as
 * strings, as proto JSON writes them).
 */
final class SignatureJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SignatureJson() {}

  static ObjectNode of(SignatureSpec signature) {
    ObjectNode def = JSON.objectNode();
    def.set("inputs", tensors(signature.inputs()));
    def.set("outputs", tensors(signature.outputs()));
    def.put("method_name", signature.methodName());
    def.putObject("defaults");
    return def;
  }

  private static ObjectNode tensors(Map<String, TensorSpec> tensors) {
    ObjectNode out = JSON.objectNode();
    tensors.forEach((key, tensor) -> {
      ObjectNode t = out.putObject(key);
      t.put("name", tensor.tensorName());
      t.put("dtype", tensor.dtype());
      ObjectNode shape = t.putObject("tensor_shape");
      ArrayNode dims = shape.putArray("dim");
      if (tensor.shape() != null) {
        for (long size : tensor.shape()) {
          dims.addObject().put("size", Long.toString(size)).put("name", "");
        }
      }
      shape.put("unknown_rank", tensor.shape() == null);
    });
    return out;
  }
}
