package dev.tfvae.train.training;

import java.io.IOException;
import org.tensorflow.Session;

/**
 * Where the steps of an epoch get their batch: {@link InMemoryBatches} gathers rows of a training set
 * held as one native tensor, {@link StreamedBatches} copies each batch from a window read from disk. Owns
 * the tensors it feeds; steps call {@link #feed} in order, from the step {@link #startEpoch} named.
 */
interface Batches extends AutoCloseable {
  /** Prepares the steps of {@code epoch} from step {@code firstStep} (0-based) on. */
  void startEpoch(int epoch, int firstStep) throws IOException;

  /** Feeds the batch of examples {@code [start, start + count)} of the epoch's order to {@code runner}. */
  void feed(Session.Runner runner, int start, int count) throws IOException;

  /** How the run's fingerprint names this order. */
  String order();

  @Override
  void close();
}
