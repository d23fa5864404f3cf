package dev.tfvae.train.cli;

import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.infer.ModelPaths;
import dev.tfvae.infer.ModelValidator;
import dev.tfvae.infer.SignatureSpec;
import dev.tfvae.infer.TensorSpec;
import dev.tfvae.infer.VaeModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Print a SavedModel's tags, signatures (inputs, outputs, dtypes, shapes, method names),"
        + " manifest, and the verdict of the checks TF Serving and tf-vae make: tag serve, predict method"
        + " names, batch dimension −1, an integer version folder, variables present and restorable, only"
        + " allowlisted ops. Exit code 0 when every check passes, 2 otherwise.")
final class InspectCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "a version folder or a base folder (its newest version)")
  Path model;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path version = ModelPaths.resolveVersion(model);
    ModelValidator.Report report;
    try {
      report = ModelValidator.validate(version);
    } catch (java.nio.file.NoSuchFileException e) {
      throw e;
    } catch (java.io.IOException e) {
      // Not a SavedModel at all (random bytes, a broken manifest): bad input, exit 2.
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    report.problems().forEach(p -> problems.add(p.toString()));
    if (!report.disallowedOps().isEmpty()) {
      problems.add("ops outside the allowlist: " + report.disallowedOps());
    }
    String folder = version.getFileName().toString();
    if (ModelPaths.versionNumber(folder).isEmpty()) {
      problems.add("version folder '" + folder + "' is not a positive integer (1.."
          + ModelPaths.MAX_VERSION + ", no leading zeros); TF Serving ignores it");
    }
    if (report.passed()) {
      try (VaeModel loaded = VaeModel.load(version)) {
        // Loading restores every variable: the model is restorable.
      } catch (RuntimeException e) {
        problems.add("variables could not be restored: " + e.getMessage());
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", version.toString());
    out.put("tags", report.tagSets());
    Map<String, Object> signatures = new LinkedHashMap<>();
    report.signatures().forEach((key, def) -> signatures.put(key, describe(def)));
    out.put("signatures", signatures);
    out.put("manifest", report.manifest() == null ? null : Json.MAPPER.readTree(report.manifest().toJson()));
    out.put("op_types", report.opTypes());
    out.put("checks_passed", problems.isEmpty());
    out.put("problems", problems);
    if (json) {
      System.out.println(Json.MAPPER.writeValueAsString(out));
    } else {
      System.out.print(text(version, report, problems));
    }
    return problems.isEmpty() ? 0 : TfVaeCli.EXIT_BAD_INPUT;
  }

  /** The report for people: what the model is, its signatures as a table, its ops and the verdict. */
  static String text(Path version, ModelValidator.Report report, List<String> problems) {
    StringBuilder out = new StringBuilder();
    TextTable head = new TextTable();
    head.row("model", version);
    head.row("tags", report.tagSets().stream().map(tags -> String.join(", ", tags))
        .collect(java.util.stream.Collectors.joining("; ")));
    if (report.manifest() != null) {
      var m = report.manifest();
      head.row("kind", ModelsCommand.describeModel(m.config()));
      head.row("trained on", ModelsCommand.describeData(m));
      head.row("created", m.createdAt());
      head.row("command", m.commandLine());
    }
    out.append(head.render()).append("\nsignatures\n");
    TextTable sigs = new TextTable();
    Map<String, SignatureSpec> ordered = new LinkedHashMap<>();
    for (String key : List.of(SignatureContract.SERVING_DEFAULT, SignatureContract.ENCODE,
        SignatureContract.DECODE, SignatureContract.GENERATE, SignatureContract.SCORE)) {
      if (report.signatures().containsKey(key)) {
        ordered.put(key, report.signatures().get(key));
      }
    }
    report.signatures().forEach(ordered::putIfAbsent);
    ordered.forEach((key, def) -> {
      String title = SignatureContract.METHOD_NAME.equals(def.methodName()) ? key
          : key + " (method " + def.methodName() + ")";
      boolean first = true;
      for (var in : def.inputs().entrySet()) {
        sigs.row(first ? title : "", "in", in.getKey(), in.getValue().dtype(), shape(in.getValue()),
            in.getValue().tensorName());
        first = false;
      }
      for (var o : def.outputs().entrySet()) {
        sigs.row(first ? title : "", "out", o.getKey(), o.getValue().dtype(), shape(o.getValue()),
            o.getValue().tensorName());
        first = false;
      }
    });
    sigs.render().lines().forEach(line -> out.append("  ").append(line).append('\n'));
    if (report.signatures().values().stream()
        .allMatch(d -> SignatureContract.METHOD_NAME.equals(d.methodName()))) {
      out.append("  (every signature's method is ").append(SignatureContract.METHOD_NAME).append(")\n");
    }
    out.append('\n').append(wrap("ops (" + report.opTypes().size() + " types): "
        + String.join(", ", report.opTypes()), 100, "  ")).append('\n');
    out.append(problems.isEmpty() ? "checks: passed\n" : "checks: FAILED\n");
    problems.forEach(p -> out.append("  - ").append(p).append('\n'));
    return out.toString();
  }

  private static String shape(TensorSpec info) {
    return info.shape() == null ? "unknown rank" : info.shape().toString();
  }

  /** {@code text} broken at spaces into lines of at most {@code width}, later lines indented. */
  static String wrap(String text, int width, String indent) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        out.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      if (line.length() > 0 && !line.toString().equals(indent)) {
        line.append(' ');
      }
      line.append(word);
    }
    return out.append(line).toString();
  }

  private static Map<String, Object> describe(SignatureSpec def) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("method_name", def.methodName());
    Map<String, String> inputs = new LinkedHashMap<>();
    def.inputs().forEach((n, info) -> inputs.put(n, tensor(info)));
    Map<String, String> outputs = new LinkedHashMap<>();
    def.outputs().forEach((n, info) -> outputs.put(n, tensor(info)));
    d.put("inputs", inputs);
    d.put("outputs", outputs);
    return d;
  }

  private static String tensor(TensorSpec info) {
    String dims = info.shape() == null ? "unknown rank" : info.shape().toString();
    return info.dtype() + " " + dims + " (" + info.tensorName() + ")";
  }
}
