package dev.tfvae.train.data;

import com.google.common.io.ByteStreams;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST), raw or gzip-compressed.
 *
 * <p>Everything the header claims is checked against the file <em>before</em> the payload is allocated:
 * magic number, element type, dimension count, that the element count fits in memory, and that the file
 * (or, for gzip, the size recorded in its trailer and the most a deflate stream of that length can expand
 * to) holds exactly that many bytes. A lying header therefore fails with a message, not with an
 * {@link OutOfMemoryError}.
 */
public final class IdxReader {
  /** Element type code of unsigned bytes, the only type used by image datasets. */
  public static final int UBYTE = 0x08;

  /** The largest payload read into one array. */
  static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 16L;

  /** Deflate cannot expand data by more than about 1032:1; anything claiming more is lying. */
  private static final long MAX_DEFLATE_RATIO = 1032;

  private static final int MAX_DIMENSIONS = 4;

  /**
   * The content of an IDX file.
   *
   * @param file where it came from
   * @param type element type code ({@link #UBYTE} for unsigned bytes)
   * @param dimensions sizes from the header, outermost first
   * @param data the payload, big-endian as stored
   */
  public record IdxArray(Path file, int type, int[] dimensions, byte[] data) {
    /** Number of items along the first dimension. */
    public int count() {
      return dimensions[0];
    }

    /** Elements per item: the product of all dimensions but the first. */
    public int itemSize() {
      int size = 1;
      for (int i = 1; i < dimensions.length; i++) {
        size *= dimensions[i];
      }
      return size;
    }
  }

  private IdxReader() {}

  /** Reads and validates {@code file}; gzip is detected from its first two bytes. */
  public static IdxArray read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new InvalidDataException(file, "is a directory, expected an IDX file");
    }
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "IDX file not found");
    }
    long fileSize = Files.size(file);
    if (fileSize == 0) {
      throw new InvalidDataException(file, "file is empty");
    }
    boolean gzip = isGzip(file);
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            new BufferedInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16)) {
      Header header = parseHeader(new DataInputStream(in), file, MAX_PAYLOAD_BYTES,
          "; refusing to allocate it");
      int[] dims = header.dimensions();
      int type = header.type();
      long payload = header.payloadBytes();
      long headerBytes = header.headerBytes();
      checkSizeAgainstFile(file, gzip, fileSize, headerBytes, payload, dims);

      byte[] values = new byte[(int) payload];
      int got = ByteStreams.read(in, values, 0, values.length);
      if (got < values.length) {
        throw new InvalidDataException(
            file,
            "truncated: header " + Arrays.toString(dims) + " promises " + payload
                + " bytes of data, found " + got);
      }
      if (in.read() != -1) {
        throw new InvalidDataException(
            file, "has data after the " + payload + " bytes its header " + Arrays.toString(dims)
                + " promises");
      }
      return new IdxArray(file, type, dims, values);
    } catch (ZipException | EOFException e) {
      throw new InvalidDataException(file, "corrupt or truncated gzip data: " + e.getMessage(), e);
    }
  }

  /**
   * The header of an uncompressed IDX file, for reading its items by position.
   *
   * @param file the file
   * @param type element type code
   * @param dimensions sizes from the header, outermost first
   * @param headerBytes where the payload starts
   * @param payloadBytes the payload's size
   */
  public record Header(Path file, int type, int[] dimensions, long headerBytes, long payloadBytes) {
    /** Items along the first dimension. */
    public int count() {
      return dimensions[0];
    }

    /** Elements per item. */
    public int itemSize() {
      return new IdxArray(file, type, dimensions, null).itemSize();
    }
  }

  /**
   * Reads and validates the header of an uncompressed IDX file (as {@link #read} does, the file size
   * included) without reading its payload, which may be larger than a Java array.
   *
   * @throws InvalidDataException if the file is gzip-compressed: items cannot be read by position then
   */
  public static Header header(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "IDX file not found");
    }
    if (isGzip(file)) {
      throw new InvalidDataException(
          file, "is gzip-compressed; streamed training reads IDX items by position and needs the file"
              + " uncompressed (gunzip -k " + file + ")");
    }
    long fileSize = Files.size(file);
    try (DataInputStream data =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 64))) {
      Header header = parseHeader(data, file, fileSize, " (the file has " + fileSize + " bytes)");
      if (header.payloadBytes() / header.count() > MAX_ITEM_BYTES) {
        throw new InvalidDataException(
            file, "items of " + header.payloadBytes() / header.count() + " bytes are larger than "
                + MAX_ITEM_BYTES + " bytes, the most one example may hold");
      }
      checkSizeAgainstFile(
          file, false, fileSize, header.headerBytes(), header.payloadBytes(), header.dimensions());
      return header;
    }
  }

  /** The payload size an IDX file's header promises, raw or gzip (not checked against the file). */
  public static long payloadBytes(Path file) throws IOException {
    boolean gzip = isGzip(file);
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = new BufferedInputStream(gzip ? new GZIPInputStream(raw, 512) : raw, 64)) {
      return parseHeader(new DataInputStream(in), file, Long.MAX_VALUE, "").payloadBytes();
    } catch (ZipException | EOFException e) {
      throw new InvalidDataException(file, "corrupt or truncated gzip data: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and checks a header from {@code data}; the payload it promises may not exceed
   * {@code maxPayload} bytes ({@code why} ends the message that refuses more).
   */
  private static Header parseHeader(DataInputStream data, Path file, long maxPayload, String why)
      throws IOException {
    int magic;
    try {
      magic = data.readInt();
    } catch (EOFException e) {
      throw new InvalidDataException(file, "too short to hold an IDX header (4 bytes)", e);
    }
    if ((magic >>> 16) != 0) {
      throw new InvalidDataException(
          file,
          String.format(
              "not an IDX file: magic number 0x%08X does not start with two zero bytes", magic));
    }
    int type = (magic >>> 8) & 0xFF;
    int elementSize = elementSize(type);
    if (elementSize == 0) {
      throw new InvalidDataException(file, String.format("unknown IDX element type 0x%02X", type));
    }
    int rank = magic & 0xFF;
    if (rank < 1 || rank > MAX_DIMENSIONS) {
      throw new InvalidDataException(
          file, "IDX header declares " + rank + " dimensions; expected 1 to " + MAX_DIMENSIONS);
    }
    int[] dims = new int[rank];
    long payload = elementSize;
    for (int i = 0; i < rank; i++) {
      try {
        dims[i] = data.readInt();
      } catch (EOFException e) {
        throw new InvalidDataException(file, "header ends before dimension " + (i + 1), e);
      }
      if (dims[i] <= 0) {
        throw new InvalidDataException(
            file, "dimension " + (i + 1) + " is " + Integer.toUnsignedString(dims[i])
                + "; sizes must be positive (header " + Arrays.toString(dims) + ")");
      }
      if (payload > maxPayload / dims[i]) {
        throw new InvalidDataException(
            file,
            "header promises more than " + maxPayload + " bytes of data (dimensions so far "
                + Arrays.toString(Arrays.copyOf(dims, i + 1)) + ")" + why);
      }
      payload *= dims[i];
    }
    return new Header(file, type, dims, 4L + 4L * rank, payload);
  }

  /** The largest item (one example) of a file read by {@link #header}: 64 MiB. */
  static final long MAX_ITEM_BYTES = 64L << 20;

  private static void checkSizeAgainstFile(
      Path file, boolean gzip, long fileSize, long headerBytes, long payload, int[] dims)
      throws IOException {
    long expected = headerBytes + payload;
    if (!gzip) {
      if (fileSize != expected) {
        throw new InvalidDataException(
            file,
            "file has " + fileSize + " bytes but its header " + Arrays.toString(dims)
                + " promises " + expected + (fileSize < expected ? " (truncated)" : ""));
      }
      return;
    }
    if (expected > fileSize * MAX_DEFLATE_RATIO) {
      throw new InvalidDataException(
          file,
          "header " + Arrays.toString(dims) + " promises " + expected
              + " bytes, more than a gzip file of " + fileSize + " bytes can hold");
    }
    // ISIZE, the gzip trailer's uncompressed length modulo 2^32 (exact for single-member files).
    long isize = trailerSize(file, fileSize);
    if (isize != (expected & 0xFFFFFFFFL)) {
      throw new InvalidDataException(
          file,
          "gzip trailer records " + isize + " uncompressed bytes but the header "
              + Arrays.toString(dims) + " promises " + expected);
    }
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  private static long trailerSize(Path file, long fileSize) throws IOException {
    if (fileSize < 18) {
      throw new InvalidDataException(file, "gzip file of " + fileSize + " bytes is truncated");
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.seek(fileSize - 4);
      byte[] b = new byte[4];
      f.readFully(b);
      return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    }
  }

  private static int elementSize(int type) {
    return switch (type) {
      case 0x08, 0x09 -> 1;
      case 0x0B -> 2;
      case 0x0C, 0x0D -> 4;
      case 0x0E -> 8;
      default -> 0;
    };
  }
}
