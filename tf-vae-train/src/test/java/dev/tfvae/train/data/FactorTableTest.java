package dev.tfvae.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A factor table's columns are matched by name, its factors typed, its rows divided as training's. */
class FactorTableTest {
  @TempDir Path dir;

  /** 300 rows: id, b, a (features in another order than the model's), kind (text), size (number). */
  private Path table(int rows, String kindPrefix) throws Exception {
    List<String> lines = new ArrayList<>(List.of("id,b,a,kind,size"));
    for (int r = 0; r < rows; r++) {
      lines.add(r + "," + (2 * r) + "," + (-r) + "," + kindPrefix + (r % 3) + "," + (r * 0.5));
    }
    return Files.write(dir.resolve("t.csv"), lines);
  }

  @Test
  void matchesFeaturesByNameTypesTheFactorsAndHoldsOutAsTrainingDoes() throws Exception {
    FactorTable t = FactorTable.read(table(300, "k"), List.of("a", "b"), List.of("size", "kind"), java.util.Set.of());
    assertEquals(270, t.fit().count());
    assertEquals(30, t.held().count());
    boolean[] mask = HoldOut.validationMask(300);
    int firstHeld = 0;
    while (!mask[firstHeld]) {
      firstHeld++;
    }
    // Rows in the model's order (a, b), whatever the file's; the held-out part is HoldOut's.
    assertArrayEquals(new float[] {-firstHeld, 2 * firstHeld}, t.held().rows()[0]);
    FactorTable.Column size = t.held().factors().get(0);
    FactorTable.Column kind = t.held().factors().get(1);
    assertEquals("size", size.name());
    assertFalse(size.categorical());
    assertEquals(firstHeld * 0.5, size.values()[0], 0);
    assertEquals(List.of("k0", "k1", "k2"), kind.categories());
    assertEquals(firstHeld % 3, kind.values()[0], 0);

    // Numbers named categorical are category codes, sorted as texts.
    List<String> lines = new ArrayList<>(List.of("a,group"));
    for (int r = 0; r < 300; r++) {
      lines.add(r + "," + (r % 12));
    }
    Path groups = Files.write(dir.resolve("groups.csv"), lines);
    FactorTable.Column numbers = FactorTable.read(groups, List.of("a"), List.of("group"), java.util.Set.of())
        .fit().factors().get(0);
    assertFalse(numbers.categorical());
    FactorTable.Column codes = FactorTable.read(groups, List.of("a"), List.of("group"), java.util.Set.of("group"))
        .fit().factors().get(0);
    assertTrue(codes.categorical());
    assertEquals(List.of("0", "1", "10", "11", "2"), codes.categories().subList(0, 5));
  }

  @Test
  void badTablesAreRefusedNamingWhatIsWrong() throws Exception {
    Path ok = table(300, "k");
    String missing = assertThrows(InvalidDataException.class,
        () -> FactorTable.read(ok, List.of("a", "c"), List.of("size", "age"), java.util.Set.of())).getMessage();
    assertTrue(missing.contains("c, age (a factor column)") && missing.contains("t.csv"), missing);
    assertThrows(IllegalArgumentException.class,
        () -> FactorTable.read(ok, List.of("a"), List.of(), java.util.Set.of()));
    assertThrows(IllegalArgumentException.class,
        () -> FactorTable.read(ok, List.of("a"), List.of("size"), java.util.Set.of("kind")));
    assertThrows(IllegalArgumentException.class,
        () -> FactorTable.read(ok, List.of("a"), List.of("size", "size"), java.util.Set.of()));
    String few = assertThrows(InvalidDataException.class,
        () -> FactorTable.read(table(50, "k"), List.of("a"), List.of("size"), java.util.Set.of())).getMessage();
    assertTrue(few.contains("50 rows"), few);
    // The id column is a number per row, so a continuous factor; text in every row with 300 values is not.
    List<String> lines = new ArrayList<>(List.of("a,name"));
    for (int r = 0; r < 300; r++) {
      lines.add(r + ",n" + r);
    }
    Path names = Files.write(dir.resolve("names.csv"), lines);
    String many = assertThrows(InvalidDataException.class,
        () -> FactorTable.read(names, List.of("a"), List.of("name"), java.util.Set.of())).getMessage();
    assertTrue(many.contains("'name' has 300 distinct texts") && many.contains("row 2"), many);
    Files.writeString(dir.resolve("bad.csv"), "a,size\n" + "1,2\n".repeat(250) + "x,3\n");
    String cell = assertThrows(InvalidDataException.class,
        () -> FactorTable.read(dir.resolve("bad.csv"), List.of("a"), List.of("size"), java.util.Set.of())).getMessage();
    assertTrue(cell.contains("row 252, column 'a'"), cell);
    Files.writeString(dir.resolve("noheader.csv"), "1,2\n".repeat(300));
    String header = assertThrows(InvalidDataException.class,
        () -> FactorTable.read(dir.resolve("noheader.csv"), List.of("a"), List.of("b"), java.util.Set.of())).getMessage();
    assertTrue(header.contains("no header"), header);
  }
}
