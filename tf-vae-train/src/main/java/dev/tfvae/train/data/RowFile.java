package dev.tfvae.train.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file of fixed-size rows after a header: the payload of an uncompressed IDX file (unsigned bytes,
 * scaled to [0, 1] by dividing by 255), or the float32 rows a CSV table was converted to.
 *
 * @param file the file
 * @param offset bytes before the first row
 * @param rowValues values per row
 * @param encoding how a value is stored
 * @param rows rows in the file
 */
record RowFile(Path file, long offset, int rowValues, Encoding encoding, long rows) {
  /** How a value is stored. */
  enum Encoding {
    /** One unsigned byte, read as {@code (b & 0xFF) / 255f}, as {@link IdxDataset} scales pixels. */
    PIXEL_BYTES(1),
    /** A little-endian float32, read as it is. */
    FLOAT32(4);

    final int bytes;

    Encoding(int bytes) {
      this.bytes = bytes;
    }
  }

  /** The largest read into one buffer. */
  private static final int BUFFER_BYTES = 1 << 20;

  long rowBytes() {
    return (long) rowValues * encoding.bytes;
  }

  /**
   * Reads rows {@code [row, row + n)} into {@code into} from value {@code at} on.
   *
   * @param buffer a heap buffer of at least one row, reused across calls
   */
  void read(FileChannel channel, long row, int n, float[] into, int at, ByteBuffer buffer)
      throws IOException {
    long rowBytes = rowBytes();
    int rowsPerRead = (int) Math.max(1, buffer.capacity() / rowBytes);
    int out = at;
    for (int done = 0; done < n; ) {
      int rowsNow = Math.min(rowsPerRead, n - done);
      buffer.clear().limit((int) (rowsNow * rowBytes));
      long position = offset + (row + done) * rowBytes;
      while (buffer.hasRemaining()) {
        int got = channel.read(buffer, position + buffer.position());
        if (got < 0) {
          throw new InvalidDataException(
              file, "ends before row " + (row + done + rowsNow) + " of " + rows
                  + " (the file changed while it was read?)");
        }
      }
      buffer.flip();
      int values = rowsNow * rowValues;
      if (encoding == Encoding.PIXEL_BYTES) {
        byte[] bytes = buffer.array();
        for (int i = 0; i < values; i++) {
          into[out + i] = (bytes[i] & 0xFF) / 255f;
        }
      } else {
        buffer.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(into, out, values);
      }
      out += values;
      done += rowsNow;
    }
  }

  /** A buffer for {@link #read}: up to 1 MiB, at least one row. */
  ByteBuffer buffer(int rowsWanted) {
    long wanted = Math.max(rowBytes(), Math.min(BUFFER_BYTES, rowsWanted * rowBytes()));
    return ByteBuffer.allocate(Math.toIntExact(wanted));
  }
}
