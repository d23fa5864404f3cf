package dev.tfvae.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.graph.ModelLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The linear architecture's rules: no hidden layers, the Gaussian likelihood, one shared variance. */
class ModelSettingsTest {
  @Test
  void aLinearModelHasNoHiddenLayersAndIsGaussianWhateverTheDataSuggests() {
    VaeConfig c = VaeConfig.builder().arch(Architecture.LINEAR).latentDim(3).build();
    assertEquals(List.of(), c.hidden());
    assertEquals(Likelihood.GAUSSIAN, c.likelihood());
    // encoder/mean, encoder/log_variance, decoder/logits (kernel and bias each), one shared log σ².
    ModelLayout layout = new ModelLayout(c);
    long count = layout.parameters().stream().mapToLong(p -> p.size()).sum();
    assertEquals(784 * 3 + 3 + 784 * 3 + 3 + 3 * 784 + 784 + 1, count);
  }

  @Test
  void aLinearModelRefusesHiddenLayersAndTheBernoulliLikelihood() {
    IllegalArgumentException hidden = assertThrows(IllegalArgumentException.class,
        () -> ModelSettings.builder().arch(Architecture.LINEAR).hidden(List.of(400)).build());
    assertTrue(hidden.getMessage().contains("no hidden layers"), hidden.getMessage());
    IllegalArgumentException bernoulli = assertThrows(IllegalArgumentException.class,
        () -> ModelSettings.builder().arch(Architecture.LINEAR).likelihood(Likelihood.BERNOULLI).build());
    assertTrue(bernoulli.getMessage().contains("gaussian"), bernoulli.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ModelSettings.builder().hidden(List.of()).build(), "an MLP needs a hidden layer");
  }
}
