package dev.tfvae.train.data;

import com.google.common.base.Preconditions;
import dev.tfvae.core.contract.ModelManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Objects;

/**
 * The examples of one split kept on disk and read a range at a time: the rows of a {@link RowFile}, all
 * of them or those a bit set selects (the training or the validation rows of a file that holds both).
 * Reading a range costs one positional read per run of selected rows; where every row is selected, one
 * per 1 MiB. What stays in memory: one bit per file row when rows are selected, and the file row of
 * every 1,024th example. Immutable and safe to share across threads (each read opens its own channel).
 */
public final class StreamedSplit implements ExampleSource {
  /** Examples between two remembered file rows. */
  private static final int STRIDE = 1024;

  private final RowFile file;
  private final BitSet rows;
  private final int count;
  private final long[] anchors;
  private final float[] mean;
  private final float[] std;

  private StreamedSplit(RowFile file, BitSet rows, int count, long[] anchors, float[] mean, float[] std) {
    this.file = file;
    this.rows = rows;
    this.count = count;
    this.anchors = anchors;
    this.mean = mean;
    this.std = std;
  }

  /** Every row of {@code file}. */
  static StreamedSplit of(RowFile file) {
    Preconditions.checkArgument(file.rows() <= Integer.MAX_VALUE, "%s has %s rows", file.file(), file.rows());
    return new StreamedSplit(file, null, (int) file.rows(), null, null, null);
  }

  /** The rows of {@code file} set in {@code rows} (not copied; the caller must not change it). */
  static StreamedSplit of(RowFile file, BitSet rows) {
    int count = rows.cardinality();
    long[] anchors = new long[(count + STRIDE - 1) / STRIDE];
    int position = 0;
    for (int r = rows.nextSetBit(0); r >= 0; r = rows.nextSetBit(r + 1), position++) {
      if (position % STRIDE == 0) {
        anchors[position / STRIDE] = r;
      }
    }
    return new StreamedSplit(file, rows, count, anchors, null, null);
  }

  @Override
  public int count() {
    return count;
  }

  @Override
  public int exampleSize() {
    return file.rowValues();
  }

  @Override
  public void read(int first, int n, float[] into) throws IOException {
    Objects.checkFromIndexSize(first, n, count);
    Objects.checkFromIndexSize(0, Math.multiplyExact(n, exampleSize()), into.length);
    try (FileChannel channel = FileChannel.open(file.file(), StandardOpenOption.READ)) {
      ByteBuffer buffer = file.buffer(n);
      if (rows == null) {
        file.read(channel, first, n, into, 0, buffer);
      } else {
        readSelected(channel, first, n, into, buffer);
      }
    }
    if (mean != null) {
      int d = exampleSize();
      for (int i = 0, values = n * d; i < values; i++) {
        int j = i % d;
        into[i] = (into[i] - mean[j]) / std[j];
      }
    }
  }

  private void readSelected(FileChannel channel, int first, int n, float[] into, ByteBuffer buffer)
      throws IOException {
    int r = (int) anchors[first / STRIDE];
    for (int skip = first % STRIDE; skip > 0; skip--) {
      r = rows.nextSetBit(r + 1);
    }
    int done = 0;
    while (done < n) {
      int runEnd = Math.min(rows.nextClearBit(r), r + (n - done));
      file.read(channel, r, runEnd - r, into, done * exampleSize(), buffer);
      done += runEnd - r;
      if (done < n) {
        r = rows.nextSetBit(runEnd);
      }
    }
  }

  /** A view of these examples standardised as {@link Split#standardized} does it, bit for bit. */
  @Override
  public StreamedSplit standardized(ModelManifest.Standardization standardization) {
    Preconditions.checkArgument(
        standardization.mean().size() == exampleSize(),
        "standardization has %s columns, the data has %s",
        standardization.mean().size(),
        exampleSize());
    Preconditions.checkState(mean == null, "already standardised");
    return new StreamedSplit(
        file, rows, count, anchors, standardization.meanArray(), standardization.stdArray());
  }

  /** The bytes one example takes on disk. */
  public long exampleBytes() {
    return file.rowBytes();
  }

  @Override
  public String toString() {
    return count + " examples of " + exampleSize() + " values in " + file.file();
  }
}
