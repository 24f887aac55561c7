package org.elementvault.engine.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * Cuts the bytes of an RFC 4180 CSV file into blocks of whole records, so that other threads can
 * parse the blocks at once. Only quotes and line breaks are looked at, the way FastCSV reads them:
 * a quote opens a quoted field only at the start of a field, {@code ""} inside one is a quote, CR,
 * LF and CRLF end a record outside quotes and count as one line wherever they are, and empty lines
 * are no record. Everything else (UTF-8, field counts, stray characters after a closing quote) is
 * left to the parser of the block, which counts the records again, so a file this class reads
 * differently is refused there rather than imported.
 *
 * <p>Memory is bounded whatever the file: a block is cut early, at a record boundary, once it holds
 * {@value #SOFT_BLOCK_BYTES} bytes, and a record over {@value #MAX_RECORD_BYTES} bytes is refused.
 * Not thread-safe.
 */
final class CsvBlocks {

  /** A block is cut at the next record boundary once it is this long. */
  static final int SOFT_BLOCK_BYTES = 16 << 20;

  /** The longest record: more fields of 1 MiB than a block should hold is refused. */
  static final int MAX_RECORD_BYTES = 32 << 20;

  private static final int READ_BYTES = 1 << 20;

  /**
   * Whole records of the file, {@code bytes[0, length)}, the first starting on line {@code
   * firstLine} (1-based); {@code rows} is how many records this class counted in it.
   */
  record Block(byte[] bytes, int length, long firstLine, int rows) {}

  private final InputStream in;
  private final byte[] buffer = new byte[READ_BYTES];
  private int position;
  private int limit;
  private long bytesRead;
  private long line = 1;

  /**
   * Whether an LF would complete a CRLF rather than start a line. As in FastCSV, which numbers the
   * lines an import's refusals name, text inside quotes between CR and LF does not end the pair.
   */
  private boolean crPending;

  private boolean ended;

  /** The size to start a block at: a little over the last one, so blocks rarely grow. */
  private int expectedLength = 1 << 20;

  CsvBlocks(InputStream in) {
    this.in = in;
  }

  /**
   * The next block of at most {@code maxRows} records, or null once the file holds no more.
   *
   * @throws VaultException {@code USER_ERROR} if the file cannot be read; {@code RESOURCE_LIMIT}
   *     for a record over {@value #MAX_RECORD_BYTES} bytes
   */
  @Nullable Block next(int maxRows) {
    byte[] block = new byte[expectedLength];
    int length = 0;
    int rows = 0;
    long firstLine = line;
    int recordStart = 0;
    long recordLine = line;
    boolean quoted = false;
    boolean inRecord = false;
    boolean fieldStart = true;
    boolean afterClosingQuote = false;
    while (true) {
      if (position == limit && !refill()) {
        break;
      }
      int from = position;
      int i = position;
      boolean cut = false;
      for (; i < limit; i++) {
        byte b = buffer[i];
        boolean closing = false;
        if (b == '\n') {
          if (!crPending) {
            line++;
          }
          crPending = false;
          if (!quoted) {
            inRecord = false;
            fieldStart = true;
          }
        } else if (b == '\r') {
          line++;
          crPending = true;
          if (!quoted) {
            inRecord = false;
            fieldStart = true;
          }
        } else if (quoted) {
          if (b == '"') {
            quoted = false;
            closing = true;
            crPending = false;
          }
        } else {
          crPending = false;
          if (!inRecord) {
            if (rows == maxRows || (rows > 0 && length + (i - from) >= SOFT_BLOCK_BYTES)) {
              cut = true;
              break;
            }
            if (rows == 0) {
              firstLine = line;
            }
            rows++;
            inRecord = true;
            recordStart = length + (i - from);
            recordLine = line;
          }
          if (b == '"' && (fieldStart || afterClosingQuote)) {
            quoted = true;
          }
          fieldStart = b == ',';
        }
        afterClosingQuote = closing;
      }
      int taken = i - from;
      if (length + taken > block.length) {
        block = Arrays.copyOf(block, Math.max(length + taken, block.length * 2));
      }
      System.arraycopy(buffer, from, block, length, taken);
      length += taken;
      position = i;
      if (inRecord && length - recordStart > MAX_RECORD_BYTES) {
        throw new VaultException(
            ErrorCode.RESOURCE_LIMIT,
            "import refused: line "
                + recordLine
                + " starts a row of more than "
                + MAX_RECORD_BYTES
                + " bytes");
      }
      if (cut) {
        break;
      }
    }
    expectedLength = Math.min(SOFT_BLOCK_BYTES, length + length / 8 + 1024);
    return rows == 0 ? null : new Block(block, length, firstLine, rows);
  }

  /** Bytes of the file consumed so far. */
  long bytesRead() {
    return bytesRead - (limit - position);
  }

  private boolean refill() {
    if (ended) {
      return false;
    }
    try {
      int n = in.read(buffer, 0, buffer.length);
      if (n < 0) {
        ended = true;
        return false;
      }
      position = 0;
      limit = n;
      bytesRead += n;
      return true;
    } catch (IOException e) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "reading the file failed after line " + line, e);
    }
  }
}
