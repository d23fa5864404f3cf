package dev.tfvae.core.graph;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The variables of a model in one graph, named as {@link MlpLayout} says, and the weights read from them.
 *
 * <p>Math never touches a variable's ref-typed output directly: each is read once through
 * {@code Identity} (applying ops straight to a {@code VariableV2} can crash gradient construction).
 */
public final class ModelVariables {
  private final List<Variable<TFloat32>> variables;
  private final MlpWeights weights;

  private ModelVariables(MlpLayout layout, List<Variable<TFloat32>> variables, Ops tf) {
    this.variables = ImmutableList.copyOf(variables);
    List<Operand<TFloat32>> reads = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      String name = layout.parameters().get(i).name();
      reads.add(scoped(tf, name + "_read").identity(variables.get(i)));
    }
    this.weights = layout.weights(p -> reads.get(layout.parameters().indexOf(p)));
  }

  /**
   * Creates variables initialised like PyTorch's {@code nn.Linear}: kernel and bias uniform in
   * ±1/√fan_in, drawn from a stateless generator keyed by {@code (seed, parameter index)} so the same
   * seed gives bit-identical initial weights.
   */
  public static ModelVariables initialized(Ops tf, MlpLayout layout, long seed) {
    List<Variable<TFloat32>> vars = new ArrayList<>();
    Ops init = tf.withInitScope();
    for (int i = 0; i < layout.parameters().size(); i++) {
      MlpLayout.Parameter p = layout.parameters().get(i);
      float bound = (float) (1.0 / Math.sqrt(p.fanIn()));
      Ops scope = scoped(init, p.name() + "_init");
      Operand<TFloat32> unit =
          scope.random.statelessRandomUniform(
              scope.constant(p.shape()), scope.constant(new long[] {seed, i}));
      Operand<TFloat32> value =
          scope.math.sub(scope.math.mul(unit, scope.constant(2 * bound)), scope.constant(bound));
      vars.add(scoped(tf, p.name()).variable(value));
    }
    return new ModelVariables(layout, vars, tf);
  }

  /** Creates variables with no initialiser, to be filled by {@code Session.restore}. */
  public static ModelVariables forRestore(Ops tf, MlpLayout layout) {
    List<Variable<TFloat32>> vars = new ArrayList<>();
    for (MlpLayout.Parameter p : layout.parameters()) {
      vars.add(scoped(tf, p.name()).variable(Shape.of(p.shape()), TFloat32.class));
    }
    return new ModelVariables(layout, vars, tf);
  }

  /** Ops whose next op is named {@code path} ("a/b/c" becomes sub-scopes a, b and the name c). */
  static Ops scoped(Ops tf, String path) {
    String[] parts = path.split("/");
    Ops scope = tf;
    for (int i = 0; i < parts.length - 1; i++) {
      scope = scope.withSubScope(parts[i]);
    }
    return scope.withName(parts[parts.length - 1]);
  }

  /** The variables, in {@link MlpLayout#parameters()} order. */
  public List<Variable<TFloat32>> variables() {
    return variables;
  }

  /** The weights read from the variables. */
  public MlpWeights weights() {
    return weights;
  }
}
