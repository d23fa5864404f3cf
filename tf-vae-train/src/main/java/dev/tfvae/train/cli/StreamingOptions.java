package dev.tfvae.train.cli;

import dev.tfvae.train.data.DatasetLoader;
import dev.tfvae.train.data.TrainingData;
import dev.tfvae.train.training.StreamSettings;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Whether {@code train} holds its data in memory or streams it from disk, and how streamed data is
 * shuffled. Streaming is chosen by {@code --stream}, or when the data would take more memory than
 * {@code --memory-budget} (by default the Java heap's maximum).
 */
final class StreamingOptions {
  private static final long MAX_BUDGET_MB = 1L << 30;

  @Option(names = "--stream",
      description = "read the training data from disk as training goes instead of holding it in memory"
          + " (IDX folders and csv:FILE; default: only when it does not fit --memory-budget)")
  boolean stream;

  @Option(names = "--memory-budget", paramLabel = "MB",
      description = "stream the data when holding it in memory would take more than this (default: the"
          + " Java heap's maximum, -Xmx)")
  long memoryBudgetMb;

  @Option(names = "--chunk-examples", paramLabel = "N",
      description = "streamed data: consecutive examples per chunk (default ${DEFAULT-VALUE})")
  int chunkExamples = StreamSettings.DEFAULT.chunkExamples();

  @Option(names = "--shuffle-chunks", paramLabel = "N",
      description = "streamed data: chunks read and shuffled together, in a seeded chunk order (default"
          + " ${DEFAULT-VALUE})")
  int shuffleChunks = StreamSettings.DEFAULT.windowChunks();

  /** The shuffle of streamed data; throws {@link IllegalArgumentException} naming a bad value. */
  StreamSettings settings() {
    return new StreamSettings(chunkExamples, shuffleChunks);
  }

  /** Loads {@code data} into memory, or opens it for streaming when asked or when it does not fit. */
  TrainingData load(DatasetOptions data) throws IOException {
    if (memoryBudgetMb < 0 || memoryBudgetMb > MAX_BUDGET_MB) {
      throw new IllegalArgumentException(
          "--memory-budget must be in 1.." + MAX_BUDGET_MB + " MB, or 0 for the Java heap's maximum, got "
              + memoryBudgetMb);
    }
    settings();
    DatasetLoader loader = data.source.loader().withLabelColumn(data.source.labelColumn);
    if (!stream) {
      long need = loader.inMemoryBytes(data.dataset);
      long budget = memoryBudgetMb > 0 ? memoryBudgetMb << 20 : Runtime.getRuntime().maxMemory();
      if (need <= budget) {
        return data.load();
      }
      System.err.printf(Locale.ROOT,
          "%s would take about %,d MiB in memory, more than the memory budget of %,d MiB"
              + " (--memory-budget); streaming it from disk%n", data.dataset, need >> 20, budget >> 20);
    }
    System.err.println("opening dataset " + data.dataset + " for streaming ...");
    return loader.stream(data.dataset);
  }
}
