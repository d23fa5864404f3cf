package dev.tfvae.train.cli;

import dev.tfvae.train.training.EpochMetrics;
import dev.tfvae.train.training.TrainingListener;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows training on stderr: a progress bar per epoch with loss, recon, KL and samples/s. */
final class ProgressReporter implements TrainingListener {
  private final int epochs;
  private ProgressBar bar;

  ProgressReporter(int epochs) {
    this.epochs = epochs;
  }

  @Override
  public void epochStarted(int epoch, int steps) {
    bar =
        new ProgressBarBuilder()
            .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
            .setInitialMax(steps)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .continuousUpdate()
            .build();
  }

  @Override
  public void stepFinished(
      int epoch, int step, double loss, double recon, double kl, double samplesPerSecond) {
    bar.stepTo(step);
    bar.setExtraMessage(
        String.format(
            Locale.ROOT,
            "loss %.2f recon %.2f kl %.2f %,.0f samples/s",
            loss,
            recon,
            kl,
            samplesPerSecond));
  }

  /** Ends an unfinished progress bar (training stopped mid-epoch), so messages start on a new line. */
  void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public void message(String text) {
    System.err.println(text);
  }

  @Override
  public void epochFinished(EpochMetrics m) {
    finish();
    System.err.printf(
        Locale.ROOT,
        "epoch %d/%d: train loss %.2f (recon %.2f, kl %.2f) | validation neg_elbo %.2f, "
            + "neg_elbo_mu %.2f, mse/pixel %.5f | %,.0f samples/s%n",
        m.epoch(),
        epochs,
        m.loss(),
        m.recon(),
        m.kl(),
        m.validation().negElbo(),
        m.validation().negElboMu(),
        m.validation().msePerPixel(),
        m.samplesPerSecond());
  }
}
