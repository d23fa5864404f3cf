package dev.tfvae.train.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * TensorBoard event files written by TensorFlow's own summary ops, added to the training graph (never to
 * the exported one). Per step ({@link #STEP_INTERVAL}): {@code train/loss}, {@code train/recon},
 * {@code train/kl}, {@code train/beta}, {@code train/learning_rate}, {@code train/samples_per_second}. Per
 * epoch: the validation figures under {@code validation/…}, {@code epoch/samples_per_second}, and a
 * histogram {@code validation/mu} of the encoder means of up to 1000 validation examples. The step axis
 * is the global step.
 */
final class TensorBoardLog {
  /** Steps between two per-step records. */
  static final int STEP_INTERVAL = 10;

  private final Op open;
  private final Op flush;
  private final Op close;
  private final Placeholder<TInt64> step;
  private final Placeholder<TFloat32> samplesPerSecond;
  private final List<Op> stepWrites = new ArrayList<>();
  private final Map<String, Placeholder<TFloat32>> epochValues = new LinkedHashMap<>();
  private final List<Op> epochWrites = new ArrayList<>();

  TensorBoardLog(Ops root, TrainingGraph g, Path dir) throws IOException {
    Files.createDirectories(dir);
    Ops tf = root.withSubScope("tensorboard");
    Operand<?> writer = tf.summary.summaryWriter(SummaryWriter.sharedName("tf_vae_training"));
    open =
        tf.summary.createSummaryFileWriter(
            writer,
            tf.constant(dir.toAbsolutePath().toString()),
            tf.constant(100),
            tf.constant(2000),
            tf.constant(".tf-vae"));
    flush = tf.summary.flushSummaryWriter(writer);
    close = tf.summary.closeSummaryWriter(writer);
    step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    samplesPerSecond =
        tf.withName("samples_per_second")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    Map<String, Operand<TFloat32>> perStep = new LinkedHashMap<>();
    perStep.put("train/loss", g.loss);
    perStep.put("train/recon", g.meanRecon);
    perStep.put("train/kl", g.meanKl);
    perStep.put("train/beta", g.beta);
    perStep.put("train/learning_rate", g.learningRate);
    perStep.put("train/samples_per_second", samplesPerSecond);
    perStep.forEach(
        (tag, value) ->
            stepWrites.add(tf.summary.writeScalarSummary(writer, step, tf.constant(tag), value)));
    for (String key : new EvalMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0).asMap().keySet()) {
      if (!key.equals("examples")) {
        epochValues.put("validation/" + key, placeholder(tf));
      }
    }
    epochValues.put("epoch/samples_per_second", placeholder(tf));
    epochValues.forEach(
        (tag, value) ->
            epochWrites.add(tf.summary.writeScalarSummary(writer, step, tf.constant(tag), value)));
    epochWrites.add(
        tf.summary.writeHistogramSummary(writer, step, tf.constant("validation/mu"), g.mean));
  }

  private static Placeholder<TFloat32> placeholder(Ops tf) {
    return tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
  }

  void open(Session session) {
    session.runner().addTarget(open).run();
  }

  /** Adds the per-step writes to a training step's runner, fed with {@code globalStep}. */
  void addStepWrites(
      Session.Runner runner, TInt64 globalStep, TFloat32 throughput) {
    runner.feed(step, globalStep).feed(samplesPerSecond, throughput);
    stepWrites.forEach(runner::addTarget);
  }

  /**
   * Writes the per-epoch records, encoding {@code validationInputs} (with their one-hot
   * {@code validationLabels} for a conditional model, else {@code null}) for the μ histogram.
   */
  void writeEpoch(
      Session session,
      TrainingGraph g,
      long globalStep,
      EpochMetrics metrics,
      TFloat32 validationInputs,
      TFloat32 validationLabels) {
    Map<String, Double> values = new LinkedHashMap<>();
    metrics.validation().asMap().forEach((k, v) -> values.put("validation/" + k, v));
    values.put("epoch/samples_per_second", metrics.samplesPerSecond());
    List<TFloat32> tensors = new ArrayList<>();
    try (TInt64 s = TInt64.scalarOf(globalStep)) {
      Session.Runner runner = session.runner().feed(step, s).feed(g.x, validationInputs);
      if (validationLabels != null) {
        runner.feed(g.label, validationLabels);
      }
      epochValues.forEach(
          (tag, placeholder) -> {
            TFloat32 t = TFloat32.scalarOf(values.get(tag).floatValue());
            tensors.add(t);
            runner.feed(placeholder, t);
          });
      epochWrites.forEach(runner::addTarget);
      runner.run();
      session.runner().addTarget(flush).run();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  void close(Session session) {
    // Two runs: targets of one run have no order, and closing before flushing loses the writer.
    session.runner().addTarget(flush).run();
    session.runner().addTarget(close).run();
  }
}
