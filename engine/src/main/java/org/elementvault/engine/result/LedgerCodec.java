package org.elementvault.engine.result;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The byte form of a {@link LedgerRecord}, sealed before it is stored.
 *
 * <pre>
 * version (1 byte, 1) ‖ tenant id (8) ‖ element id ‖ job id ‖ epoch second (8) ‖ nanos (4)
 * ‖ has shape (1 byte, 0 or 1) ‖ [shape]
 * shape: threshold (4) ‖ dataset count (4) ‖ datasets ‖ conditions (16) ‖ column count (4)
 *        ‖ columns ‖ group count (4) ‖ groups
 * group: one 16-byte fingerprint per column ‖ released (1 byte) ‖ subjects (8)
 * text:  length (4) ‖ UTF-8 bytes
 * </pre>
 *
 * <p>Hostile input: records are authenticated before they are decoded, so only this codec wrote
 * them; decoding still checks every count against the bytes left, so a bad record fails with {@link
 * IllegalArgumentException} and never allocates beyond its own size.
 */
final class LedgerCodec {

  private static final byte VERSION = 1;

  private LedgerCodec() {}

  static byte[] encode(LedgerRecord record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(record.tenantId());
      text(out, record.elementId());
      text(out, record.jobId());
      out.writeLong(record.time().getEpochSecond());
      out.writeInt(record.time().getNano());
      out.writeBoolean(record.shape().isPresent());
      if (record.shape().isPresent()) {
        shape(out, record.shape().get(), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The shape's bytes without its subject counts: what the release fingerprint in the operation log
   * is a hash of.
   */
  static byte[] withoutCounts(ReleaseShape shape) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      shape(out, shape, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void shape(DataOutputStream out, ReleaseShape shape, boolean counts)
      throws IOException {
    out.writeInt(shape.threshold());
    out.writeInt(shape.datasets().size());
    for (String dataset : shape.datasets()) {
      text(out, dataset);
    }
    out.write(shape.conditions().bytes());
    out.writeInt(shape.columns().size());
    for (String column : shape.columns()) {
      text(out, column);
    }
    out.writeInt(shape.groups().size());
    for (ReleaseShape.Group group : shape.groups()) {
      for (Fingerprint key : group.keys()) {
        out.write(key.bytes());
      }
      out.writeBoolean(group.released());
      if (counts) {
        out.writeLong(group.subjects());
      }
    }
  }

  private static void text(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  /**
   * The record in {@code bytes}.
   *
   * @throws IllegalArgumentException if the bytes are not a record of this version
   */
  static LedgerRecord decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      if (in.get() != VERSION) {
        throw new IllegalArgumentException("unknown ledger record version");
      }
      long tenantId = in.getLong();
      String elementId = text(in);
      String jobId = text(in);
      Instant time = Instant.ofEpochSecond(in.getLong(), in.getInt());
      Optional<ReleaseShape> shape = in.get() == 0 ? Optional.empty() : Optional.of(shape(in));
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes after a ledger record");
      }
      return new LedgerRecord(tenantId, elementId, jobId, time, shape);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("a ledger record ends early", e);
    }
  }

  private static ReleaseShape shape(ByteBuffer in) {
    int threshold = in.getInt();
    int datasetCount = count(in, Integer.BYTES);
    List<String> datasets = new ArrayList<>(datasetCount);
    for (int i = 0; i < datasetCount; i++) {
      datasets.add(text(in));
    }
    Fingerprint conditions = new Fingerprint(in.getLong(), in.getLong());
    int columnCount = count(in, Integer.BYTES);
    List<String> columns = new ArrayList<>(columnCount);
    for (int i = 0; i < columnCount; i++) {
      columns.add(text(in));
    }
    int groupCount = count(in, columnCount * Fingerprint.BYTES + 1 + Long.BYTES);
    List<ReleaseShape.Group> groups = new ArrayList<>(groupCount);
    for (int i = 0; i < groupCount; i++) {
      List<Fingerprint> keys = new ArrayList<>(columnCount);
      for (int c = 0; c < columnCount; c++) {
        keys.add(new Fingerprint(in.getLong(), in.getLong()));
      }
      boolean released = in.get() != 0;
      groups.add(new ReleaseShape.Group(keys, released, in.getLong()));
    }
    return new ReleaseShape(threshold, datasets, conditions, columns, groups);
  }

  /** A count of items of at least {@code itemBytes} each, checked against the bytes left. */
  private static int count(ByteBuffer in, int itemBytes) {
    int count = in.getInt();
    if (count < 0 || (long) count * itemBytes > in.remaining()) {
      throw new IllegalArgumentException("a ledger record counts more items than it holds");
    }
    return count;
  }

  private static String text(ByteBuffer in) {
    byte[] utf8 = new byte[count(in, 1)];
    in.get(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
