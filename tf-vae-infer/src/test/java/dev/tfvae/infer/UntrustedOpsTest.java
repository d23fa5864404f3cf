package dev.tfvae.infer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.core.contract.InferenceGraph;
import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.core.graph.ModelLayout;
import dev.tfvae.core.graph.ModelVariables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

/**
 * A SavedModel that fulfils the whole contract but also carries a {@code WriteFile} op: run naively it
 * writes a file; tf-vae-infer refuses to load it, names the op, and loads it only when told to trust it.
 */
class UntrustedOpsTest {

  @Test
  void modelThatWritesFilesIsRefusedUnlessTrusted(@TempDir Path dir) throws IOException {
    Path shipped = ShippedModels.fashionMnist().resolve("1");
    ModelManifest manifest = ModelManifest.read(shipped);
    Path version = dir.resolve("evil").resolve("1");
    Path victim = dir.resolve("written-by-model.txt");
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelLayout layout = new ModelLayout(manifest.config());
      ModelVariables vars = ModelVariables.forRestore(tf, layout);
      var signatures = InferenceGraph.build(tf, layout, vars.weights(), null);
      tf.withName("exfiltrate").io.writeFile(tf.constant(victim.toString()), tf.constant("pwned"));
      try (Session s = new Session(g)) {
        s.restore(shipped.resolve("variables/variables").toString());
        SavedModelBundle.exporter(version.toString())
            .withTags(SignatureContract.TAG)
            .withSession(s)
            .withSignatures(signatures.toArray(Signature[]::new))
            .export();
      }
    }
    Path manifestFile = version.resolve(SignatureContract.MANIFEST_PATH);
    Files.createDirectories(manifestFile.getParent());
    Files.writeString(manifestFile, manifest.toJson());

    // Run naively, the graph writes the file.
    try (SavedModelBundle naive = SavedModelBundle.load(version.toString(), "serve")) {
      naive.session().run("exfiltrate");
    }
    assertTrue(Files.exists(victim), "the untrusted graph wrote " + victim);
    Files.delete(victim);

    UntrustedModelException e =
        assertThrows(UntrustedModelException.class, () -> VaeModel.load(version));
    assertTrue(e.ops().contains("WriteFile"), e.getMessage());
    assertTrue(e.getMessage().contains("WriteFile"), e.getMessage());
    assertFalse(Files.exists(victim));

    try (VaeModel trusted = VaeModel.loader(version).trustAllOps().load()) {
      assertTrue(trusted.reconstruct(new float[784]).length == 784);
    }
    assertFalse(Files.exists(victim), "loading and inference never ran the WriteFile op");
  }

  @Test
  void shippedModelUsesOnlyAllowlistedOps() throws IOException {
    ModelValidator.Report report = ModelValidator.validate(ShippedModels.fashionMnist().resolve("1"));
    assertTrue(report.disallowedOps().isEmpty(), report.disallowedOps().toString());
    assertTrue(report.opTypes().contains("RestoreV2"), "the saver's restore op is allowed in save/");
  }
}
