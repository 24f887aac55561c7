package org.elementvault.engine.chunk;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CryptoException;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * Seals encoded column chunks with a dataset key, bound to their {@link ChunkPlace}, and opens them
 * again.
 *
 * <h2>Format</h2>
 *
 * <p>A sealed chunk is a 12-byte header followed by the encoded chunk cut into segments of {@value
 * #SEGMENT_BYTES} bytes (the last one shorter, at least one segment), each sealed on its own:
 *
 * <pre>
 * format u8 (2) ‖ log2 segment size u8 (16) ‖ 0x0000 ‖ plaintext length u32 (big-endian)
 * ‖ key version u32 (big-endian, at least 1)
 * ‖ seal(segment 0, ad 0) ‖ … ‖ seal(segment n-1, ad n-1)
 * ad i = place.associatedData(vaultId) ‖ header ‖ i u32 (big-endian)
 * </pre>
 *
 * <p>Each seal is {@link Aead#seal}'s output, {@link Aead#OVERHEAD} bytes longer than its segment.
 * The header fixes the number and length of every segment and names the dataset key version the
 * chunk is sealed under, and every segment's associated data holds the header and the segment's
 * index, so segments cannot be reordered, dropped, duplicated, truncated or moved to another chunk
 * or place, and the version cannot be changed, without failing to open.
 *
 * <p>Format 1, written before key rotation existed, has the same layout without the key version (an
 * 8-byte header, bound into the associated data the same way); its chunks were sealed under the
 * dataset's first key, version 1. It is still opened, never written.
 *
 * <p>Why segments: on Java 17, JCA's AES-GCM runs at about 50 MB/s until the JIT has compiled its
 * intrinsic-backed methods, which happens after enough calls rather than enough bytes. Measured in
 * a fresh JVM here, one 512 KiB value per call stays slow for about 7 s; 64 KiB per call for about
 * 3.5 s; 16 KiB for about 1 s but then plateaus at about 245 M 8-byte values/s, below the scan
 * goal, where 64 KiB reaches about 355 M/s. 64 KiB halves the cold-start trap without costing the
 * warm goal; the rest of the trap is a matter of JIT thresholds, not of this format. Segments also
 * let {@link #openVector} decrypt straight into Arrow memory without assembling the whole
 * plaintext.
 *
 * <h2>Failure modes</h2>
 *
 * <p>Opening a chunk that was modified, truncated, extended, moved to another place (vault, tenant,
 * dataset, version, batch or column) or sealed under another key throws {@link VaultException}
 * {@code INTEGRITY} naming the place by its numbers; nothing is returned then. The length of a
 * chunk is not hidden.
 *
 * <p>Instances are thread-safe if their {@link Aead} is (ours are).
 */
public final class ChunkSealer {

  /** Plaintext bytes per sealed segment (the last may be shorter). */
  public static final int SEGMENT_BYTES = 1 << 16;

  /** Length of the header in front of the segments. */
  public static final int HEADER_LENGTH = 12;

  /** Length of the header of format 1, which has no key version. */
  static final int LEGACY_HEADER_LENGTH = 8;

  static final byte FORMAT_VERSION = 2;
  static final byte LEGACY_FORMAT_VERSION = 1;
  private static final int SEGMENT_BITS = Integer.numberOfTrailingZeros(SEGMENT_BYTES);

  private final ChunkKeys keys;
  private final String vaultId;

  /**
   * A sealer for the chunks of one dataset.
   *
   * @param keys the versions of the dataset's key; the caller keeps owning the keys
   * @param vaultId the vault's id, bound into every chunk's associated data
   */
  public ChunkSealer(ChunkKeys keys, String vaultId) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.vaultId = Objects.requireNonNull(vaultId, "vaultId");
  }

  /**
   * The key version {@code sealed} names in its header: 1 for format 1, which has none.
   *
   * @throws VaultException {@code INTEGRITY} if the header is malformed
   */
  public static int keyVersion(byte[] sealed, ChunkPlace place) {
    if (sealed.length >= LEGACY_HEADER_LENGTH && sealed[0] == LEGACY_FORMAT_VERSION) {
      return 1;
    }
    if (sealed.length < HEADER_LENGTH || sealed[0] != FORMAT_VERSION) {
      throw ChunkMessages.failsIntegrity(place, null);
    }
    int version = ByteBuffer.wrap(sealed, LEGACY_HEADER_LENGTH, Integer.BYTES).getInt();
    if (version < 1) {
      throw ChunkMessages.failsIntegrity(place, null);
    }
    return version;
  }

  /** Seals an encoded chunk for {@code place}. */
  public byte[] seal(byte[] encoded, ChunkPlace place) {
    return seal(encoded, encoded.length, place);
  }

  /**
   * Encodes {@code vector} with {@code codec} and {@code compression} and seals the result for
   * {@code place}; the same as {@code seal(codec.encode(vector, compression), place)} with one copy
   * less. The vector is only read.
   */
  public byte[] sealVector(
      FieldVector vector, ChunkCompression compression, ChunkCodec codec, ChunkPlace place) {
    ByteSink sink = codec.encodeToSink(vector, compression);
    return seal(sink.array(), sink.size(), place);
  }

  private byte[] seal(byte[] plaintext, int length, ChunkPlace place) {
    Objects.requireNonNull(place, "place");
    int keyVersion = keys.sealingVersion();
    Aead aead = keys.aead(keyVersion);
    byte[] header = header(length, keyVersion);
    byte[] adPrefix = adPrefix(place, header);
    int segments = segmentCount(length);
    byte[] sealed = new byte[sealedLength(length, segments)];
    System.arraycopy(header, 0, sealed, 0, HEADER_LENGTH);
    int position = HEADER_LENGTH;
    for (int i = 0; i < segments; i++) {
      int from = i * SEGMENT_BYTES;
      byte[] segment = Arrays.copyOfRange(plaintext, from, from + segmentLength(length, i));
      byte[] sealedSegment = aead.seal(segment, segmentAd(adPrefix, i));
      System.arraycopy(sealedSegment, 0, sealed, position, sealedSegment.length);
      position += sealedSegment.length;
    }
    return sealed;
  }

  /**
   * Opens a sealed chunk of {@code place} and returns the encoded chunk.
   *
   * @throws VaultException {@code INTEGRITY} if it does not open at this place under this key
   */
  public byte[] open(byte[] sealed, ChunkPlace place) {
    Segments segments = new Segments(ByteBuffer.wrap(sealed), place);
    byte[] plaintext = new byte[segments.plaintextLength];
    try {
      segments.readFully(plaintext, 0, plaintext.length);
      segments.finish();
      return plaintext;
    } finally {
      segments.wipe();
    }
  }

  /**
   * Opens and decodes the sealed chunk of {@code place} between {@code sealed}'s position and limit
   * into a new vector for {@code field}, allocated from {@code allocator}, decrypting segment by
   * segment straight into Arrow memory. The caller owns the returned vector and must close it; it
   * keeps owning {@code sealed}, which is only read. No vector is returned unless every segment
   * authenticated.
   *
   * @throws VaultException {@code INTEGRITY} if the chunk does not open at this place under this
   *     key or does not decode as {@code field}; {@code RESOURCE_LIMIT} if {@code allocator} runs
   *     out
   * @see ChunkCodec#decode(byte[], Field, BufferAllocator)
   */
  public FieldVector openVector(
      ByteBuffer sealed,
      ChunkPlace place,
      ChunkCodec codec,
      Field field,
      BufferAllocator allocator) {
    Segments segments = new Segments(sealed, place);
    try {
      return codec.decode(segments, field, allocator);
    } catch (VaultException e) {
      if (e.code() == ErrorCode.INTEGRITY && !segments.failedHere) {
        throw ChunkMessages.failsIntegrity(place, e);
      }
      throw e;
    } finally {
      segments.wipe();
    }
  }

  /**
   * Opens the sealed chunk of {@code place} between {@code sealed}'s position and limit into a new
   * buffer from {@code allocator}, segment by segment; the buffer's writer index is the plaintext's
   * length. The caller owns the buffer. No buffer is returned unless every segment authenticated; a
   * partly filled one is zeroed before it is released.
   *
   * @throws VaultException {@code INTEGRITY} if it does not open at this place under this key
   * @throws org.apache.arrow.memory.OutOfMemoryException if {@code allocator} runs out
   */
  ArrowBuf openToBuffer(ByteBuffer sealed, ChunkPlace place, BufferAllocator allocator) {
    Segments segments = new Segments(sealed, place);
    ArrowBuf plaintext = allocator.buffer(segments.plaintextLength);
    try {
      segments.readFully(plaintext, segments.plaintextLength);
      segments.finish();
      plaintext.writerIndex(segments.plaintextLength);
      return plaintext;
    } catch (RuntimeException e) {
      plaintext.setZero(0, plaintext.capacity());
      plaintext.close();
      throw e;
    } finally {
      segments.wipe();
    }
  }

  private static byte[] header(int plaintextLength, int keyVersion) {
    return ByteBuffer.allocate(HEADER_LENGTH)
        .put(FORMAT_VERSION)
        .put((byte) SEGMENT_BITS)
        .putShort((short) 0)
        .putInt(plaintextLength)
        .putInt(keyVersion)
        .array();
  }

  private byte[] adPrefix(ChunkPlace place, byte[] header) {
    byte[] placeAd = place.associatedData(vaultId);
    byte[] prefix = Arrays.copyOf(placeAd, placeAd.length + header.length + Integer.BYTES);
    System.arraycopy(header, 0, prefix, placeAd.length, header.length);
    return prefix;
  }

  /** The associated data of segment {@code index}; writes the index into the prefix's tail. */
  private static byte[] segmentAd(byte[] adPrefix, int index) {
    byte[] ad = adPrefix.clone();
    ByteBuffer.wrap(ad, ad.length - Integer.BYTES, Integer.BYTES).putInt(index);
    return ad;
  }

  private static int segmentCount(long plaintextLength) {
    return (int) Math.max(1, (plaintextLength + SEGMENT_BYTES - 1) / SEGMENT_BYTES);
  }

  private static int segmentLength(long plaintextLength, int index) {
    return (int) Math.min(SEGMENT_BYTES, plaintextLength - (long) index * SEGMENT_BYTES);
  }

  private static int sealedLength(long plaintextLength, int segments) {
    long length = (long) HEADER_LENGTH + plaintextLength + (long) segments * Aead.OVERHEAD;
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a sealed chunk cannot exceed 2 GiB");
    }
    return (int) length;
  }

  /**
   * The segments of one sealed chunk as a {@link ChunkInput}: each segment is opened when the
   * reader first needs a byte of it, and {@link #finish()} requires every segment to have been
   * opened. The header is checked, and the total length compared with the header's, before any
   * segment is opened.
   *
   * <p>A segment that lies wholly inside one read is opened straight into the reader's buffer
   * (Arrow memory, for a chunk's body); only a segment that a read starts or ends inside goes
   * through {@code scratch}, which {@link #wipe()} zeroes.
   */
  private final class Segments extends ChunkInput {
    private final ByteBuffer sealed;
    private final ChunkPlace place;
    private final Aead aead;
    private final byte[] adPrefix;
    private final int plaintextLength;
    private final int count;
    private final byte[] scratch;
    private int next;
    private int sealedPosition;
    private int scratchLength;
    private int scratchPosition;
    private long consumed;
    boolean failedHere;

    Segments(ByteBuffer sealed, ChunkPlace place) {
      this.sealed = sealed.slice();
      this.place = Objects.requireNonNull(place, "place");
      int total = this.sealed.remaining();
      int headerLength =
          total > 0 && this.sealed.get(0) == LEGACY_FORMAT_VERSION
              ? LEGACY_HEADER_LENGTH
              : HEADER_LENGTH;
      if (total < headerLength
          || (this.sealed.get(0) != FORMAT_VERSION && this.sealed.get(0) != LEGACY_FORMAT_VERSION)
          || this.sealed.get(1) != SEGMENT_BITS
          || this.sealed.get(2) != 0
          || this.sealed.get(3) != 0) {
        throw fail(null);
      }
      byte[] header = new byte[headerLength];
      this.sealed.get(0, header);
      long length = this.sealed.getInt(4) & 0xFFFFFFFFL;
      int segments = segmentCount(length);
      if (headerLength + length + (long) segments * Aead.OVERHEAD != total) {
        throw fail(null);
      }
      this.aead = aead(keyVersion(header, place));
      this.plaintextLength = (int) length;
      this.count = segments;
      this.sealedPosition = headerLength;
      this.adPrefix = adPrefix(place, header);
      this.scratch = new byte[Math.min(SEGMENT_BYTES, plaintextLength)];
    }

    /** A version the keys lack reads as any other foreign chunk: it does not open here. */
    private Aead aead(int version) {
      try {
        return keys.aead(version);
      } catch (VaultException e) {
        throw fail(e);
      }
    }

    private VaultException fail(@Nullable Throwable cause) {
      failedHere = true;
      return ChunkMessages.failsIntegrity(place, cause);
    }

    @Override
    long remaining() {
      return plaintextLength - consumed;
    }

    @Override
    void readFully(byte[] target, int offset, int length) {
      read(ByteBuffer.wrap(target, offset, length));
    }

    @Override
    void readFully(ArrowBuf target, long length) {
      require(length);
      read(target.nioBuffer(0, (int) length));
    }

    /** Fills {@code target}'s remaining bytes. */
    private void read(ByteBuffer target) {
      require(target.remaining());
      while (target.hasRemaining()) {
        if (scratchPosition == scratchLength
            && next < count
            && segmentLength(plaintextLength, next) <= target.remaining()) {
          int n = segmentLength(plaintextLength, next);
          openNext(target);
          consumed += n;
        } else {
          int n = Math.min(target.remaining(), available());
          target.put(scratch, scratchPosition, n);
          scratchPosition += n;
          consumed += n;
        }
      }
    }

    @Override
    void finish() {
      if (consumed != plaintextLength) {
        throw ChunkMessages.malformed(remaining() + " bytes follow the end of stream");
      }
      // An empty last segment (only for an empty chunk) has not been opened by any read.
      while (next < count) {
        openNext(ByteBuffer.wrap(scratch, 0, 0));
      }
    }

    /** Zeroes the plaintext left in {@code scratch}; called once the reader is done, or failed. */
    void wipe() {
      Arrays.fill(scratch, (byte) 0);
    }

    private void require(long length) {
      if (length < 0 || length > remaining()) {
        throw ChunkMessages.malformed(
            "truncated: needs " + length + " more bytes, " + remaining() + " left");
      }
    }

    /** Bytes left in {@code scratch}, opening the next segment into it when it is used up. */
    private int available() {
      while (scratchPosition == scratchLength) {
        int length = segmentLength(plaintextLength, next);
        openNext(ByteBuffer.wrap(scratch, 0, length));
        scratchLength = length;
        scratchPosition = 0;
      }
      return scratchLength - scratchPosition;
    }

    /** Opens the next segment into {@code target} at its position. */
    private void openNext(ByteBuffer target) {
      int length = segmentLength(plaintextLength, next) + Aead.OVERHEAD;
      try {
        aead.openInto(sealed.slice(sealedPosition, length), segmentAd(adPrefix, next), target);
      } catch (CryptoException e) {
        throw fail(e);
      }
      sealedPosition += length;
      next++;
    }
  }
}
