package dev.tfvae.infer;

import java.util.List;

/**
 * One input or output of a signature, as the SavedModel declares it.
 *
 * @param tensorName the graph tensor it names, {@code op:index} (e.g. {@code encoder/mean:0})
 * @param dtype TensorFlow's name of its element type, e.g. {@code DT_FLOAT}, {@code DT_INT64}
 * @param shape its dimensions, −1 where a dimension is not fixed (the batch); {@code null} when the rank
 *     itself is unknown
 */
public record TensorSpec(String tensorName, String dtype, List<Long> shape) {
  public TensorSpec {
    shape = shape == null ? null : List.copyOf(shape);
  }
}
