package org.elementvault.engine.dataset;

import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/**
 * Splits whole RFC 4180 records, as the UTF-8 bytes of the file, into fields without decoding them:
 * a field is a range of the bytes, so values are parsed and stored straight from the file's bytes.
 * It reads CSV as {@link CsvBlocks} cuts it: a quote opens a quoted field only at the start of a
 * field, {@code ""} inside one is a quote, CR, LF and CRLF end a record outside quotes, and empty
 * lines are no record. A quoted field left open runs to the end of the bytes. Only a separator or a
 * line end may follow a closing quote; anything else is refused as malformed, naming the line.
 *
 * <p>Lines are numbered as FastCSV numbers them, the reader imports used before this class: CR, LF
 * and CRLF each end a line, and inside quotes the text between a CR and an LF does not break the
 * pair.
 *
 * <p>Quoted fields are unescaped in place ({@code ""} becomes {@code "}), so the bytes are changed
 * as they are read. Not thread-safe; one instance per block.
 */
final class CsvFields {

  private final byte[] bytes;
  private final int end;
  private final int[] starts;
  private final int[] ends;
  private int position;
  private long line;

  /** Whether an LF inside quotes would complete a CRLF rather than start a line. */
  private boolean crPending;

  private long recordLine;
  private int count;
  private int firstNul;

  /**
   * Reads the records of {@code bytes[from, end)}, whose first byte is on line {@code firstLine};
   * the ranges of the first {@code capacity} fields of a record are kept.
   */
  CsvFields(byte[] bytes, int from, int end, long firstLine, int capacity) {
    this.bytes = bytes;
    this.end = end;
    this.position = from;
    this.line = firstLine;
    this.starts = new int[capacity];
    this.ends = new int[capacity];
  }

  /**
   * Moves to the next record; returns false when none is left.
   *
   * @throws VaultException {@code USER_ERROR} if a closing quote is followed by anything but a
   *     separator or a line end
   */
  boolean next() {
    skipLineEnds();
    if (position >= end) {
      return false;
    }
    crPending = false;
    recordLine = line;
    count = 0;
    firstNul = -1;
    while (true) {
      int stop = bytes[position] == '"' ? quotedField() : plainField();
      if (stop >= end || bytes[stop] != ',') {
        position = stop;
        return true;
      }
      position = stop + 1;
      if (position == end) {
        addField(position, position); // a separator at the very end: one more empty field
        return true;
      }
    }
  }

  /** The line the current record starts on. */
  long line() {
    return recordLine;
  }

  /** How many fields the current record has; only the first {@code capacity} have ranges. */
  int count() {
    return count;
  }

  /** The bytes the ranges point into. */
  byte[] bytes() {
    return bytes;
  }

  /** Where field {@code index} starts in {@link #bytes()}. */
  int start(int index) {
    return starts[index];
  }

  /** Where field {@code index} ends (exclusive) in {@link #bytes()}. */
  int end(int index) {
    return ends[index];
  }

  /** The first field holding a NUL byte, or -1. */
  int firstNul() {
    return firstNul;
  }

  private void skipLineEnds() {
    while (position < end) {
      byte b = bytes[position];
      if (b == '\n') {
        if (!crPending) {
          line++;
        }
        crPending = false;
      } else if (b == '\r') {
        line++;
        crPending = true;
      } else {
        return;
      }
      position++;
    }
  }

  /** Reads an unquoted field from {@code position}; returns where it stops. */
  private int plainField() {
    int from = position;
    int i = from;
    boolean nul = false;
    for (; i < end; i++) {
      byte b = bytes[i];
      // Every byte that matters sorts at or below ',' (UTF-8 continuation bytes are negative).
      if (b <= ',' && b >= 0) {
        if (b == ',' || b == '\n' || b == '\r') {
          break;
        }
        nul |= b == 0;
      }
    }
    if (nul) {
      markNul();
    }
    addField(from, i);
    return i;
  }

  /** Reads a quoted field whose opening quote is at {@code position}; returns where it stops. */
  private int quotedField() {
    int from = position + 1;
    int write = from;
    int i = from;
    boolean nul = false;
    while (i < end) {
      byte b = bytes[i];
      if (b == '"') {
        crPending = false;
        if (i + 1 < end && bytes[i + 1] == '"') {
          bytes[write++] = '"';
          i += 2;
          continue;
        }
        i++; // the closing quote
        if (i < end && bytes[i] != ',' && bytes[i] != '\n' && bytes[i] != '\r') {
          throw new VaultException(
              ErrorCode.USER_ERROR,
              "import refused: line "
                  + recordLine
                  + ": malformed CSV (RFC 4180: only a separator or a line end may follow a"
                  + " closing quote)");
        }
        break;
      }
      if (b == '\r') {
        line++;
        crPending = true;
      } else if (b == '\n') {
        if (!crPending) {
          line++;
        }
        crPending = false;
      } else if (b == 0) {
        nul = true;
      }
      bytes[write++] = b;
      i++;
    }
    if (nul) {
      markNul();
    }
    addField(from, write);
    return i;
  }

  private void markNul() {
    if (firstNul < 0) {
      firstNul = count;
    }
  }

  private void addField(int from, int to) {
    if (count < starts.length) {
      starts[count] = from;
      ends[count] = to;
    }
    count++;
  }
}
