package dev.tfvae.core.graph;

import static dev.tfvae.core.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
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
    Map<String, Operand<TFloat32>> map = new LinkedHashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      checkArgument(map.put(parameters.get(i).name(), values.get(i)) == null,
          "parameter %s appears twice", parameters.get(i).name());
    }
    this.byName = Collections.unmodifiableMap(map);
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
