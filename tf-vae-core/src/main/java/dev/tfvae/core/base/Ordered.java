package dev.tfvae.core.base;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unmodifiable copies that keep their iteration order ({@link Map#copyOf} and {@link Set#copyOf} do not),
 * for records whose order shows: manifest metrics, signature keys, op lists.
 */
public final class Ordered {
  private Ordered() {}

  /** An unmodifiable copy of {@code map} in its iteration order; no null keys or values. */
  public static <K, V> Map<K, V> copyOf(Map<K, V> map) {
    Map<K, V> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(
        Preconditions.checkNotNull(k, "null key"), Preconditions.checkNotNull(v, "null value of %s", k)));
    return Collections.unmodifiableMap(copy);
  }

  /** An unmodifiable copy of {@code values} in their iteration order, duplicates dropped. */
  public static <E> Set<E> setOf(Collection<E> values) {
    Set<E> copy = new LinkedHashSet<>();
    for (E e : values) {
      copy.add(Preconditions.checkNotNull(e, "null element"));
    }
    return Collections.unmodifiableSet(copy);
  }

  /** An unmodifiable set of {@code values} in the order given. */
  @SafeVarargs
  public static <E> Set<E> setOf(E... values) {
    return setOf(List.of(values));
  }
}
