package dev.tfvae.train.cli;

import dev.tfvae.core.model.Architecture;
import java.util.ListResourceBundle;
import java.util.stream.Collectors;

/**
 * Values that option descriptions show but annotations cannot hold (they are not compile-time constants),
 * read by picocli as {@code ${bundle:KEY}}: {@code hidden.mlp} and {@code hidden.conv}, each
 * architecture's {@link Architecture#defaultHidden()}.
 */
public final class OptionTexts extends ListResourceBundle {
  @Override
  protected Object[][] getContents() {
    return new Object[][] {
      {"hidden.mlp", hidden(Architecture.MLP)}, {"hidden.conv", hidden(Architecture.CONV)}
    };
  }

  private static String hidden(Architecture arch) {
    return arch.defaultHidden().stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
