package dev.tfvae.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.model.VaeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
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
 * The gradients TensorFlow builds for the whole VAE objective (encoder, sampler, decoder, Bernoulli and
 * KL terms) agree with central finite differences of the same loss, on a tiny network whose weights are
 * fed through placeholders.
 */
class GradientCheckTest {

  @Test
  void analyticGradientsMatchFiniteDifferences() {
    VaeConfig config =
        VaeConfig.builder().inputShape(List.of(3)).hidden(List.of(4)).latentDim(2).build();
    MlpLayout layout = new MlpLayout(config);
    Random random = new Random(7);
    List<float[]> weights = new ArrayList<>();
    for (MlpLayout.Parameter p : layout.parameters()) {
      float[] w = new float[(int) Shape.of(p.shape()).size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (random.nextGaussian() * 0.7);
      }
      weights.add(w);
    }
    float[][] x = {{0.1f, 0.9f, 0.5f}, {1f, 0f, 0.3f}};
    float[][] eps = {{0.3f, -1.1f}, {0.8f, 0.2f}};

    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Placeholder<TFloat32>> inputs = new ArrayList<>();
      for (MlpLayout.Parameter p : layout.parameters()) {
        inputs.add(tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(p.shape()))));
      }
      MlpWeights w = layout.weights(p -> inputs.get(layout.parameters().indexOf(p)));
      Operand<TFloat32> xs = tf.constant(x);
      MlpNetwork.Encoding e = MlpNetwork.encode(tf, w, xs, 3);
      Operand<TFloat32> z =
          VaeLosses.reparameterize(tf, e.mean(), e.logVariance(), tf.constant(eps));
      Operand<TFloat32> logits = MlpNetwork.decodeLogits(tf, w, z, List.of(3));
      Operand<TFloat32> perExample =
          tf.math.add(
              VaeLosses.bernoulliNegLogLikelihood(tf, xs, logits, 3),
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
        float h = 1e-2f;
        int checked = 0;
        for (int k = 0; k < weights.size(); k++) {
          float[] w0 = weights.get(k);
          for (int i = 0; i < w0.length; i++) {
            float saved = w0[i];
            w0[i] = saved + h;
            double plus = scalar(s, inputs, weights, layout, loss);
            w0[i] = saved - h;
            double minus = scalar(s, inputs, weights, layout, loss);
            w0[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            double got = analytic.get(k)[i];
            assertEquals(
                numeric,
                got,
                2e-2 + 2e-2 * Math.abs(numeric),
                layout.parameters().get(k).name() + "[" + i + "]");
            checked++;
          }
        }
        assertTrue(checked > 60, "checked " + checked + " parameters");
      }
    }
  }

  private static double scalar(
      Session s,
      List<Placeholder<TFloat32>> inputs,
      List<float[]> weights,
      MlpLayout layout,
      Operand<TFloat32> loss) {
    try (Result r = feed(s, inputs, weights, layout, new Output<?>[0], loss)) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  private static Result feed(
      Session s,
      List<Placeholder<TFloat32>> inputs,
      List<float[]> weights,
      MlpLayout layout,
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
