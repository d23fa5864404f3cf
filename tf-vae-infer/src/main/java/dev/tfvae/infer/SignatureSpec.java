package dev.tfvae.infer;

import dev.tfvae.core.base.Ordered;
import java.util.Map;

/**
 * One signature of a SavedModel: what TF Serving's metadata endpoint describes.
 *
 * @param methodName e.g. {@code tensorflow/serving/predict}
 * @param inputs the inputs by key (e.g. {@code x}), in the order the model lists them
 * @param outputs the outputs by key (e.g. {@code mean}), in the order the model lists them
 */
public record SignatureSpec(
    String methodName, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
  public SignatureSpec {
    inputs = Ordered.copyOf(inputs);
    outputs = Ordered.copyOf(outputs);
  }
}
