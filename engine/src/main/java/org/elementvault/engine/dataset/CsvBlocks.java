package org.elementvault.engine.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * Cuts the bytes of an RFC 4180 CSV file into blocks of whole records, so that other threads can
 * parse the blocks at once. Only quotes and line breaks are looked at, the way {@link CsvFields}
 * reads them: a quote opens a quoted field only at the start of a field, {@code ""} inside one is a
 * quote, CR, LF and CRLF end a record outside quotes and count as one line wherever they are, and
 * empty lines are no record. Everything else (UTF-8, field counts, stray characters after a closing
 * quote) is left to the parser of the block, which refuses what it does not read as this class
 * does.
 *
 * <p>Memory is bounded whatever the file: a block is cut early, at a record boundary, once it holds
 * {@value #SOFT_BLOCK_BYTES} bytes, and a record over {@value #MAX_RECORD_BYTES} bytes is refused.
 * The arrays of blocks handed back by {@link #recycle} are filled again. Not thread-safe.
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

  /** Bytes read past the end of the last block: the start of the next one. */
  private byte[] carry = new byte[0];

  private long bytesRead;
  private long line = 1;
  private boolean ended;

  /** The size to start a block at: a little over the last one, so blocks rarely grow. */
  private int expectedLength = 1 << 20;

  /**
   * Arrays of blocks already parsed, to be filled again: a new array per block of megabytes is as
   * much garbage as the file is long, and its zeroing and collection cost more than its parsing.
   */
  private final ArrayDeque<byte[]> spares = new ArrayDeque<>();

  /** At most as many spare arrays as blocks a parser keeps in flight. */
  private static final int MAX_SPARES = 8;

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
    // The file is read straight into the block and scanned there; only what follows the cut is
    // copied, into the next block. A block starts with a record, never with a line end, so outside
    // quotes an LF completes a CRLF exactly when the byte before it is a CR.
    byte[] block = array(Math.max(expectedLength, carry.length + READ_BYTES));
    System.arraycopy(carry, 0, block, 0, carry.length);
    int length = carry.length;
    int i = 0;
    int rows = 0;
    long firstLine = line;
    int recordStart = 0;
    long recordLine = line;
    boolean inRecord = false;
    boolean quoted = false;
    // Whether an LF inside quotes would complete a CRLF: as in FastCSV, which numbered the lines
    // refusals name before CsvFields, text inside quotes between CR and LF does not end the pair.
    boolean quotedCr = false;
    int closingQuote = -1;
    while (true) {
      if (i == length) {
        if (inRecord && i - recordStart > MAX_RECORD_BYTES) {
          throw new VaultException(
              ErrorCode.RESOURCE_LIMIT,
              "import refused: line "
                  + recordLine
                  + " starts a row of more than "
                  + MAX_RECORD_BYTES
                  + " bytes");
        }
        if (length == block.length) {
          block = Arrays.copyOf(block, block.length * 2);
        }
        int n = read(block, length);
        if (n < 0) {
          break;
        }
        length += n;
        continue;
      }
      byte b = block[i];
      if (quoted) {
        if (b == '"') {
          quoted = false;
          closingQuote = i;
        } else if (b == '\r') {
          line++;
          quotedCr = true;
        } else if (b == '\n') {
          if (!quotedCr) {
            line++;
          }
          quotedCr = false;
        }
        i = nextSpecial(block, i + 1, length); // the bulk of a quoted field
        continue;
      }
      if (b == '\n' || b == '\r') {
        if (b == '\r' || i == 0 || block[i - 1] != '\r') {
          line++;
        }
        inRecord = false;
        i++;
        continue;
      }
      if (!inRecord) {
        if (rows == maxRows || (rows > 0 && i >= SOFT_BLOCK_BYTES)) {
          break;
        }
        if (rows == 0) {
          firstLine = line;
        }
        rows++;
        inRecord = true;
        recordStart = i;
        recordLine = line;
      }
      if (b == '"' && (i == recordStart || block[i - 1] == ',' || closingQuote == i - 1)) {
        quoted = true;
        quotedCr = false;
      }
      i = nextSpecial(block, i + 1, length); // the bulk of an unquoted record
    }
    carry = Arrays.copyOfRange(block, i, length);
    expectedLength = Math.min(SOFT_BLOCK_BYTES, i + i / 8 + 1024);
    return rows == 0 ? null : new Block(block, i, firstLine, rows);
  }

  /**
   * Takes back the array of {@code block} for a later block, once nothing reads the block any more
   * (its records parsed into a batch).
   */
  void recycle(Block block) {
    if (spares.size() < MAX_SPARES) {
      spares.push(block.bytes());
    }
  }

  /** A spare array of at least {@code size} bytes, or a new one. */
  private byte[] array(int size) {
    byte[] spare;
    while ((spare = spares.poll()) != null) {
      if (spare.length >= size) {
        return spare;
      }
    }
    return new byte[size];
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The index of the first quote, CR or LF in {@code bytes[from, length)}, or {@code length}: eight
   * bytes at a time, since this scan runs on the one thread that cuts the file for all parsers.
   */
  static int nextSpecial(byte[] bytes, int from, int length) {
    int i = from;
    for (; i + Long.BYTES <= length; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i);
      long found = zeroBytes(word ^ ('"' * ONES)) | zeroBytes(word ^ ('\r' * ONES));
      found |= zeroBytes(word ^ ('\n' * ONES));
      if (found != 0) {
        // Only bytes above the lowest zero byte can be flagged wrongly: the lowest flag is exact.
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    while (i < length && bytes[i] != '"' && bytes[i] != '\r' && bytes[i] != '\n') {
      i++;
    }
    return i;
  }

  /** The high bit of every zero byte of {@code word} set (and perhaps of bytes above one). */
  private static long zeroBytes(long word) {
    return (word - ONES) & ~word & HIGHS;
  }

  /** Bytes of the file consumed so far. */
  long bytesRead() {
    return bytesRead - carry.length;
  }

  /** Reads up to {@value #READ_BYTES} bytes into {@code block} at {@code offset}; -1 at the end. */
  private int read(byte[] block, int offset) {
    if (ended) {
      return -1;
    }
    try {
      int n = in.read(block, offset, Math.min(READ_BYTES, block.length - offset));
      if (n < 0) {
        ended = true;
        return -1;
      }
      bytesRead += n;
      return n;
    } catch (IOException e) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "reading the file failed after line " + line, e);
    }
  }
}
