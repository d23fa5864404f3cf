package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment a child JVM that trains is given, from each way its parent's came to be. */
class TrainingKernelsTest {
  @Test
  void theLaunchersInferenceChoiceBecomesTheTrainingValue() {
    Map<String, String> env = new HashMap<>(Map.of(
        TrainingKernels.ONEDNN_OPTS, "0", TrainingKernels.SET_BY_LAUNCHER, "1"));
    TrainingKernels.forTraining(env);
    assertEquals(TrainingKernels.TRAINING_VALUE, env.get(TrainingKernels.ONEDNN_OPTS));
    // The child then reads its setting as chosen for it, and trains in its own JVM.
    assertFalse(env.containsKey(TrainingKernels.SET_BY_LAUNCHER));
  }

  @Test
  void aValueTheUserSetIsKept() {
    Map<String, String> env = new HashMap<>(Map.of(TrainingKernels.ONEDNN_OPTS, "0"));
    TrainingKernels.forTraining(env);
    assertEquals("0", env.get(TrainingKernels.ONEDNN_OPTS));
  }

  @Test
  void anUnsetOrEmptyValueGetsTheTrainingValue() {
    Map<String, String> env = new HashMap<>();
    TrainingKernels.forTraining(env);
    assertEquals(Map.of(TrainingKernels.ONEDNN_OPTS, TrainingKernels.TRAINING_VALUE), env);
    Map<String, String> empty = new HashMap<>(Map.of(TrainingKernels.ONEDNN_OPTS, ""));
    TrainingKernels.forTraining(empty);
    assertEquals(TrainingKernels.TRAINING_VALUE, empty.get(TrainingKernels.ONEDNN_OPTS));
  }

  @Test
  void anInferringChildOfATrainingCommandGetsTheInferenceValue() {
    // `./tf-vae sweep` trains (the launcher chose 1); its eval children infer.
    Map<String, String> env = new HashMap<>(Map.of(
        TrainingKernels.ONEDNN_OPTS, "1", TrainingKernels.SET_BY_LAUNCHER, "1"));
    TrainingKernels.forInference(env);
    assertEquals(Map.of(TrainingKernels.ONEDNN_OPTS, TrainingKernels.INFERENCE_VALUE), env);
  }

  @Test
  void anInferringChildKeepsTheUsersValueOrTensorFlowsDefault() {
    Map<String, String> user = new HashMap<>(Map.of(TrainingKernels.ONEDNN_OPTS, "1"));
    TrainingKernels.forInference(user);
    assertEquals(Map.of(TrainingKernels.ONEDNN_OPTS, "1"), user);
    Map<String, String> unset = new HashMap<>();
    TrainingKernels.forInference(unset);
    assertEquals(Map.of(), unset);
  }
}
