package dev.tfvae.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model cards list every signature a model has, and the shipped cards are the generator's output. */
class ModelCardTest {
  private static final Path SHIPPED = Path.of("..", "savedmodels");

  @Test
  void cardsListEverySignatureTheSavedModelHas() throws Exception {
    String two = ModelCard.renderExisting(SHIPPED.resolve("fashion-mnist-vae/2"));
    assertTrue(two.contains("- `log_likelihood`: [x, z] → [log_px_z]\n"), two);
    assertTrue(two.contains("- `encode`: [x] → [mean, log_variance]\n"), "in the contract's order");
    String one = ModelCard.renderExisting(SHIPPED.resolve("fashion-mnist-vae/1"));
    assertFalse(one.contains("log_likelihood"), "version 1 was exported before the extension");
    assertTrue(one.contains("| examples | 10000 |"), "counts as integers: " + one);
    assertTrue(one.contains("| active_units | 17 |"), one);

    // A card written at export lists what this version exports: the contract and every extension.
    ModelManifest m = ModelManifest.read(SHIPPED.resolve("fashion-mnist-vae/2"));
    String exported = ModelCard.render("x", m);
    String conditional = ModelCard.renderExisting(SHIPPED.resolve("fashion-mnist-cvae/1"));
    assertTrue(conditional.contains("- `encode`: [x, label] → [mean, log_variance]\n"), conditional);
    assertTrue(conditional.contains("10 classes: T-shirt/top"), conditional);
    for (String key : List.of("serving_default", "encode", "decode", "generate", "score", "log_likelihood")) {
      assertTrue(exported.contains("- `" + key + "`: "), key);
    }
  }

  @Test
  void shippedCardsAreRegeneratedFromTheirManifestsAndSignatures() throws Exception {
    for (String version : List.of("fashion-mnist-vae/1", "fashion-mnist-vae/2", "fashion-mnist-conv-vae/1",
        "fashion-mnist-conv-vae/2", "fashion-mnist-cvae/1")) {
      Path folder = SHIPPED.resolve(version);
      assertEquals(ModelCard.renderExisting(folder), Files.readString(folder.resolve(SignatureContract.MODEL_CARD)),
          version + ": regenerate with ModelCard's main");
    }
  }
}
