package dev.tfvae.train.training;

import dev.tfvae.train.cli.TfVaeCli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the real CLI in a child JVM (same classpath), its output going to {@code log}. */
final class CliProcess {
  private CliProcess() {}

  static Process start(List<String> args, Path log) throws IOException {
    return start(args, log, Map.of());
  }

  /** Starts the CLI with {@code environment} added to this JVM's environment. */
  static Process start(List<String> args, Path log, Map<String, String> environment)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TfVaeCli.class.getName());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    return builder.redirectOutput(log.toFile()).start();
  }

  /** Runs the CLI to completion with stdout to {@code stdout} and stderr to {@code log}; its exit code. */
  static int run(List<String> args, Path stdout, Path log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TfVaeCli.class.getName());
    command.addAll(args);
    Process p =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(log.toFile()).start();
    if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the CLI did not finish in 5 minutes: " + args);
    }
    return p.exitValue();
  }
}
