package dev.tfvae.infer;

import dev.tfvae.core.base.Ordered;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Checks a SavedModel version folder against the tf-vae contract <em>without running it</em>: the files,
 * the {@code serve} tag, every signature's method name, keys, dtypes and shapes, and every op type in the
 * graph against an allowlist. A SavedModel is a program; one that could read or write files (or run
 * arbitrary code) is reported here before TensorFlow ever executes it.
 */
public final class ModelValidator {
  /** Op types tf-vae exports use (and near relatives that a future export may use). */
  public static final Set<String> ALLOWED_OPS =
      Ordered.setOf(
          "Abs", "Add", "AddV2", "Assign", "BiasAdd", "ConcatV2", "Const", "Conv2D",
          "Conv2DBackpropInput", "Exp", "ExpandDims", "Fill", "Identity", "Log", "Log1p", "MatMul",
          "Maximum", "Mean", "Minimum", "Mul", "Neg", "NoOp", "Pack", "Placeholder",
          "PlaceholderWithDefault", "RealDiv", "Relu", "Reshape", "Rsqrt", "Shape", "Sigmoid",
          "Slice", "Softplus", "Sqrt", "Square", "SquaredDifference", "StatelessRandomNormal",
          "StatelessRandomNormalV2", "StridedSlice", "Sub", "Sum", "Tanh", "Tile", "VariableV2",
          "ZerosLike");

  /** Checkpoint ops, allowed only inside the saver's own scope (how variables are restored). */
  public static final Set<String> SAVER_OPS =
      Ordered.setOf("SaveV2", "RestoreV2", "MergeV2Checkpoints", "ShardedFilename", "StringJoin");

  /**
   * One failed check.
   *
   * @param check what was checked, e.g. {@code signature encode}
   * @param problem what is wrong
   */
  public record Problem(String check, String problem) {
    @Override
    public String toString() {
      return check + ": " + problem;
    }
  }

  /**
   * The outcome of validating a model.
   *
   * @param versionDir the folder checked
   * @param manifest its manifest, or {@code null} if it could not be read
   * @param tagSets the tag set of every meta graph in the SavedModel
   * @param signatures the signatures of the {@code serve} meta graph by key (empty without one)
   * @param opTypes every op type in the graph
   * @param disallowedOps op types outside the allowlist (including saver ops outside the saver)
   * @param problems contract violations other than ops
   */
  public record Report(
      Path versionDir,
      ModelManifest manifest,
      List<List<String>> tagSets,
      Map<String, SignatureSpec> signatures,
      Set<String> opTypes,
      Set<String> disallowedOps,
      List<Problem> problems) {
    public Report {
      tagSets = tagSets.stream().map(List::copyOf).toList();
      signatures = Ordered.copyOf(signatures);
      opTypes = Ordered.setOf(opTypes);
      disallowedOps = Ordered.setOf(disallowedOps);
      problems = List.copyOf(problems);
    }

    /** True when the contract holds and no op is outside the allowlist. */
    public boolean passed() {
      return problems.isEmpty() && disallowedOps.isEmpty();
    }
  }

  private ModelValidator() {}

  /**
   * Validates {@code versionDir}. I/O failures and files that are not a SavedModel at all are reported as
   * {@link IOException}s naming the file; contract violations are collected in the report.
   */
  public static Report validate(Path versionDir) throws IOException {
    Path pb = versionDir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      throw new java.nio.file.NoSuchFileException(pb.toString(), null, "no saved_model.pb");
    }
    SavedModel savedModel;
    try {
      savedModel = SavedModel.parseFrom(Files.readAllBytes(pb));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(pb + ": not a SavedModel protocol buffer (" + e.getMessage() + ")", e);
    }
    ModelManifest manifest = ModelManifest.read(versionDir);
    List<Problem> problems = new ArrayList<>();
    if (!Files.isRegularFile(versionDir.resolve("variables").resolve("variables.index"))) {
      problems.add(new Problem("files", "variables/variables.index is missing"));
    }
    MetaGraphDef serve = null;
    List<List<String>> tagSets = new ArrayList<>();
    for (MetaGraphDef g : savedModel.getMetaGraphsList()) {
      tagSets.add(g.getMetaInfoDef().getTagsList());
      if (g.getMetaInfoDef().getTagsList().contains(SignatureContract.TAG)) {
        serve = g;
      }
    }
    if (serve == null) {
      problems.add(new Problem("tags", "no meta graph is tagged '" + SignatureContract.TAG + "'"));
      return new Report(versionDir, manifest, tagSets, Map.of(), Set.of(), Set.of(), problems);
    }
    checkSignatures(serve, manifest, problems);
    Set<String> opTypes = new TreeSet<>();
    Set<String> disallowed = new TreeSet<>();
    String saverScope = saverScope(serve);
    for (NodeDef node : serve.getGraphDef().getNodeList()) {
      opTypes.add(node.getOp());
      boolean saverOp =
          SAVER_OPS.contains(node.getOp())
              && saverScope != null
              && node.getName().startsWith(saverScope);
      if (!ALLOWED_OPS.contains(node.getOp()) && !saverOp) {
        disallowed.add(
            SAVER_OPS.contains(node.getOp())
                ? node.getOp() + " (outside the saver, node " + node.getName() + ")"
                : node.getOp());
      }
    }
    if (serve.getGraphDef().getLibrary().getFunctionCount() > 0) {
      disallowed.add(
          "function library (" + serve.getGraphDef().getLibrary().getFunctionCount()
              + " functions)");
    }
    return new Report(
        versionDir, manifest, tagSets, specs(serve.getSignatureDefMap()), opTypes, disallowed, problems);
  }

  /** The signatures as plain records, keys in sorted order. */
  private static Map<String, SignatureSpec> specs(Map<String, SignatureDef> defs) {
    Map<String, SignatureSpec> out = new java.util.TreeMap<>();
    defs.forEach((key, def) -> out.put(key,
        new SignatureSpec(def.getMethodName(), tensors(def.getInputsMap()), tensors(def.getOutputsMap()))));
    return out;
  }

  private static Map<String, TensorSpec> tensors(Map<String, TensorInfo> infos) {
    Map<String, TensorSpec> out = new java.util.TreeMap<>();
    infos.forEach((key, info) -> {
      TensorShapeProto shape = info.getTensorShape();
      out.put(key, new TensorSpec(info.getName(), info.getDtype().name(),
          shape.getUnknownRank() ? null
              : shape.getDimList().stream().map(TensorShapeProto.Dim::getSize).toList()));
    });
    return out;
  }

  /** {@code save/} for a saver whose restore op is {@code save/restore_all}. */
  private static String saverScope(MetaGraphDef graph) {
    String restore = graph.getSaverDef().getRestoreOpName();
    int slash = restore.indexOf('/');
    return slash <= 0 ? null : restore.substring(0, slash + 1);
  }

  private static void checkSignatures(
      MetaGraphDef graph, ModelManifest manifest, List<Problem> problems) {
    Map<String, SignatureDef> defs = graph.getSignatureDefMap();
    long[] inputShape = manifest.config().batchShape(-1);
    int latent = manifest.config().latentDim();
    int classes = manifest.config().classes();
    Map<String, SignatureContract.Keys> expected =
        new java.util.LinkedHashMap<>(SignatureContract.signatures(manifest.config()));
    SignatureContract.extensions(manifest.config())
        .forEach((key, keys) -> {
          if (defs.containsKey(key)) {
            expected.put(key, keys);
          }
        });
    expected
        .forEach(
            (key, keys) -> {
              String where = "signature " + key;
              SignatureDef def = defs.get(key);
              if (def == null) {
                problems.add(new Problem(where, "missing (found " + defs.keySet() + ")"));
                return;
              }
              if (!SignatureContract.METHOD_NAME.equals(def.getMethodName())) {
                problems.add(
                    new Problem(
                        where,
                        "method_name is '" + def.getMethodName() + "', expected '"
                            + SignatureContract.METHOD_NAME + "'"));
              }
              if (!def.getInputsMap().keySet().equals(keys.inputs())) {
                problems.add(
                    new Problem(
                        where, "inputs " + def.getInputsMap().keySet() + ", expected " + keys.inputs()));
              }
              if (!def.getOutputsMap().keySet().containsAll(keys.outputs())) {
                problems.add(
                    new Problem(
                        where,
                        "outputs " + def.getOutputsMap().keySet() + ", expected " + keys.outputs()));
              }
              def.getInputsMap().forEach((name, info) ->
                  checkTensor(where + " input " + name, info, expected(name, inputShape, latent, classes),
                      problems));
              def.getOutputsMap().forEach((name, info) ->
                  checkTensor(where + " output " + name, info, expected(name, inputShape, latent, classes),
                      problems));
            });
  }

  private record Expected(DataType type, long[] dims) {}

  /** Expected dtype and shape of a contract tensor; {@code null} dims means "not checked". */
  private static Expected expected(String name, long[] data, int latent, int classes) {
    return switch (name) {
      case SignatureContract.LABEL -> new Expected(DataType.DT_FLOAT, new long[] {-1, classes});
      case SignatureContract.X, SignatureContract.RECONSTRUCTION, SignatureContract.SAMPLES ->
          new Expected(DataType.DT_FLOAT, data);
      case SignatureContract.Z, SignatureContract.MEAN, SignatureContract.LOG_VARIANCE ->
          new Expected(DataType.DT_FLOAT, new long[] {-1, latent});
      case SignatureContract.N -> new Expected(DataType.DT_INT32, new long[0]);
      case SignatureContract.SEED -> new Expected(DataType.DT_INT64, new long[] {2});
      case SignatureContract.NEG_ELBO, SignatureContract.RECONSTRUCTION_LOSS, SignatureContract.KL,
          SignatureContract.LOG_PX_Z ->
          new Expected(DataType.DT_FLOAT, new long[] {-1});
      default -> new Expected(null, null);
    };
  }

  private static void checkTensor(
      String where, TensorInfo info, Expected expected, List<Problem> problems) {
    if (expected.type() != null && info.getDtype() != expected.type()) {
      problems.add(new Problem(where, "dtype " + info.getDtype() + ", expected " + expected.type()));
    }
    if (expected.dims() == null) {
      return;
    }
    TensorShapeProto shape = info.getTensorShape();
    long[] dims = shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    if (shape.getUnknownRank() || !java.util.Arrays.equals(dims, expected.dims())) {
      problems.add(
          new Problem(
              where,
              "shape " + (shape.getUnknownRank() ? "unknown" : java.util.Arrays.toString(dims))
                  + ", expected " + java.util.Arrays.toString(expected.dims())));
    }
  }
}
