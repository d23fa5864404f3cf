package dev.tfvae.train.quality;

import dev.tfvae.infer.VaeModel;

/**
 * A conditional model's own class-conditional samples: {@code generate(label, n, seed)}, z ~ N(0, I)
 * decoded with the label asked for.
 */
public final class ConditionalSamples implements LabelledGenerator {
  private final VaeModel model;

  /** @throws IllegalArgumentException if {@code model} is not conditional */
  public ConditionalSamples(VaeModel model) {
    if (!model.isConditional()) {
      throw new IllegalArgumentException(model.path() + " is not a conditional model");
    }
    this.model = model;
  }

  @Override
  public int classes() {
    return model.classes();
  }

  @Override
  public float[][] generate(int label, int n, long seed) {
    return model.generate(label, n, seed);
  }

  @Override
  public String source() {
    return "conditional_generate";
  }
}
