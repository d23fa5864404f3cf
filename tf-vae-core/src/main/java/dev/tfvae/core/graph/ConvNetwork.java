package dev.tfvae.core.graph;

import dev.tfvae.core.model.VaeConfig;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The convolutional network for images {@code [H, W]} or {@code [H, W, C]}.
 *
 * <p>Encoder: per filter count f<sub>i</sub> of {@link VaeConfig#hidden()}, a 3×3 stride-2 "same"
 * convolution + ReLU ({@code encoder/conv{i}}), halving the feature map (rounding up); then linear heads
 * from the flattened map to μ and log σ². Decoder, the mirror image: a ReLU dense layer
 * ({@code decoder/dense}) to the smallest map, a 3×3 stride-2 transposed convolution + ReLU per level
 * ({@code decoder/deconv{i}}) back to exactly the encoder's size at that level (so odd sizes need no
 * cropping), and a 3×3 stride-1 convolution to the C channels ({@code decoder/logits}). A conditional
 * network appends the one-hot label to the flattened map (before the heads) and to the code.
 *
 * <p>Transposed convolutions are {@code Conv2DBackpropInput}, whose gradient TensorFlow's C++ registry
 * has (checked by {@code GradientCheckTest}).
 */
final class ConvNetwork implements Network {
  private static final int K = 3;
  private static final List<Long> STRIDE_2 = List.of(1L, 2L, 2L, 1L);
  private static final List<Long> STRIDE_1 = List.of(1L, 1L, 1L, 1L);

  private final VaeConfig config;
  private final int channels;
  /** Spatial size at each level: index 0 is the image, index i + 1 the output of conv i. */
  private final int[] heights;
  private final int[] widths;

  ConvNetwork(VaeConfig config) {
    this.config = config;
    int[] dims = config.imageDims();
    this.channels = dims[2];
    int levels = config.hidden().size();
    heights = new int[levels + 1];
    widths = new int[levels + 1];
    heights[0] = dims[0];
    widths[0] = dims[1];
    for (int i = 0; i < levels; i++) {
      heights[i + 1] = (heights[i] + 1) / 2;
      widths[i + 1] = (widths[i] + 1) / 2;
    }
  }

  private int levels() {
    return config.hidden().size();
  }

  private int filters(int level) {
    return config.hidden().get(level);
  }

  private int flatSize() {
    return heights[levels()] * widths[levels()] * filters(levels() - 1);
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> list = new ArrayList<>();
    int in = channels;
    for (int i = 0; i < levels(); i++) {
      int out = filters(i);
      declareConv(list, "encoder/conv" + i, new long[] {K, K, in, out}, in * K * K, out);
      in = out;
    }
    int headInputs = flatSize() + config.classes();
    Dense.declare(list, "encoder/mean", headInputs, config.latentDim());
    if (config.kind() == dev.tfvae.core.model.ModelKind.VAE) {
      Dense.declare(list, "encoder/log_variance", headInputs, config.latentDim());
    }
    Dense.declare(list, "decoder/dense", config.latentDim() + config.classes(), flatSize());
    for (int i = levels() - 1; i >= 0; i--) {
      int from = filters(i);
      int to = filters(Math.max(i - 1, 0));
      // Conv2DBackpropInput filters are [k, k, output channels, input channels]; like PyTorch's
      // ConvTranspose2d, fan-in counts the output channels.
      declareConv(list, "decoder/deconv" + i, new long[] {K, K, to, from}, to * K * K, to);
    }
    declareConv(list, "decoder/logits", new long[] {K, K, filters(0), channels}, filters(0) * K * K,
        channels);
    return list;
  }

  private static void declareConv(
      List<Parameter> list, String prefix, long[] kernelShape, int fanIn, int biasSize) {
    list.add(new Parameter(prefix + "/kernel", kernelShape, fanIn));
    list.add(new Parameter(prefix + "/bias", new long[] {biasSize}, fanIn));
  }

  @Override
  public Encoding encode(Ops tf, Weights w, Operand<TFloat32> x, Operand<TFloat32> label) {
    Ops scope = tf.withSubScope("encoder");
    Operand<TFloat32> h =
        scope.reshape(x, scope.constant(new int[] {-1, heights[0], widths[0], channels}));
    for (int i = 0; i < levels(); i++) {
      String name = "encoder/conv" + i;
      h = scope.nn.conv2d(h, w.get(name + "/kernel"), STRIDE_2, "SAME");
      h = scope.nn.relu(scope.nn.biasAdd(h, w.get(name + "/bias")));
    }
    h = scope.reshape(h, scope.constant(new int[] {-1, flatSize()}));
    return Dense.heads(scope, w, config, Network.withLabel(scope, config, h, label));
  }

  @Override
  public Operand<TFloat32> decode(Ops tf, Weights w, Operand<TFloat32> z, Operand<TFloat32> label) {
    Ops scope = tf.withSubScope("decoder");
    Operand<TInt32> batch =
        scope.reshape(
            scope.slice(scope.shape(z), scope.constant(new int[] {0}), scope.constant(new int[] {1})),
            scope.constant(new int[0]));
    Operand<TFloat32> h =
        scope.nn.relu(w.dense("decoder/dense").apply(scope, Network.withLabel(scope, config, z, label)));
    h =
        scope.reshape(
            h,
            scope.constant(
                new int[] {-1, heights[levels()], widths[levels()], filters(levels() - 1)}));
    for (int i = levels() - 1; i >= 0; i--) {
      String name = "decoder/deconv" + i;
      int to = filters(Math.max(i - 1, 0));
      Operand<TInt32> outputShape =
          scope.stack(
              List.of(
                  batch,
                  scope.constant(heights[i]),
                  scope.constant(widths[i]),
                  scope.constant(to)));
      h = scope.nn.conv2dBackpropInput(outputShape, w.get(name + "/kernel"), h, STRIDE_2, "SAME");
      h = scope.nn.relu(scope.nn.biasAdd(h, w.get(name + "/bias")));
    }
    h = scope.nn.conv2d(h, w.get("decoder/logits/kernel"), STRIDE_1, "SAME");
    h = scope.nn.biasAdd(h, w.get("decoder/logits/bias"));
    return scope.withName("logits").reshape(h, scope.constant(Dense.toInts(config.batchShape(-1))));
  }
}
