package dev.tfvae.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.train.training.EpochMetrics;
import dev.tfvae.train.training.EvalMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aLineWithABarFitsTheWidthAndDropsFieldsBeforeTheBar() {
    List<String> fields = List.of("loss 245.12", "ETA 1:40", "21,340 samples/s", "recon 230.10", "kl 15.02");
    String wide = ProgressLine.withBar(200, "epoch 3/10", 0.5, fields);
    assertTrue(wide.endsWith("recon 230.10 kl 15.02"), wide);
    for (int width = 20; width <= 120; width++) {
      String line = ProgressLine.withBar(width, "epoch 3/10", 0.5, fields);
      assertTrue(line.length() <= width, width + ": " + line);
      assertTrue(line.startsWith("epoch 3/10"), line);
      assertTrue(line.contains(" 50%"), line);
      if (width >= 79) {
        // At 80 columns (79 used) the bar keeps its minimum and the first three fields stay.
        assertTrue(line.contains("["), line);
        assertTrue(line.contains("ETA 1:40") && line.contains("samples/s"), line);
      }
      if (line.contains("kl ")) {
        assertTrue(line.contains("recon"), "fields go from the end: " + line);
      }
    }
    String at79 = ProgressLine.withBar(79, "epoch 3/10", 0.5, fields);
    int bar = at79.indexOf(']') - at79.indexOf('[') + 1;
    assertTrue(bar >= ProgressLine.MIN_BAR, at79);
  }

  @Test
  void theBarShowsTheFractionDone() {
    assertEquals("[>         ]", ProgressLine.bar(12, 0));
    assertEquals("[=====>    ]", ProgressLine.bar(12, 0.5));
    assertEquals("[==========]", ProgressLine.bar(12, 1));
    assertEquals("1:05", ProgressLine.duration(65));
    assertEquals("2:00:05", ProgressLine.duration(7205));
  }

  @Test
  void onATerminalTheRunsEtaCountsTheEpochsStillToCome() {
    AtomicLong clock = new AtomicLong(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressReporter r = new ProgressReporter(
        4, ProgressReporter.Mode.TERMINAL, 80, new PrintStream(bytes, true, StandardCharsets.UTF_8),
        clock::get);
    r.epochStarted(1, 10);
    // 5 steps in 5 s: one step per second; 5 steps of this epoch and 30 of the next three remain.
    for (int s = 1; s <= 5; s++) {
      clock.addAndGet(SECOND);
      r.stepFinished(1, s, 250, 240, 10, 1000);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    String last = out.substring(out.lastIndexOf('\r') + 1);
    assertTrue(last.contains("ETA 0:35"), last);
    assertEquals(79, last.length(), "padded to clear the previous line: '" + last + "'");
    assertEquals(5, out.chars().filter(c -> c == '\r').count(), "one redraw per step at 1 s apart");
  }

  @Test
  void withoutATerminalOnlyOnePlainLinePerEpochIsWritten() {
    AtomicLong clock = new AtomicLong(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressReporter r = new ProgressReporter(
        2, ProgressReporter.Mode.LINES, 80, new PrintStream(bytes, true, StandardCharsets.UTF_8),
        clock::get);
    for (int epoch = 1; epoch <= 2; epoch++) {
      r.epochStarted(epoch, 100);
      for (int s = 1; s <= 100; s++) {
        clock.addAndGet(SECOND / 10);
        r.stepFinished(epoch, s, 250, 240, 10, 1000);
      }
      r.epochFinished(metrics(epoch));
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(out.contains("\r"), out);
    List<String> lines = out.lines().toList();
    assertEquals(2, lines.size(), out);
    assertTrue(lines.get(0).startsWith("epoch 1/2: loss 250.00, validation neg_elbo 244.50, ETA 0:10"),
        lines.get(0));
    assertTrue(lines.get(1).contains("run 0:20") && lines.get(1).endsWith("mse/pixel 0.01234"),
        "in full, whatever the width: " + lines.get(1));
  }

  @Test
  void quietPrintsOnlyNotices() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressReporter r = new ProgressReporter(
        1, ProgressReporter.Mode.QUIET, 80, new PrintStream(bytes, true, StandardCharsets.UTF_8),
        () -> 0);
    r.epochStarted(1, 1);
    r.stepFinished(1, 1, 250, 240, 10, 1000);
    r.epochFinished(metrics(1));
    r.message("resuming from checkpoint");
    assertEquals("resuming from checkpoint", bytes.toString(StandardCharsets.UTF_8).strip());
  }

  private static EpochMetrics metrics(int epoch) {
    EvalMetrics validation = new EvalMetrics(244.5, 243.0, 230.0, 14.5, 0.01234, 20, Double.NaN, 0, 0, 1000);
    return new EpochMetrics(epoch, 250, 240, 10, validation, 1000, 10);
  }
}
