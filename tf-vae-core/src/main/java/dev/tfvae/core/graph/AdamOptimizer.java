package dev.tfvae.core.graph;

import static dev.tfvae.core.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A hand-built Adam update (Kingma &amp; Ba) over {@code ApplyAdam} kernels, deterministic and with a fed
 * learning rate.
 *
 * <p>Why not the framework's {@code Adam}: in TF Java 1.1.0 it crashes on scoped variable names, trains
 * every variable in the graph, and races its bias-correction updates against {@code ApplyAdam} (see
 * TFJAVA_NOTES.md). Here every {@code ApplyAdam} waits for <em>all</em> gradients (so no in-place update
 * can be seen by backprop), and the β-power updates wait for every {@code ApplyAdam} (so bias correction
 * uses step t's powers). With both orderings, two runs with the same inputs are bit-identical.
 */
public final class AdamOptimizer {

  /**
   * Adam's constants.
   *
   * @param beta1 decay of the first moment (0.9)
   * @param beta2 decay of the second moment (0.999)
   * @param epsilon added to √v̂ (1e-8)
   */
  public record Settings(float beta1, float beta2, float epsilon) {
    public static final Settings DEFAULT = new Settings(0.9f, 0.999f, 1e-8f);

    public Settings {
      checkArgument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1): %s", beta1);
      checkArgument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1): %s", beta2);
      checkArgument(epsilon > 0, "epsilon must be positive: %s", epsilon);
    }
  }

  private AdamOptimizer() {}

  /**
   * Adds the gradients of {@code loss} with respect to {@code values} and an Adam step for
   * {@code variables} (same order: {@code values.get(i)} is the read of {@code variables.get(i)}).
   *
   * @return the op to run once per training step
   */
  public static Op minimize(
      Ops tf,
      Operand<TFloat32> loss,
      List<Variable<TFloat32>> variables,
      List<Operand<TFloat32>> values,
      Operand<TFloat32> learningRate,
      Settings settings) {
    checkArgument(
        variables.size() == values.size(),
        "%s variables but %s values",
        variables.size(),
        values.size());
    Output<?>[] xs = values.stream().map(Operand::asOutput).toArray(Output<?>[]::new);
    Output<?>[] grads = tf.scope().env() instanceof org.tensorflow.Graph g
        ? g.addGradients(loss.asOutput(), xs)
        : null;
    checkArgument(grads != null, "gradients need a Graph execution environment");

    Ops opt = tf.withSubScope("optimizer");
    // Control dependencies take Ops; an Identity of each gradient is the handle that completes with it.
    List<Op> gradientOps = new ArrayList<>();
    for (Output<?> grad : grads) {
      gradientOps.add(opt.withSubScope("gradients_done").identity(grad));
    }
    Variable<TFloat32> beta1Power = scalarVariable(opt, "beta1_power", settings.beta1());
    Variable<TFloat32> beta2Power = scalarVariable(opt, "beta2_power", settings.beta2());
    Operand<TFloat32> beta1PowerRead = opt.withName("beta1_power_read").identity(beta1Power);
    Operand<TFloat32> beta2PowerRead = opt.withName("beta2_power_read").identity(beta2Power);
    Operand<TFloat32> beta1 = opt.constant(settings.beta1());
    Operand<TFloat32> beta2 = opt.constant(settings.beta2());
    Operand<TFloat32> epsilon = opt.constant(settings.epsilon());

    NamedScopes slots = new NamedScopes(opt);
    NamedScopes updates = new NamedScopes(opt.withControlDependencies(gradientOps));
    List<Op> applies = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> var = variables.get(i);
      String name = var.op().name();
      Shape shape = var.shape();
      Variable<TFloat32> m = slot(slots, name + "/m", shape);
      Variable<TFloat32> v = slot(slots, name + "/v", shape);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> grad = (Operand<TFloat32>) grads[i];
      applies.add(
          updates
              .named(name + "/apply_adam")
              .train
              .applyAdam(
                  var,
                  m,
                  v,
                  beta1PowerRead,
                  beta2PowerRead,
                  learningRate,
                  beta1,
                  beta2,
                  epsilon,
                  grad));
    }
    Ops afterApplies = opt.withControlDependencies(applies);
    Op updateBeta1 =
        afterApplies
            .withName("update_beta1_power")
            .assign(beta1Power, afterApplies.math.mul(beta1PowerRead, beta1));
    Op updateBeta2 =
        afterApplies
            .withName("update_beta2_power")
            .assign(beta2Power, afterApplies.math.mul(beta2PowerRead, beta2));
    return opt.withControlDependencies(List.of(updateBeta1, updateBeta2))
        .withName("step")
        .noOp();
  }

  private static Variable<TFloat32> scalarVariable(Ops tf, String name, float initial) {
    Operand<TFloat32> init = tf.withInitScope().constant(initial);
    return tf.withName(name).variable(init);
  }

  private static Variable<TFloat32> slot(NamedScopes names, String path, Shape shape) {
    Ops init = names.folder(path + "_init").withInitScope();
    Operand<TFloat32> zeros = init.zeros(init.constant(shape.asArray()), TFloat32.class);
    return names.named(path).variable(zeros);
  }
}
