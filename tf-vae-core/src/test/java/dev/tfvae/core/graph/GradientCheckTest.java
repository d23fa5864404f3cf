package dev.tfvae.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.model.VaeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import dev.tfvae.core.model.Architecture;
import dev.tfvae.core.model.Likelihood;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The gradients TensorFlow builds for the whole VAE objective (encoder, sampler, decoder, likelihood and
 * KL terms) agree with central finite differences of the same loss, on tiny networks whose weights are
 * fed through placeholders: MLP with Bernoulli and Gaussian likelihoods, and the convolutional network
 * (whose transposed convolutions rely on TensorFlow's gradient of {@code Conv2DBackpropInput}) on an
 * odd-sized two-channel image; and both conditional networks, whose first layers also read a one-hot
 * label (the label's columns of those kernels get gradients only from the rows of their class).
 */
class GradientCheckTest {

  static Stream<VaeConfig> configs() {
    return Stream.of(
        VaeConfig.builder().inputShape(List.of(3)).hidden(List.of(4)).latentDim(2).build(),
        VaeConfig.builder()
            .inputShape(List.of(3))
            .hidden(List.of(4))
            .latentDim(2)
            .likelihood(Likelihood.GAUSSIAN)
            .build(),
        // Linear: no hidden layer, one output variance shared by the three dimensions.
        VaeConfig.builder().arch(Architecture.LINEAR).inputShape(List.of(3)).latentDim(2).build(),
        VaeConfig.builder()
            .arch(Architecture.CONV)
            .inputShape(List.of(5, 3, 2))
            .hidden(List.of(2, 3))
            .latentDim(2)
            .build(),
        VaeConfig.builder().inputShape(List.of(3)).hidden(List.of(4)).latentDim(2).classes(3).build(),
        VaeConfig.builder()
            .arch(Architecture.CONV)
            .inputShape(List.of(5, 3, 2))
            .hidden(List.of(2, 3))
            .latentDim(2)
            .classes(3)
            .build());
  }

  @ParameterizedTest
  @MethodSource("configs")
  void analyticGradientsMatchFiniteDifferences(VaeConfig config) {
    ModelLayout layout = new ModelLayout(config);
    int size = config.inputSize();
    Random random = new Random(7);
    List<float[]> weights = new ArrayList<>();
    for (Parameter p : layout.parameters()) {
      float[] w = new float[(int) Shape.of(p.shape()).size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (random.nextGaussian() * 0.7);
      }
      weights.add(w);
    }
    float[] x = new float[2 * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat();
    }
    float[][] eps = {{0.3f, -1.1f}, {0.8f, 0.2f}};

    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Placeholder<TFloat32>> inputs = new ArrayList<>();
      for (Parameter p : layout.parameters()) {
        inputs.add(tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(p.shape()))));
      }
      Weights w = layout.weights(p -> inputs.get(layout.parameters().indexOf(p)));
      Operand<TFloat32> xs = tf.constant(Shape.of(config.batchShape(2)), DataBuffers.of(x));
      Network network = layout.network();
      // Two examples of classes 2 and 0: the kernels' rows of class 1 must get zero gradient.
      Operand<TFloat32> label =
          config.conditional() ? tf.constant(new float[][] {{0, 0, 1}, {1, 0, 0}}) : null;
      Network.Encoding e = network.encode(tf, w, xs, label);
      Operand<TFloat32> z =
          VaeLosses.reparameterize(tf, e.mean(), e.logVariance(), tf.constant(eps));
      Operand<TFloat32> output = network.decode(tf, w, z, label);
      Operand<TFloat32> perExample =
          tf.math.add(
              VaeLosses.negLogLikelihood(tf, layout, w, xs, output),
              VaeLosses.klToStandardNormal(tf, e.mean(), e.logVariance()));
      Operand<TFloat32> loss = tf.math.mean(perExample, tf.constant(0));
      Output<?>[] grads =
          g.addGradients(
              loss.asOutput(), inputs.stream().map(Operand::asOutput).toArray(Output<?>[]::new));

      try (Session s = new Session(g)) {
        List<float[]> analytic = new ArrayList<>();
        try (Result r = feed(s, inputs, weights, layout, grads, null)) {
          for (int k = 0; k < grads.length; k++) {
            float[] v = new float[weights.get(k).length];
            ((TFloat32) r.get(k)).copyTo(DataBuffers.of(v, false, false));
            analytic.add(v);
          }
        }
        int checked = 0;
        for (int k = 0; k < weights.size(); k++) {
          float[] w0 = weights.get(k);
          for (int i = 0; i < w0.length; i++) {
            double got = analytic.get(k)[i];
            double numeric = centralDifference(s, inputs, weights, layout, loss, k, i, 1e-2f);
            if (Math.abs(numeric - got) > 2e-2 + 2e-2 * Math.abs(numeric)) {
              // A step of 1e-2 can cross a ReLU kink; a ten times smaller one rarely does.
              numeric = centralDifference(s, inputs, weights, layout, loss, k, i, 1e-3f);
            }
            assertEquals(
                numeric,
                got,
                2e-2 + 2e-2 * Math.abs(numeric),
                layout.parameters().get(k).name() + "[" + i + "]");
            checked++;
          }
        }
        assertTrue(checked == layout.parameterCount(), "checked " + checked + " parameters");
      }
    }
  }

  private static double centralDifference(
      Session s,
      List<Placeholder<TFloat32>> inputs,
      List<float[]> weights,
      ModelLayout layout,
      Operand<TFloat32> loss,
      int k,
      int i,
      float h) {
    float[] w0 = weights.get(k);
    float saved = w0[i];
    w0[i] = saved + h;
    double plus = scalar(s, inputs, weights, layout, loss);
    w0[i] = saved - h;
    double minus = scalar(s, inputs, weights, layout, loss);
    w0[i] = saved;
    return (plus - minus) / (2 * h);
  }

  private static double scalar(
      Session s,
      List<Placeholder<TFloat32>> inputs,
      List<float[]> weights,
      ModelLayout layout,
      Operand<TFloat32> loss) {
    try (Result r = feed(s, inputs, weights, layout, new Output<?>[0], loss)) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  private static Result feed(
      Session s,
      List<Placeholder<TFloat32>> inputs,
      List<float[]> weights,
      ModelLayout layout,
      Output<?>[] fetches,
      Operand<TFloat32> loss) {
    Session.Runner runner = s.runner();
    List<TFloat32> tensors = new ArrayList<>();
    try {
      for (int k = 0; k < inputs.size(); k++) {
        TFloat32 t =
            TFloat32.tensorOf(
                Shape.of(layout.parameters().get(k).shape()),
                DataBuffers.of(weights.get(k), true, false));
        tensors.add(t);
        runner.feed(inputs.get(k), t);
      }
      for (Output<?> f : fetches) {
        runner.fetch(f);
      }
      if (loss != null) {
        runner.fetch(loss);
      }
      return runner.run();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }
}
