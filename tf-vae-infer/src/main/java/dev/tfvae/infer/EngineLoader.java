package dev.tfvae.infer;

import dev.tfvae.core.contract.SignatureContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;

/** Opens a validated SavedModel version folder in the {@link Engine} a {@link VaeModel.Execution} names. */
final class EngineLoader {
  private EngineLoader() {}

  /**
   * The session configuration of every model. Ops run in the calling thread (negative inter-op
   * threads) with one intra-op thread, which gives the lowest single-example latency; parallelism comes
   * from running several calls, or the parts of a batch, at once (docs/TFJAVA_NOTES.md, "Inference
   * latency").
   */
  static ConfigProto sessionConfig() {
    return ConfigProto.newBuilder()
        .setInterOpParallelismThreads(-1)
        .setIntraOpParallelismThreads(1)
        .setExperimental(ConfigProto.Experimental.newBuilder().setDisableThreadSpinning(true))
        .build();
  }

  /** An opened engine and the execution it runs with. */
  record Opened(Engine engine, VaeModel.Execution execution) {}

  private static final System.Logger LOG = System.getLogger(VaeModel.class.getName());

  /**
   * Opens a validated {@code version} for {@code execution}, and checks that every tensor its signatures
   * name is in the graph. When this TF Java's C API bindings do not link, {@link VaeModel.Execution#C_API}
   * falls back to TF Java's session, with a warning.
   *
   * @throws InvalidModelException if a signature names a tensor the graph lacks
   * @throws IOException if TensorFlow cannot load it
   */
  static Opened open(Path version, ModelValidator.Report report, VaeModel.Execution execution, Lanes lanes)
      throws IOException {
    VaeModel.Execution used = execution;
    Engine engine;
    try {
      engine = load(version, used, lanes);
    } catch (LinkageError e) {
      if (used != VaeModel.Execution.C_API) {
        throw missingNatives(e);
      }
      // The C API bindings of this TF Java do not match the ones tf-vae was built with.
      LOG.log(System.Logger.Level.WARNING,
          "tf-vae-infer: " + version + ": TensorFlow's C API session is unavailable (" + e
              + "); using TF Java's Session, whose single-example calls are slower");
      used = VaeModel.Execution.TF_JAVA;
      engine = load(version, used, lanes);
    }
    try {
      List<String> tensors = new ArrayList<>();
      report.signatures().values().forEach(s -> {
        s.inputs().values().forEach(t -> tensors.add(t.tensorName()));
        s.outputs().values().forEach(t -> tensors.add(t.tensorName()));
      });
      engine.resolve(tensors);
    } catch (IllegalArgumentException e) {
      engine.close();
      throw new InvalidModelException(version,
          List.of(new ModelValidator.Problem("signatures", e.getMessage())));
    }
    return new Opened(engine, used);
  }

  /**
   * Loads {@code version} for {@code execution}.
   *
   * @throws IOException if TensorFlow cannot load it (the message names the folder)
   * @throws LinkageError if TF Java's native bindings are missing or do not match
   */
  static Engine load(Path version, VaeModel.Execution execution, Lanes lanes) throws IOException {
    try {
      return switch (execution) {
        case C_API -> CApiEngine.load(version, SignatureContract.TAG, sessionConfig(), lanes);
        case TF_JAVA -> TfJavaEngine.load(version, SignatureContract.TAG, sessionConfig(), lanes);
      };
    } catch (RuntimeException e) {
      if (!isTensorFlowError(e)) {
        throw e;
      }
      throw new IOException(version + ": TensorFlow could not load the SavedModel: " + e.getMessage(), e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw missingNatives(e);
    }
  }

  /**
   * Whether {@code e} is one of TensorFlow's own errors ({@code org.tensorflow.exceptions}: some extend
   * {@link TensorFlowException}, others {@link IllegalArgumentException} or {@link IllegalStateException}).
   */
  static boolean isTensorFlowError(RuntimeException e) {
    return e.getClass().getPackageName().equals(TensorFlowException.class.getPackageName());
  }

  /**
   * The error for a JVM without TensorFlow's native library: it names the artifact to add instead of
   * a bare {@link UnsatisfiedLinkError}.
   */
  static IllegalStateException missingNatives(LinkageError e) {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    String platform =
        (os.contains("mac") ? "macosx" : os.contains("win") ? "windows" : "linux") + "-"
            + (arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") ? "arm64" : arch);
    return new IllegalStateException(
        "TensorFlow's native library could not be loaded (" + e + "). Add the natives for this"
            + " platform to the application: org.tensorflow:tensorflow-core-native:1.1.0 with classifier "
            + platform + " (or " + platform + "-gpu with CUDA)", e);
  }
}
