package org.elementvault.engine.chunk;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/** A growable in-memory channel that Arrow's IPC writer writes an encoded chunk into. */
final class ByteSink implements WritableByteChannel {

  private byte[] bytes;
  private int size;

  ByteSink(long expectedSize) {
    this.bytes = new byte[(int) Math.min(Math.max(expectedSize, 64), Integer.MAX_VALUE - 8)];
  }

  void write(byte[] source) {
    ensure(source.length);
    System.arraycopy(source, 0, bytes, size, source.length);
    size += source.length;
  }

  @Override
  @CanIgnoreReturnValue
  public int write(ByteBuffer source) {
    int length = source.remaining();
    ensure(length);
    source.get(bytes, size, length);
    size += length;
    return length;
  }

  /** The array written so far; only its first {@link #size()} bytes are content. */
  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    long needed = (long) size + more;
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("an encoded chunk cannot exceed 2 GiB");
    }
    if (needed > bytes.length) {
      bytes =
          Arrays.copyOf(
              bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length)));
    }
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void close() {}
}
