package dev.tfvae.train.training;

import java.util.Map;

/**
 * Which of TensorFlow's CPU kernels training runs on. TensorFlow reads {@value #ONEDNN_OPTS} once, when its
 * natives load, so a JVM cannot change it for itself: the {@code ./tf-vae} launcher sets it to {@code 1} for
 * the commands that train, and {@code bench} sets it for the child JVM that measures training, unless the
 * user set it. Left unset, TensorFlow 2.18 turns its oneDNN operations on only on CPUs with AVX-512 VNNI,
 * BF16 or AMX, so the same training runs on oneDNN's convolutions on one machine and on Eigen's on another
 * (docs/TFJAVA_NOTES.md, "oneDNN operations"). Inference is left at TensorFlow's default.
 */
public final class TrainingKernels {
  /** TensorFlow's switch for its oneDNN operations. */
  public static final String ONEDNN_OPTS = "TF_ENABLE_ONEDNN_OPTS";

  /** The value the launcher and {@code bench} give training processes. */
  public static final String TRAINING_VALUE = "1";

  private TrainingKernels() {}

  /** Sets {@value #ONEDNN_OPTS} for a child process that trains, unless the caller's environment sets it. */
  public static void forTraining(Map<String, String> childEnvironment) {
    childEnvironment.putIfAbsent(ONEDNN_OPTS, TRAINING_VALUE);
  }

  /** What this process runs on, for benchmark records: the variable's value or TensorFlow's default. */
  public static String describe() {
    String value = System.getenv(ONEDNN_OPTS);
    return value == null
        ? ONEDNN_OPTS + " unset (TensorFlow's default for this CPU)"
        : ONEDNN_OPTS + "=" + value;
  }
}
