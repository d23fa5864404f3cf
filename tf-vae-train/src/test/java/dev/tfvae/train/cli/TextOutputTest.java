package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The text output of the commands is for people: aligned tables with units, integers as integers, no
 * Java collection or record text ({@code {a=1}}, {@code [[serve]]}). {@code --json} is tested elsewhere.
 */
class TextOutputTest {
  private static final String MODEL = "../savedmodels/fashion-mnist-vae";

  /** Text a Map, List or record's toString would leave in the output. */
  private static void noJavaToString(String text) {
    assertFalse(text.matches("(?s).*\\{\\w+=.*"), "a Map.toString in:\n" + text);
    assertFalse(text.contains("[["), "a nested List.toString in:\n" + text);
    assertFalse(text.matches("(?s).*[A-Z]\\w+\\[\\w+=.*"), "a record's toString in:\n" + text);
  }

  @Test
  void numbersAreWrittenAsPeopleReadThem() {
    assertEquals("30", TextTable.number(30.0));
    assertEquals("10,000", TextTable.number(10000.0));
    assertEquals("244.270", TextTable.number(244.27031893339156));
    assertEquals("0.0136285", TextTable.number(0.013628474952402164));
    assertEquals("26,520", TextTable.number(26520.017804479154));
    assertEquals("1,087.5", TextTable.number(1087.5489));
    assertEquals("0.000651309", TextTable.number(6.513088050437354E-4));
    assertEquals("6.5131e-07", TextTable.number(6.513088050437354E-7));
    assertEquals("-", TextTable.number(Double.NaN));
    assertEquals("17", TextTable.number(17));
  }

  @Test
  void tablesAlignNumbersRightAndTextLeft() {
    String t = new TextTable("name", "value", "unit").row("a", 1.5, "ms").row("longer", 1234567, "calls")
        .render();
    assertEquals("name        value  unit\na             1.5  ms\nlonger  1,234,567  calls\n", t);
  }

  @Test
  void evalPrintsCountsAsIntegersWithUnits() {
    CliRunner.Run r = CliRunner.run("eval", "--model", MODEL, "--dataset", "shapes");
    assertEquals(0, r.code(), r.stderr());
    String out = r.stdout();
    noJavaToString(out);
    assertTrue(out.contains("dataset  shapes, held-out split, 2,000 examples"), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("active_units +\\d+ +of 20 dimensions .*")), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("neg_elbo +\\d+\\.\\d+ +nats .*")), out);
    assertFalse(out.contains("2000.00"), out);
  }

  @Test
  void anomalyPrintsOneRowPerSet() {
    CliRunner.Run r = CliRunner.run("anomaly", "--model", MODEL, "--dataset", "shapes", "--anomalies", "noise",
        "--limit", "200");
    assertEquals(0, r.code(), r.stderr());
    noJavaToString(r.stdout());
    List<String> lines = r.stdout().lines().toList();
    assertTrue(lines.get(2).matches("anomaly set +examples +mean neg_elbo +AUROC neg_elbo +AUROC kl"), lines.get(2));
    assertTrue(lines.get(3).matches("\\(normal\\) shapes +200 +\\d+\\.\\d\\d"), lines.get(3));
    assertTrue(lines.get(4).matches("noise +200 +\\d+\\.\\d\\d +1\\.0000 +\\d\\.\\d{4}"), lines.get(4));
  }

  @Test
  void inspectNamesTagsAndTheModelInWords() {
    CliRunner.Run r = CliRunner.run("inspect", "--model", MODEL);
    assertEquals(0, r.code(), r.stderr());
    noJavaToString(r.stdout());
    assertTrue(r.stdout().contains("tags        serve\n"), r.stdout());
    assertTrue(r.stdout().contains("kind        vae, mlp [400], latent 20, bernoulli likelihood, input 28×28\n"),
        r.stdout());
    assertTrue(r.stdout().lines().anyMatch(l -> l.matches(" +serving_default +in +x +DT_FLOAT +\\[-1, 28, 28\\] .*")),
        r.stdout());
    assertTrue(r.stdout().contains("checks: passed"), r.stdout());
  }

  @SuppressWarnings("unchecked")
  @Test
  void benchTextNamesTheMachineAndGivesEachFigureItsUnit() throws Exception {
    Map<String, Object> saved =
        Json.MAPPER.readValue(Files.readString(Path.of("../docs/bench/latest.json")), Map.class);
    String text = BenchCommand.text(saved);
    noJavaToString(text);
    assertTrue(text.contains("machine          2 cores, AMD EPYC, OpenJDK 64-Bit Server VM 17.0.15, Linux amd64\n"),
        text);
    assertTrue(text.lines().anyMatch(l -> l.matches("load_ms +21\\.1571 +ms")), text);
    assertTrue(text.lines().anyMatch(l -> l.matches("rss_before_kb +614,148 +KB")), text);
    assertTrue(text.lines().anyMatch(l -> l.matches("threads8_identical_results +yes")), text);
    assertTrue(text.lines().anyMatch(l -> l.matches(" +train_epoch_samples_per_s +25,523, 27,598 samples/s")), text);
  }
}
