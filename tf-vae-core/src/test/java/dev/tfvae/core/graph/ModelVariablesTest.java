package dev.tfvae.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tfvae.core.model.Architecture;
import dev.tfvae.core.model.Likelihood;
import dev.tfvae.core.model.VaeConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Initial weights built through the framework's {@code Initializer} interface ({@link FanInUniform},
 * the framework's {@code Zeros}) are bit-identical to the hand-built formula they replaced, written out
 * here: {@code u·2b − b} with {@code u = StatelessRandomUniform(shape, [seed, parameter index])} and
 * {@code b = 1/√fan_in}, or zeros for fan-in 0.
 */
class ModelVariablesTest {
  private static final long SEED = 42;

  static Stream<VaeConfig> configs() {
    return Stream.of(
        // A Gaussian likelihood adds decoder/log_variance, the one parameter with fan-in 0.
        VaeConfig.builder()
            .inputShape(List.of(6))
            .hidden(List.of(5))
            .latentDim(3)
            .likelihood(Likelihood.GAUSSIAN)
            .build(),
        VaeConfig.builder()
            .arch(Architecture.CONV)
            .inputShape(List.of(5, 3, 2))
            .hidden(List.of(2, 3))
            .latentDim(2)
            .build());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void initialValuesAreBitIdenticalToTheHandBuiltFormula(VaeConfig config) {
    ModelLayout layout = new ModelLayout(config);
    List<float[]> got = initialValues(layout, tf -> ModelVariables.initialized(tf, layout, SEED)
        .weights().values());
    List<float[]> expected = initialValues(layout, tf -> reference(tf, layout));
    for (int i = 0; i < got.size(); i++) {
      assertArrayEquals(expected.get(i), got.get(i), layout.parameters().get(i).name());
    }
  }

  @ParameterizedTest
  @MethodSource("configs")
  void parametersOfOneShapeStartDifferent(VaeConfig config) {
    // encoder/mean and encoder/log_variance have the same shapes; keying by parameter index, not by
    // the seed alone, is what tells them apart.
    ModelLayout layout = new ModelLayout(config);
    List<float[]> values = initialValues(layout, tf -> ModelVariables.initialized(tf, layout, SEED)
        .weights().values());
    int mean = indexOf(layout, "encoder/mean/kernel");
    int logVariance = indexOf(layout, "encoder/log_variance/kernel");
    assertEquals(values.get(mean).length, values.get(logVariance).length);
    assertFalse(Arrays.equals(values.get(mean), values.get(logVariance)));
  }

  /** The initial values as ModelVariables built them before it used framework initializers. */
  private static List<Operand<TFloat32>> reference(Ops tf, ModelLayout layout) {
    List<Operand<TFloat32>> values = new ArrayList<>();
    for (int i = 0; i < layout.parameters().size(); i++) {
      Parameter p = layout.parameters().get(i);
      if (p.fanIn() == 0) {
        values.add(tf.zeros(tf.constant(p.shape()), TFloat32.class));
      } else {
        float bound = (float) (1.0 / Math.sqrt(p.fanIn()));
        Operand<TFloat32> unit =
            tf.random.statelessRandomUniform(
                tf.constant(p.shape()), tf.constant(new long[] {SEED, i}));
        values.add(tf.math.sub(tf.math.mul(unit, tf.constant(2 * bound)), tf.constant(bound)));
      }
    }
    return values;
  }

  private static int indexOf(ModelLayout layout, String name) {
    for (int i = 0; i < layout.parameters().size(); i++) {
      if (layout.parameters().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no parameter " + name);
  }

  private static List<float[]> initialValues(
      ModelLayout layout, java.util.function.Function<Ops, List<Operand<TFloat32>>> build) {
    try (Graph g = new Graph()) {
      List<Operand<TFloat32>> values = build.apply(Ops.create(g));
      try (Session s = new Session(g)) {
        Session.Runner runner = s.runner();
        values.forEach(runner::fetch);
        List<float[]> out = new ArrayList<>();
        try (Result r = runner.run()) {
          for (int i = 0; i < values.size(); i++) {
            float[] v = new float[(int) layout.parameters().get(i).size()];
            ((TFloat32) r.get(i)).copyTo(DataBuffers.of(v, false, false));
            out.add(v);
          }
        }
        return out;
      }
    }
  }
}
