package org.elementvault.engine.chunk;

import java.util.Optional;
import org.apache.arrow.vector.compression.CompressionUtil;

/** How the Arrow IPC body of a column chunk is compressed, with Arrow's own codecs. */
public enum ChunkCompression {
  /** Buffers stored as they are: the fastest to decode; best for numbers that do not compress. */
  NONE((byte) 0, CompressionUtil.CodecType.NO_COMPRESSION),
  /**
   * LZ4 frame format (Apache Commons Compress, pure Java). Readable and writable, but its encoder
   * is far too slow for imports (well under 1 M values/s here) and its decoder slower than ZSTD's.
   */
  LZ4_FRAME((byte) 1, CompressionUtil.CodecType.LZ4_FRAME),
  /** Zstandard (zstd-jni, native). */
  ZSTD((byte) 2, CompressionUtil.CodecType.ZSTD);

  private final byte id;
  private final CompressionUtil.CodecType codecType;

  ChunkCompression(byte id, CompressionUtil.CodecType codecType) {
    this.id = id;
    this.codecType = codecType;
  }

  /** The byte that records this choice in an encoded chunk; stable across releases. */
  public byte id() {
    return id;
  }

  CompressionUtil.CodecType codecType() {
    return codecType;
  }

  /** The compression recorded as {@code id}, if there is one. */
  public static Optional<ChunkCompression> fromId(byte id) {
    for (ChunkCompression compression : values()) {
      if (compression.id == id) {
        return Optional.of(compression);
      }
    }
    return Optional.empty();
  }
}
