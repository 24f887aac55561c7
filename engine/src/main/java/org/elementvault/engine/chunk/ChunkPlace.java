package org.elementvault.engine.chunk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a column chunk lives: tenant, dataset, dataset version, batch within the version and column
 * within the schema. Holds only ids and numbers, never names.
 *
 * <p>The place is both the chunk's RocksDB key in the {@code data} family ({@link #key()}) and,
 * with the vault id, the associated data its seal is bound to ({@link #associatedData(String)}), so
 * a chunk copied to another place fails to open.
 *
 * @param tenantId the tenant's id, at least 0
 * @param datasetId the dataset's id, at least 0
 * @param version the dataset version, at least 0
 * @param batch the batch within the version, at least 0
 * @param column the column's position in the schema, 0 to 65,535
 */
public record ChunkPlace(long tenantId, long datasetId, int version, int batch, int column) {

  /** Length of {@link #key()}: u64 tenant ‖ u64 dataset ‖ u32 version ‖ u32 batch ‖ u16 column. */
  public static final int KEY_LENGTH = 8 + 8 + 4 + 4 + 2;

  /** The largest column position a key can hold (u16). */
  public static final int MAX_COLUMN = 0xFFFF;

  /**
   * Starts the associated data: it differs in its first byte from the metadata seal's {@code
   * vault/…} strings, so a chunk and a metadata record can never share associated data.
   */
  private static final byte[] DOMAIN = "chunk\0v1\0".getBytes(StandardCharsets.US_ASCII);

  public ChunkPlace {
    requireAtLeastZero("tenantId", tenantId);
    requireAtLeastZero("datasetId", datasetId);
    requireAtLeastZero("version", version);
    requireAtLeastZero("batch", batch);
    if (column < 0 || column > MAX_COLUMN) {
      throw new IllegalArgumentException(
          "column must be between 0 and " + MAX_COLUMN + ", got " + column);
    }
  }

  /**
   * The chunk's key in the {@code data} family: big-endian u64 tenant ‖ u64 dataset ‖ u32 version ‖
   * u32 batch ‖ u16 column, so a dataset version's chunks are contiguous and ordered by batch, then
   * column.
   */
  public byte[] key() {
    return ByteBuffer.allocate(KEY_LENGTH)
        .putLong(tenantId)
        .putLong(datasetId)
        .putInt(version)
        .putInt(batch)
        .putShort((short) column)
        .array();
  }

  /**
   * The associated data that binds a sealed chunk to this place in vault {@code vaultId}: a domain
   * tag ‖ u16 length of the vault id's UTF-8 ‖ the vault id ‖ {@link #key()}. Every part has a
   * fixed length or a length prefix, so different places never give the same bytes.
   *
   * @throws IllegalArgumentException if the vault id's UTF-8 is longer than 65,535 bytes
   */
  public byte[] associatedData(String vaultId) {
    byte[] vault = Objects.requireNonNull(vaultId, "vaultId").getBytes(StandardCharsets.UTF_8);
    if (vault.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "vaultId must be at most 65535 bytes of UTF-8, got " + vault.length);
    }
    return ByteBuffer.allocate(DOMAIN.length + Short.BYTES + vault.length + KEY_LENGTH)
        .put(DOMAIN)
        .putShort((short) vault.length)
        .put(vault)
        .put(key())
        .array();
  }

  /** The key prefix shared by every chunk of tenant {@code tenantId}. */
  public static byte[] tenantPrefix(long tenantId) {
    requireAtLeastZero("tenantId", tenantId);
    return ByteBuffer.allocate(Long.BYTES).putLong(tenantId).array();
  }

  /** The key prefix shared by every chunk of every version of one dataset. */
  public static byte[] datasetPrefix(long tenantId, long datasetId) {
    requireAtLeastZero("tenantId", tenantId);
    requireAtLeastZero("datasetId", datasetId);
    return ByteBuffer.allocate(2 * Long.BYTES).putLong(tenantId).putLong(datasetId).array();
  }

  /** The key prefix shared by every chunk of one dataset version. */
  public static byte[] versionPrefix(long tenantId, long datasetId, int version) {
    requireAtLeastZero("tenantId", tenantId);
    requireAtLeastZero("datasetId", datasetId);
    requireAtLeastZero("version", version);
    return ByteBuffer.allocate(2 * Long.BYTES + Integer.BYTES)
        .putLong(tenantId)
        .putLong(datasetId)
        .putInt(version)
        .array();
  }

  /**
   * The exclusive end of the key range that starts at {@code prefix}: the smallest key greater than
   * every key beginning with {@code prefix}, for a range delete {@code [prefix,
   * prefixEnd(prefix))}. The prefixes above never consist of 0xFF bytes only, because ids are at
   * least 0.
   *
   * @throws IllegalArgumentException if {@code prefix} is empty or all 0xFF bytes
   */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length);
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    throw new IllegalArgumentException("a prefix of only 0xFF bytes has no end");
  }

  private static void requireAtLeastZero(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be at least 0, got " + value);
    }
  }
}
