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
  CONV(List.of(32, 64));

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
