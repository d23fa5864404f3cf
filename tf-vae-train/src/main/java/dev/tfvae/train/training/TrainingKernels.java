package dev.tfvae.train.training;

import java.util.Map;

/**
 * Which of TensorFlow's CPU kernels a process runs on. TensorFlow reads {@value #ONEDNN_OPTS} once, when
 * its natives load, so a JVM cannot change it for itself. Left unset, TensorFlow 2.18 turns its oneDNN
 * operations on only on CPUs with AVX-512 VNNI, BF16 or AMX, so the same work would run on oneDNN's
 * kernels on one machine and on Eigen's on another. They train faster (the conv VAE about 2.1×) and infer
 * slower (single-example encode about 25 %), so unless the user set the variable, the {@code ./tf-vae}
 * launcher sets it to {@code 1} for the commands that train and to {@code 0} for the others, and marks
 * its choice with {@value #SET_BY_LAUNCHER}{@code =1}; {@code bench} gives the child JVMs that train the
 * training value, and {@code sweep} its {@code train} and {@code eval} children each theirs
 * (docs/TFJAVA_NOTES.md, "oneDNN operations").
 */
public final class TrainingKernels {
  /** TensorFlow's switch for its oneDNN operations. */
  public static final String ONEDNN_OPTS = "TF_ENABLE_ONEDNN_OPTS";

  /** Set to {@code 1} by the launcher when it, not the user, chose {@value #ONEDNN_OPTS}. */
  public static final String SET_BY_LAUNCHER = "TFVAE_ONEDNN_OPTS_BY_LAUNCHER";

  /** The value the launcher and {@code bench} give training processes. */
  public static final String TRAINING_VALUE = "1";

  /** The value the launcher gives the commands that only infer. */
  public static final String INFERENCE_VALUE = "0";

  private TrainingKernels() {}

  /**
   * Sets {@value #ONEDNN_OPTS} for a child process that trains: the training value, unless the user set
   * the variable. The child's environment then reads as the user's choice ({@link #chosenByUser}).
   */
  public static void forTraining(Map<String, String> childEnvironment) {
    String value = childEnvironment.get(ONEDNN_OPTS);
    if ("1".equals(childEnvironment.remove(SET_BY_LAUNCHER)) || value == null || value.isEmpty()) {
      childEnvironment.put(ONEDNN_OPTS, TRAINING_VALUE);
    }
  }

  /**
   * Sets {@value #ONEDNN_OPTS} for a child process that only infers, as the launcher would for its command:
   * {@value #INFERENCE_VALUE} when the launcher chose this process's value; the user's value otherwise.
   */
  public static void forInference(Map<String, String> childEnvironment) {
    if ("1".equals(childEnvironment.remove(SET_BY_LAUNCHER))) {
      childEnvironment.put(ONEDNN_OPTS, INFERENCE_VALUE);
    }
  }

  /**
   * Whether this process's {@value #ONEDNN_OPTS} was set by the user (or by a parent for a training
   * child), rather than left to TensorFlow or chosen by the launcher.
   */
  public static boolean chosenByUser() {
    String value = System.getenv(ONEDNN_OPTS);
    return value != null && !value.isEmpty() && !"1".equals(System.getenv(SET_BY_LAUNCHER));
  }

  /** What this process runs on, for benchmark records: the variable's value or TensorFlow's default. */
  public static String describe() {
    String value = System.getenv(ONEDNN_OPTS);
    if (value == null || value.isEmpty()) {
      return ONEDNN_OPTS + " unset (TensorFlow's default for this CPU)";
    }
    return ONEDNN_OPTS + "=" + value + ("1".equals(System.getenv(SET_BY_LAUNCHER)) ? " (the launcher's)" : "");
  }
}
