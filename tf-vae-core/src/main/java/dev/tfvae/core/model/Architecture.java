package dev.tfvae.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/** The shape of the encoder and decoder networks. */
public enum Architecture {
  /**
   * Fully connected: ReLU hidden layers of the sizes in {@link VaeConfig#hidden()} (the decoder mirrors
   * them), linear heads. Any input shape; the example is flattened.
   */
  MLP(List.of(400)),
  /**
   * Convolutional, for images {@code [H, W]} or {@code [H, W, C]}: one 3×3 stride-2 convolution + ReLU per
   * entry of {@link VaeConfig#hidden()} (its filter count), a dense head to the latent space; the decoder is
   * a dense layer back to the smallest feature map, 3×3 stride-2 transposed convolutions + ReLU in mirror
   * order, and a 3×3 convolution to the image's channels, cropped to {@code H × W}.
   */
  CONV(List.of(32, 64)),
  /**
   * Linear: no hidden layers and no non-linearity, μ = W_e x + b_e and the decoder's mean W_d z + b_d, with
   * the Gaussian likelihood and one variance σ² shared by every data dimension (probabilistic PCA's
   * isotropic noise). Its decoder spans the subspace PCA finds when trained to convergence; the AE's
   * basis of it need not be orthogonal.
   */
  LINEAR(List.of());

  private final List<Integer> defaultHidden;

  Architecture(List<Integer> defaultHidden) {
    this.defaultHidden = defaultHidden;
  }

  /** Hidden layer sizes (MLP) or filter counts (conv) used when none are given. */
  public List<Integer> defaultHidden() {
    return defaultHidden;
  }

  @JsonValue
  public String cliName() {
    return CliNames.of(this);
  }

  @JsonCreator
  public static Architecture parse(String text) {
    return CliNames.parse(Architecture.class, text, "architecture");
  }
}
