package dev.tfvae.train.training;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How a streamed dataset is shuffled ({@link StreamOrder}): the training examples are cut into chunks of
 * {@code chunkExamples} consecutive examples, and each epoch shuffles its examples within windows of
 * {@code windowChunks} chunks drawn in a seeded order. Only one window is held in memory. Both decide the
 * run's trajectory, so a resume must use the same values. Unused for data held in memory.
 *
 * @param chunkExamples examples per chunk, 1 to 1,048,576 (default 1,024)
 * @param windowChunks chunks shuffled together, 1 to 4,096 (default 16)
 */
public record StreamSettings(int chunkExamples, int windowChunks) {
  public static final StreamSettings DEFAULT = new StreamSettings(1024, 16);

  public StreamSettings {
    checkArgument(
        chunkExamples >= 1 && chunkExamples <= 1 << 20,
        "--chunk-examples must be in 1..1048576, got %s", chunkExamples);
    checkArgument(
        windowChunks >= 1 && windowChunks <= 4096,
        "--shuffle-chunks must be in 1..4096, got %s", windowChunks);
  }

  /** Examples held in memory at once: one window. */
  long windowExamples() {
    return (long) chunkExamples * windowChunks;
  }

  /** How a fingerprint and the docs name this order. */
  String describe() {
    return "streamed: chunks of " + chunkExamples + " examples, shuffled " + windowChunks + " at a time";
  }
}
