package dev.tfvae.core.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.Initializer;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The variables of a model in one graph, named as {@link ModelLayout} says, and the weights read from them.
 *
 * <p>Math never touches a variable's ref-typed output directly: each is read once through
 * {@code Identity} (applying ops straight to a {@code VariableV2} can crash gradient construction).
 */
public final class ModelVariables {
  private final List<Variable<TFloat32>> variables;
  private final Weights weights;

  private ModelVariables(
      ModelLayout layout, List<Variable<TFloat32>> variables, NamedScopes names) {
    this.variables = List.copyOf(variables);
    List<Operand<TFloat32>> reads = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      String name = layout.parameters().get(i).name();
      reads.add(names.named(name + "_read").identity(variables.get(i)));
    }
    this.weights = new Weights(layout.parameters(), reads);
  }

  /**
   * Creates variables initialised like PyTorch's {@code nn.Linear}: kernel and bias uniform in
   * ±1/√fan_in ({@link FanInUniform}), drawn from a stateless generator keyed by
   * {@code (seed, parameter index)} so the same seed gives bit-identical initial weights; parameters
   * with fan-in 0 start at zero (the framework's {@link Zeros}).
   */
  public static ModelVariables initialized(Ops tf, ModelLayout layout, long seed) {
    List<Variable<TFloat32>> vars = new ArrayList<>();
    NamedScopes names = new NamedScopes(tf);
    NamedScopes initNames = new NamedScopes(tf.withInitScope().withSubScope("init"));
    for (int i = 0; i < layout.parameters().size(); i++) {
      Parameter p = layout.parameters().get(i);
      Ops scope = initNames.folder(p.name());
      Initializer<TFloat32> initializer =
          p.fanIn() == 0 ? new Zeros<>() : new FanInUniform(seed, i, p.fanIn());
      Operand<TFloat32> value = initializer.call(scope, scope.constant(p.shape()), TFloat32.class);
      vars.add(names.named(p.name()).variable(value));
    }
    return new ModelVariables(layout, vars, names);
  }

  /** Creates variables with no initialiser, to be filled by {@code Session.restore}. */
  public static ModelVariables forRestore(Ops tf, ModelLayout layout) {
    List<Variable<TFloat32>> vars = new ArrayList<>();
    NamedScopes names = new NamedScopes(tf);
    for (Parameter p : layout.parameters()) {
      vars.add(names.named(p.name()).variable(Shape.of(p.shape()), TFloat32.class));
    }
    return new ModelVariables(layout, vars, names);
  }

  /** The variables, in {@link ModelLayout#parameters()} order. */
  public List<Variable<TFloat32>> variables() {
    return variables;
  }

  /** The weights read from the variables. */
  public Weights weights() {
    return weights;
  }
}
