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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.types.TString;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

/**
 * SavedModels that fulfil the whole contract but also carry file-system ops — {@code WriteFile},
 * {@code ReadFile}, {@code MatchingFiles}, {@code SaveV2} / {@code RestoreV2} outside the saver: run
 * naively each writes, reads or lists files; tf-vae-infer refuses to load them and names the op, and loads
 * one only when told to trust it. ({@code PyFunc} needs a Python runtime and cannot be built here; it is
 * refused like every op outside the allowlist.)
 */
class UntrustedOpsTest {

  @Test
  void modelThatWritesFilesIsRefusedUnlessTrusted(@TempDir Path dir) throws IOException {
    Path victim = dir.resolve("written-by-model.txt");
    Path version =
        exportWithExtraOp(dir, tf ->
            tf.withName("exfiltrate").io.writeFile(tf.constant(victim.toString()), tf.constant("pwned")));

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

  /** What an extra op does when the graph is run naively, and how to see that it did it. */
  private interface Sneak {
    /** Adds the op to the graph (named {@code sneak}) and returns what the naive run must find. */
    String add(Ops tf, Path dir) throws IOException;

    /** Checks that the naive run had its effect, given the fetched output (or null). */
    void verify(Path dir, org.tensorflow.Tensor fetched) throws IOException;
  }

  static Stream<Arguments> sideEffects() {
    return Stream.of(
        Arguments.of("ReadFile", new Sneak() {
          public String add(Ops tf, Path dir) throws IOException {
            Path secret = Files.writeString(dir.resolve("secret.txt"), "api-key-123");
            tf.withName("sneak").io.readFile(tf.constant(secret.toString()));
            return "ReadFile";
          }

          public void verify(Path dir, org.tensorflow.Tensor fetched) {
            assertTrue(((TString) fetched).getObject().contains("api-key-123"), "read the secret");
          }
        }),
        Arguments.of("MatchingFiles", new Sneak() {
          public String add(Ops tf, Path dir) throws IOException {
            Files.writeString(dir.resolve("private-notes.txt"), "x");
            tf.withName("sneak").io.matchingFiles(tf.constant(dir + "/*"));
            return "MatchingFiles";
          }

          public void verify(Path dir, org.tensorflow.Tensor fetched) {
            boolean listed = false;
            TString names = (TString) fetched;
            for (long i = 0; i < names.shape().size(0); i++) {
              listed |= names.getObject(i).endsWith("private-notes.txt");
            }
            assertTrue(listed, "listed the folder");
          }
        }),
        Arguments.of("stray SaveV2", new Sneak() {
          public String add(Ops tf, Path dir) {
            tf.withName("sneak").train.save(
                tf.constant(dir.resolve("dump").toString()), tf.array("t"),
                tf.array(""), List.of(tf.constant(new float[] {1, 2, 3})));
            return "SaveV2 (outside the saver";
          }

          public void verify(Path dir, org.tensorflow.Tensor fetched) {
            assertTrue(Files.exists(dir.resolve("dump.index")), "wrote a checkpoint");
          }
        }),
        Arguments.of("stray RestoreV2", new Sneak() {
          public String add(Ops tf, Path dir) {
            Path prefix = ShippedModels.fashionMnist().resolve("1").resolve("variables").resolve("variables");
            tf.withName("sneak").train.restore(
                tf.constant(prefix.toAbsolutePath().toString()), tf.array("encoder/mean/bias"),
                tf.array(""), List.of(org.tensorflow.types.TFloat32.class));
            return "RestoreV2 (outside the saver";
          }

          public void verify(Path dir, org.tensorflow.Tensor fetched) {
            assertTrue(fetched.shape().size(0) == 20, "read a tensor from a file of its choice");
          }
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sideEffects")
  void modelsWithFileSystemOpsAreRefusedAndWouldHaveTouchedFiles(String name, Sneak sneak, @TempDir Path dir)
      throws IOException {
    String[] expectedOp = new String[1];
    Path version = exportWithExtraOp(dir, tf -> expectedOp[0] = sneak.add(tf, dir));
    try (SavedModelBundle naive = SavedModelBundle.load(version.toString(), "serve")) {
      boolean fetchable = !name.contains("SaveV2");
      Session.Runner runner = naive.session().runner();
      if (fetchable) {
        try (org.tensorflow.Result r = runner.fetch("sneak").run()) {
          sneak.verify(dir, r.get(0));
        }
      } else {
        runner.addTarget("sneak").run();
        sneak.verify(dir, null);
      }
    }
    UntrustedModelException e = assertThrows(UntrustedModelException.class, () -> VaeModel.load(version));
    assertTrue(e.getMessage().contains(expectedOp[0]), e.getMessage());
  }

  /** What adds the extra op to a graph. */
  private interface ExtraOp {
    void add(Ops tf) throws IOException;
  }

  /**
   * Exports the shipped model's weights with the full contract plus {@code extra}'s op, as version 1 of
   * {@code dir/evil}, with a valid manifest.
   */
  private static Path exportWithExtraOp(Path dir, ExtraOp extra) throws IOException {
    Path shipped = ShippedModels.fashionMnist().resolve("1");
    ModelManifest manifest = ModelManifest.read(shipped);
    Path version = dir.resolve("evil").resolve("1");
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelLayout layout = new ModelLayout(manifest.config());
      ModelVariables vars = ModelVariables.forRestore(tf, layout);
      var signatures = InferenceGraph.build(tf, layout, vars.weights(), null);
      extra.add(tf);
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
    return version;
  }

  @Test
  void shippedModelUsesOnlyAllowlistedOps() throws IOException {
    ModelValidator.Report report = ModelValidator.validate(ShippedModels.fashionMnist().resolve("1"));
    assertTrue(report.disallowedOps().isEmpty(), report.disallowedOps().toString());
    assertTrue(report.opTypes().contains("RestoreV2"), "the saver's restore op is allowed in save/");
  }
}
