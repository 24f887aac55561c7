package org.elementvault.engine.oplog;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One entry of the operation log.
 *
 * @param sequence position in the log, from 1
 * @param time when it was appended (UTC)
 * @param record what happened
 * @param previousHash the hash of entry {@code sequence - 1}, or zeros for the first entry
 * @param hash {@code H(previousHash ‖ canonical entry)}, the entry's Merkle leaf
 */
public record LogEntry(
    long sequence, Instant time, LogRecord record, byte[] previousHash, byte[] hash) {

  private static final byte[] MAGIC = "evault/log-entry/v1".getBytes(StandardCharsets.US_ASCII);

  public LogEntry {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence starts at 1, got " + sequence);
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(record, "record");
    previousHash = previousHash.clone();
    hash = hash.clone();
  }

  /**
   * The canonical bytes the hash covers: every field except the hashes, each length-prefixed so
   * that no two different entries encode alike.
   */
  public static byte[] canonical(long sequence, Instant time, LogRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.writeBytes(MAGIC);
    out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
    for (String field :
        new String[] {
          time.toString(),
          record.actor(),
          record.tenant(),
          record.action(),
          record.target(),
          record.outcome().name(),
          record.details()
        }) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  /**
   * The entry whose canonical bytes are {@code canonical}.
   *
   * @throws IllegalArgumentException if they are not a canonical entry
   */
  public static LogEntry decode(byte[] canonical, byte[] previousHash, byte[] hash) {
    ByteBuffer in = ByteBuffer.wrap(canonical);
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException("not a log entry");
    }
    long sequence = in.getLong();
    String[] fields = new String[7];
    for (int i = 0; i < fields.length; i++) {
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        throw new IllegalArgumentException("log entry field length out of range");
      }
      byte[] bytes = new byte[length];
      in.get(bytes);
      fields[i] = new String(bytes, StandardCharsets.UTF_8);
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException("log entry has trailing bytes");
    }
    LogRecord record =
        new LogRecord(
            fields[1], fields[2], fields[3], fields[4], Outcome.valueOf(fields[5]), fields[6]);
    return new LogEntry(sequence, Instant.parse(fields[0]), record, previousHash, hash);
  }

  /** The canonical bytes of this entry. */
  public byte[] canonical() {
    return canonical(sequence, time, record);
  }

  @Override
  public byte[] previousHash() {
    return previousHash.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LogEntry that
        && sequence == that.sequence
        && time.equals(that.time)
        && record.equals(that.record)
        && Arrays.equals(previousHash, that.previousHash)
        && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequence, time, record, Arrays.hashCode(hash));
  }

  @Override
  public String toString() {
    return "LogEntry["
        + sequence
        + " "
        + record.action()
        + " "
        + record.outcome()
        + " "
        + HexFormat.of().formatHex(hash, 0, 4)
        + "…]";
  }
}
