package dev.tfvae.train.cli;

import picocli.CommandLine.Option;

/** How a training command shows its progress on stderr. */
final class ProgressOptions {
  @Option(names = {"-q", "--quiet"},
      description = "no progress line and no per-epoch summary on stderr (notices, errors and the"
          + " exported path still print)")
  boolean quiet;

  ProgressReporter reporter(int epochs) {
    return ProgressReporter.forStderr(epochs, quiet);
  }
}
