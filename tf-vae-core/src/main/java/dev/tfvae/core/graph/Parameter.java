package dev.tfvae.core.graph;

import java.util.Arrays;

/**
 * One parameter tensor of a model.
 *
 * @param name variable name in graphs, checkpoints and SavedModels, e.g. {@code encoder/dense0/kernel}
 * @param shape its shape
 * @param fanIn the input width of its layer; initial values are uniform in ±1/√fanIn (PyTorch's default
 *     for linear and convolution layers); 0 means "initialise to zeros"
 */
public record Parameter(String name, long[] shape, int fanIn) {

  /** Number of scalars. */
  public long size() {
    return Arrays.stream(shape).reduce(1, Math::multiplyExact);
  }

  static Parameter zeros(String name, long... shape) {
    return new Parameter(name, shape, 0);
  }
}
