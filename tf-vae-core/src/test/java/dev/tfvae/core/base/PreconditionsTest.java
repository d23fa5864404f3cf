package dev.tfvae.core.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
  @Test
  void messagesFillEachPlaceholderInTurnAndKeepTheRest() {
    assertEquals("row 3 has 7 values", Preconditions.format("row %s has %s values", 3, 7));
    assertEquals("100% of 5 [6]", Preconditions.format("100% of %s", 5, 6));
    assertEquals("a %s b", Preconditions.format("a %s b"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Preconditions.checkArgument(false, "n must be in 1..%s, got %s", 10, 11));
    assertEquals("n must be in 1..10, got 11", e.getMessage());
    Preconditions.checkArgument(true, "never %s", "formatted");
    assertEquals("x", Preconditions.checkNotNull("x", "unused"));
    assertEquals("path", assertThrows(NullPointerException.class,
        () -> Preconditions.checkNotNull(null, "%s", "path")).getMessage());
  }

  @Test
  void orderedCopiesKeepTheirOrderAndCannotChange() {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (String k : List.of("z", "a", "m", "b", "y", "c", "x", "d", "w", "e", "v")) {
      map.put(k, k.length());
    }
    Map<String, Integer> copy = Ordered.copyOf(map);
    assertEquals(List.copyOf(map.keySet()), List.copyOf(copy.keySet()));
    assertThrows(UnsupportedOperationException.class, () -> copy.put("q", 1));
    map.put("late", 4);
    assertEquals(11, copy.size(), "a copy, not a view");
    assertEquals(List.of("n", "seed", "x"), List.copyOf(Ordered.setOf("n", "seed", "x", "seed")));
  }
}
