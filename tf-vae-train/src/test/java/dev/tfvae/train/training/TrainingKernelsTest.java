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
  void anUnsetValueGetsTheTrainingValue() {
    Map<String, String> env = new HashMap<>();
    TrainingKernels.forTraining(env);
    assertEquals(Map.of(TrainingKernels.ONEDNN_OPTS, TrainingKernels.TRAINING_VALUE), env);
  }
}
