package org.elementvault.engine.chunk;

import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * The user-facing messages of this package, in one place so tests quote the same text. They name
 * places, sizes and rules, never a stored value.
 */
final class ChunkMessages {

  private ChunkMessages() {}

  /** A decoded chunk breaks the format; {@code rule} says how, in terms of structure only. */
  static VaultException malformed(String rule) {
    return new VaultException(ErrorCode.INTEGRITY, "column chunk is malformed: " + rule);
  }

  static VaultException malformed(String rule, Throwable cause) {
    return new VaultException(ErrorCode.INTEGRITY, "column chunk is malformed: " + rule, cause);
  }

  /** A sealed chunk fails to open at {@code place}: tampered, truncated, moved or foreign. */
  static VaultException failsIntegrity(ChunkPlace place, @Nullable Throwable cause) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "column chunk of "
            + describe(place)
            + " fails its integrity check (modified, truncated, moved or sealed with another key)",
        cause);
  }

  /** A chunk names a key version that the dataset does not have (any more). */
  static VaultException noKeyVersion(int version) {
    return new VaultException(
        ErrorCode.INTEGRITY,
        "column chunk is sealed under key version "
            + version
            + ", which the dataset does not have");
  }

  /** A chunk would exceed the body limit a decoder enforces, so it is refused before writing. */
  static VaultException tooLarge(long bodyBytes, long limit) {
    return new VaultException(
        ErrorCode.RESOURCE_LIMIT,
        "column chunk body of "
            + bodyBytes
            + " bytes exceeds the limit of "
            + limit
            + " bytes; use smaller batches");
  }

  /** The caller's allocator refused the memory a chunk needs. */
  static VaultException outOfMemory(Throwable cause) {
    return new VaultException(
        ErrorCode.RESOURCE_LIMIT,
        "decoding a column chunk needs more memory than the allocator allows",
        cause);
  }

  static String describe(ChunkPlace place) {
    return "tenant "
        + place.tenantId()
        + " dataset "
        + place.datasetId()
        + " version "
        + place.version()
        + " batch "
        + place.batch()
        + " column "
        + place.column();
  }
}
