package dev.tfvae.train.cli;

import dev.tfvae.train.training.EpochMetrics;
import dev.tfvae.train.training.TrainingListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows training on stderr. On a terminal: one line redrawn in place (epoch, bar, percent, loss,
 * samples/s, the whole run's ETA, recon and KL, dropping fields from the end to fit the terminal's
 * width), then a summary line per epoch. Elsewhere (a log file, a pipe): only the summary line per
 * epoch, in full. Quiet: neither; notices ({@link #message}) still print.
 */
final class ProgressReporter implements TrainingListener {
  /** How progress is shown. */
  enum Mode {
    TERMINAL,
    LINES,
    QUIET
  }

  /** Redraws at most this often, in nanoseconds. */
  private static final long REDRAW_NANOS = 250_000_000L;

  private final int epochs;
  private final Mode mode;
  private final int width;
  private final PrintStream out;
  private final LongSupplier clock;

  private long runStart = -1;
  private int lastEpoch;
  private long stepsDone;
  private int stepsPerEpoch;
  private long lastDraw;
  private boolean drawnThisEpoch;
  private boolean lineOpen;

  ProgressReporter(int epochs, Mode mode, int width, PrintStream out, LongSupplier clock) {
    this.epochs = epochs;
    this.mode = mode;
    this.width = width;
    this.out = out;
    this.clock = clock;
  }

  /**
   * The reporter for this process's stderr: a terminal when the launcher says so ({@code
   * TFVAE_STDERR_TTY=1}, with the width in {@code TFVAE_COLUMNS}) or, without the launcher, when the
   * JVM has a console; otherwise plain lines.
   */
  static ProgressReporter forStderr(int epochs, boolean quiet) {
    String tty = System.getenv("TFVAE_STDERR_TTY");
    boolean terminal = tty != null ? tty.equals("1") : System.console() != null;
    Mode mode = quiet ? Mode.QUIET : terminal ? Mode.TERMINAL : Mode.LINES;
    return new ProgressReporter(epochs, mode, columns(), System.err, System::nanoTime);
  }

  private static int columns() {
    for (String name : new String[] {"TFVAE_COLUMNS", "COLUMNS"}) {
      String v = System.getenv(name);
      if (v != null && v.matches("\\d{1,4}") && Integer.parseInt(v) >= 20) {
        return Integer.parseInt(v);
      }
    }
    return 80;
  }

  @Override
  public void epochStarted(int epoch, int steps) {
    if (runStart < 0 || epoch < lastEpoch) {
      // The first epoch, or the next network of a comparison: a new run starts.
      runStart = clock.getAsLong();
      stepsDone = 0;
    }
    lastEpoch = epoch;
    stepsPerEpoch = steps;
    drawnThisEpoch = false;
  }

  @Override
  public void stepFinished(
      int epoch, int step, double loss, double recon, double kl, double samplesPerSecond) {
    stepsDone++;
    if (mode != Mode.TERMINAL) {
      return;
    }
    long now = clock.getAsLong();
    if (drawnThisEpoch && now - lastDraw < REDRAW_NANOS && step < stepsPerEpoch) {
      return;
    }
    lastDraw = now;
    drawnThisEpoch = true;
    long remaining = (long) (epochs - epoch) * stepsPerEpoch + (stepsPerEpoch - step);
    List<String> fields = new ArrayList<>();
    fields.add(String.format(Locale.ROOT, "loss %.2f", loss));
    fields.add("ETA " + eta(now, remaining));
    fields.add(String.format(Locale.ROOT, "%,.0f samples/s", samplesPerSecond));
    fields.add(String.format(Locale.ROOT, "recon %.2f", recon));
    fields.add(String.format(Locale.ROOT, "kl %.2f", kl));
    // One column is kept free: some terminals wrap a line that fills the last column.
    String line = ProgressLine.withBar(width - 1, "epoch " + epoch + "/" + epochs,
        (double) step / stepsPerEpoch, fields);
    out.print("\r" + line + " ".repeat(Math.max(0, width - 1 - line.length())));
    out.flush();
    lineOpen = true;
  }

  /** Ends a redrawn line (training stopped mid-epoch), so that messages start on a new line. */
  void finish() {
    if (lineOpen) {
      out.println();
      out.flush();
      lineOpen = false;
    }
  }

  @Override
  public void message(String text) {
    finish();
    out.println(text);
  }

  @Override
  public void epochFinished(EpochMetrics m) {
    if (mode == Mode.QUIET) {
      return;
    }
    if (lineOpen) {
      out.print("\r");
      lineOpen = false;
    }
    long now = clock.getAsLong();
    List<String> fields = new ArrayList<>();
    fields.add(String.format(Locale.ROOT, "loss %.2f", m.loss()));
    fields.add(String.format(Locale.ROOT, "validation neg_elbo %.2f", m.validation().negElbo()));
    fields.add(m.epoch() >= epochs
        ? "run " + ProgressLine.duration((now - runStart) / 1e9)
        : "ETA " + eta(now, (long) (epochs - m.epoch()) * stepsPerEpoch));
    fields.add(String.format(Locale.ROOT, "%,.0f samples/s", m.samplesPerSecond()));
    fields.add(String.format(Locale.ROOT, "recon %.2f", m.recon()));
    fields.add(String.format(Locale.ROOT, "kl %.2f", m.kl()));
    fields.add(String.format(Locale.ROOT, "neg_elbo_mu %.2f", m.validation().negElboMu()));
    fields.add(String.format(Locale.ROOT, "mse/pixel %.5f", m.validation().msePerPixel()));
    String head = "epoch " + m.epoch() + "/" + epochs;
    String line = ProgressLine.fitted(mode == Mode.TERMINAL ? width - 1 : Integer.MAX_VALUE, head, fields);
    out.println(line + (mode == Mode.TERMINAL ? " ".repeat(Math.max(0, width - 1 - line.length())) : ""));
    out.flush();
  }

  /** Time left for {@code remaining} steps at this run's pace so far (validation included). */
  private String eta(long now, long remaining) {
    if (stepsDone == 0) {
      return "--:--";
    }
    double perStep = (now - runStart) / 1e9 / stepsDone;
    return ProgressLine.duration(perStep * remaining);
  }
}
