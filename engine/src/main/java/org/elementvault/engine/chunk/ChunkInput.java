package org.elementvault.engine.chunk;

import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A sequential source of encoded chunk bytes for {@link ChunkCodec}: a plain array, or the sealed
 * segments of a chunk opened one at a time as the decoder reaches them. Not thread-safe.
 */
abstract class ChunkInput {

  /** The number of bytes not yet read. */
  abstract long remaining();

  /**
   * Copies the next {@code length} bytes into {@code target} at {@code offset}.
   *
   * @throws org.elementvault.engine.VaultException {@code INTEGRITY} if fewer bytes remain or they
   *     fail authentication
   */
  abstract void readFully(byte[] target, int offset, int length);

  /** Copies the next {@code length} bytes into {@code target} from index 0. */
  abstract void readFully(ArrowBuf target, long length);

  /**
   * Confirms the input ended exactly here and that all of it was authentic; called after the last
   * read and before any result is released.
   */
  abstract void finish();

  byte[] readBytes(int length) {
    byte[] bytes = new byte[length];
    readFully(bytes, 0, length);
    return bytes;
  }

  int readIntLittleEndian() {
    byte[] b = readBytes(Integer.BYTES);
    return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
  }

  /** An input over part of an array, which is not copied and must not change while read. */
  static ChunkInput of(byte[] bytes) {
    return new ArrayInput(Objects.requireNonNull(bytes, "bytes"));
  }

  /**
   * An input over a buffer's bytes from 0 to its writer index (its capacity may be larger); they
   * must not change while read.
   */
  static ChunkInput of(ArrowBuf buffer) {
    return new BufferInput(Objects.requireNonNull(buffer, "buffer"));
  }

  private static final class ArrayInput extends ChunkInput {
    private final byte[] bytes;
    private int position;

    ArrayInput(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    long remaining() {
      return (long) bytes.length - position;
    }

    @Override
    void readFully(byte[] target, int offset, int length) {
      require(length);
      System.arraycopy(bytes, position, target, offset, length);
      position += length;
    }

    @Override
    void readFully(ArrowBuf target, long length) {
      require(length);
      target.setBytes(0, bytes, position, length);
      position += (int) length;
    }

    @Override
    void finish() {
      if (position != bytes.length) {
        throw ChunkMessages.malformed(
            (bytes.length - position) + " bytes follow the end of stream");
      }
    }

    private void require(long length) {
      if (length < 0 || length > remaining()) {
        throw ChunkMessages.malformed(
            "truncated: needs " + length + " more bytes, " + remaining() + " left");
      }
    }
  }

  private static final class BufferInput extends ChunkInput {
    private final ArrowBuf buffer;
    private long position;

    BufferInput(ArrowBuf buffer) {
      this.buffer = buffer;
    }

    @Override
    long remaining() {
      return buffer.writerIndex() - position;
    }

    @Override
    void readFully(byte[] target, int offset, int length) {
      require(length);
      buffer.getBytes(position, target, offset, length);
      position += length;
    }

    @Override
    void readFully(ArrowBuf target, long length) {
      require(length);
      target.setBytes(0, buffer, position, length);
      position += length;
    }

    @Override
    void finish() {
      if (position != buffer.writerIndex()) {
        throw ChunkMessages.malformed(remaining() + " bytes follow the end of stream");
      }
    }

    private void require(long length) {
      if (length < 0 || length > remaining()) {
        throw ChunkMessages.malformed(
            "truncated: needs " + length + " more bytes, " + remaining() + " left");
      }
    }
  }
}
