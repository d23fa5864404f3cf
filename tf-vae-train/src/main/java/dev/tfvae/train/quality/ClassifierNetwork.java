package dev.tfvae.train.quality;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.core.graph.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The image classifier whose penultimate features the Fréchet distance compares: two 3×3 stride-2
 * "same" convolutions with ReLU (32 and 64 filters, {@code classifier/conv0}, {@code classifier/conv1}),
 * a ReLU dense layer of {@value #FEATURES} units ({@code classifier/features}, the features) and a
 * linear layer to the class logits ({@code classifier/logits}). Holds its shape only; graph functions
 * take {@code Ops tf} first and add ops under {@code classifier/}.
 */
final class ClassifierNetwork {
  /** Width of the penultimate layer, the features of the Fréchet distance. */
  static final int FEATURES = 128;

  private static final int K = 3;
  private static final int[] FILTERS = {32, 64};
  private static final List<Long> STRIDE_2 = List.of(1L, 2L, 2L, 1L);

  private final int height;
  private final int width;
  private final int channels;
  private final int classes;

  /**
   * @param inputShape one image: {@code [H, W]} or {@code [H, W, C]}
   * @param classes number of labels, at least 2
   */
  ClassifierNetwork(List<Integer> inputShape, int classes) {
    checkArgument(
        inputShape.size() == 2 || inputShape.size() == 3,
        "the classifier takes images [H, W] or [H, W, C], not examples of shape %s", inputShape);
    checkArgument(classes >= 2, "a classifier needs at least 2 classes, the data has %s", classes);
    this.height = inputShape.get(0);
    this.width = inputShape.get(1);
    this.channels = inputShape.size() == 3 ? inputShape.get(2) : 1;
    this.classes = classes;
  }

  int classes() {
    return classes;
  }

  private int flatSize() {
    int h = height;
    int w = width;
    for (int ignored : FILTERS) {
      h = (h + 1) / 2;
      w = (w + 1) / 2;
    }
    return h * w * FILTERS[FILTERS.length - 1];
  }

  /** Every parameter, in a fixed order: kernel then bias of each layer. */
  List<Parameter> parameters() {
    List<Parameter> list = new ArrayList<>();
    int in = channels;
    for (int i = 0; i < FILTERS.length; i++) {
      add(list, "classifier/conv" + i, new long[] {K, K, in, FILTERS[i]}, in * K * K);
      in = FILTERS[i];
    }
    add(list, "classifier/features", new long[] {flatSize(), FEATURES}, flatSize());
    add(list, "classifier/logits", new long[] {FEATURES, classes}, FEATURES);
    return list;
  }

  private static void add(List<Parameter> list, String prefix, long[] kernel, int fanIn) {
    list.add(new Parameter(prefix + "/kernel", kernel, fanIn));
    list.add(new Parameter(prefix + "/bias", new long[] {kernel[kernel.length - 1]}, fanIn));
  }

  /**
   * Variables for {@link #parameters()}: initialised uniform in ±1/√fan-in, drawn by a stateless
   * generator keyed by (seed, parameter index), or with no initialiser ({@code seed} {@code null}) to be
   * restored.
   */
  List<Variable<TFloat32>> variables(Ops tf, Long seed) {
    List<Variable<TFloat32>> vars = new ArrayList<>();
    List<Parameter> parameters = parameters();
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      Ops named = tf.withName(p.name().replace('/', '_'));
      if (seed == null) {
        vars.add(named.variable(Shape.of(p.shape()), TFloat32.class));
      } else {
        Ops init = tf.withInitScope();
        float bound = (float) (1.0 / Math.sqrt(p.fanIn()));
        Operand<TFloat32> unit =
            init.random.statelessRandomUniform(
                init.constant(p.shape()), init.constant(new long[] {seed, i}));
        vars.add(
            named.variable(
                init.math.sub(init.math.mul(unit, init.constant(2 * bound)), init.constant(bound))));
      }
    }
    return vars;
  }

  /** The outputs for images {@code x} {@code [batch, H, W(, C)]}, from the variables' reads. */
  Outputs apply(Ops tf, List<Operand<TFloat32>> w, Operand<TFloat32> x) {
    Ops s = tf.withSubScope("classifier");
    Operand<TFloat32> h = s.reshape(x, s.constant(new int[] {-1, height, width, channels}));
    for (int i = 0; i < FILTERS.length; i++) {
      h = s.nn.conv2d(h, w.get(2 * i), STRIDE_2, "SAME");
      h = s.nn.relu(s.nn.biasAdd(h, w.get(2 * i + 1)));
    }
    h = s.reshape(h, s.constant(new int[] {-1, flatSize()}));
    int f = 2 * FILTERS.length;
    Operand<TFloat32> features =
        s.nn.relu(s.nn.biasAdd(s.linalg.matMul(h, w.get(f)), w.get(f + 1)));
    Operand<TFloat32> logits =
        s.nn.biasAdd(s.linalg.matMul(features, w.get(f + 2)), w.get(f + 3));
    return new Outputs(features, logits);
  }

  /**
   * @param features {@code [batch, FEATURES]}, the penultimate layer
   * @param logits {@code [batch, classes]}
   */
  record Outputs(Operand<TFloat32> features, Operand<TFloat32> logits) {}
}
