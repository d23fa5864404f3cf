package dev.tfvae.core.graph;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * All parameters of a model as graph values, by {@linkplain Parameter#name() name}. The same object is
 * filled from variables (training and export) or from placeholders (gradient checks), so the network code
 * never knows which.
 */
public final class Weights {
  private final Map<String, Operand<TFloat32>> byName;

  Weights(List<Parameter> parameters, List<? extends Operand<TFloat32>> values) {
    checkArgument(parameters.size() == values.size(), "%s values for %s parameters", values.size(),
        parameters.size());
    ImmutableMap.Builder<String, Operand<TFloat32>> map = ImmutableMap.builder();
    for (int i = 0; i < parameters.size(); i++) {
      map.put(parameters.get(i).name(), values.get(i));
    }
    this.byName = map.buildOrThrow();
  }

  /** The value of parameter {@code name}. */
  public Operand<TFloat32> get(String name) {
    Operand<TFloat32> value = byName.get(name);
    checkArgument(value != null, "no parameter named %s; have %s", name, byName.keySet());
    return value;
  }

  /** Every value, in the order of the layout's parameters. */
  public List<Operand<TFloat32>> values() {
    return List.copyOf(byName.values());
  }

  /** The fully connected layer whose kernel and bias are {@code prefix/kernel} and {@code prefix/bias}. */
  Dense dense(String prefix) {
    return new Dense(get(prefix + "/kernel"), get(prefix + "/bias"));
  }
}
