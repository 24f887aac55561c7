package org.elementvault.engine.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * Streams the rows of an Arrow IPC file ({@code .arrow}: {@code ARROW1}, a stream, a footer, {@code
 * ARROW1}) or stream ({@code .arrows}), one record batch in memory at a time.
 *
 * <p>The data is untrusted, so this reads the IPC messages itself rather than through Arrow's
 * readers, which allocate lengths they read on the heap, recurse on nested fields and leak buffers
 * on malformed input. A file's messages are read in order from after its leading magic (the format
 * embeds a complete stream), so its footer is not needed. Every length is checked against the file
 * and the allocator's limit before anything is allocated; record batches must be uncompressed,
 * little-endian, flat and not dictionary-encoded; every loaded vector's buffers and offsets are
 * checked before a value is read; every buffer is released whatever fails. Refusals are {@code
 * USER_ERROR} naming the problem, never a value.
 */
final class ArrowIpcRows implements BatchSource {

  /** The largest flatbuffer header of one message (a schema of 1,024 columns needs <100 KiB). */
  static final int MAX_METADATA_BYTES = 1 << 20;

  private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
  private static final int CONTINUATION = 0xFFFFFFFF;

  private final FileChannel channel;
  private final long end;
  private final BufferAllocator allocator;
  private final Supplier<ArrowColumns.BatchWriter> writers;
  private final VectorSchemaRoot root;
  private final List<FieldVector> inSchemaOrder = new ArrayList<>();
  private long position;
  private int messages;
  private int batches;
  private int nextRow;
  private long rowsRead;
  private boolean ended;

  private ArrowIpcRows(
      FileChannel channel,
      long start,
      long end,
      Schema schema,
      BufferAllocator allocator,
      Supplier<ArrowColumns.BatchWriter> writers)
      throws IOException {
    this.channel = channel;
    this.writers = writers;
    this.position = start;
    this.end = end;
    this.allocator = allocator;
    org.apache.arrow.vector.types.pojo.Schema arrowSchema = readSchema(schema);
    this.root = VectorSchemaRoot.create(arrowSchema, allocator);
    for (Column column : schema.columns()) {
      inSchemaOrder.add(root.getVector(column.name()));
    }
  }

  /**
   * Opens {@code file} and checks its schema against {@code schema}; record batches are allocated
   * from {@code allocator}, whose limit bounds the memory.
   *
   * @param fileFormat the IPC file format ({@code .arrow}); else the stream format
   */
  static ArrowIpcRows open(
      Path file,
      Schema schema,
      BufferAllocator allocator,
      Supplier<ArrowColumns.BatchWriter> writers,
      boolean fileFormat) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "file " + file + " does not exist");
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "cannot read file " + file);
    }
    try {
      long size = channel.size();
      if (!fileFormat) {
        return new ArrowIpcRows(channel, 0, size, schema, allocator, writers);
      }
      // "ARROW1", 2 bytes of padding, the stream, the footer, its u32 length, "ARROW1".
      long trailer = Integer.BYTES + MAGIC.length;
      if (size < 8 + trailer
          || !Arrays.equals(read(channel, 0, MAGIC.length), MAGIC)
          || !Arrays.equals(read(channel, size - MAGIC.length, MAGIC.length), MAGIC)) {
        throw refused(DatasetMessages.ARROW_NOT_A_FILE);
      }
      return new ArrowIpcRows(channel, 8, size - trailer, schema, allocator, writers);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      if (e instanceof VaultException vaultException) {
        throw vaultException;
      }
      throw new VaultException(ErrorCode.USER_ERROR, "cannot read file " + file);
    }
  }

  private static byte[] read(FileChannel channel, long at, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, at + buffer.position()) < 0) {
        break;
      }
    }
    return buffer.array();
  }

  private org.apache.arrow.vector.types.pojo.Schema readSchema(Schema schema) throws IOException {
    Message message = readMessage();
    org.apache.arrow.vector.types.pojo.Schema arrowSchema;
    try {
      if (message == null || message.headerType() != MessageHeader.Schema) {
        throw refused(DatasetMessages.ARROW_NO_SCHEMA);
      }
      org.apache.arrow.flatbuf.Schema header =
          (org.apache.arrow.flatbuf.Schema) message.header(new org.apache.arrow.flatbuf.Schema());
      if (header == null || message.bodyLength() != 0) {
        throw refused(DatasetMessages.ARROW_SCHEMA_MALFORMED);
      }
      if (header.endianness() != Endianness.Little) {
        throw refused(DatasetMessages.ARROW_BIG_ENDIAN);
      }
      // Checked before conversion, which recurses into children.
      for (int i = 0; i < header.fieldsLength(); i++) {
        org.apache.arrow.flatbuf.Field field = header.fields(i);
        String name = field.name();
        if (name == null || !Names.isValid(name)) {
          throw refused(DatasetMessages.arrowFieldName(i + 1));
        }
        if (field.childrenLength() != 0 || field.dictionary() != null) {
          throw refused(DatasetMessages.arrowNotFlat(name));
        }
      }
      arrowSchema = MessageSerializer.deserializeSchema(message);
    } catch (VaultException e) {
      throw e;
    } catch (RuntimeException e) {
      throw refused(DatasetMessages.ARROW_SCHEMA_MALFORMED);
    }
    Set<String> seen = new HashSet<>();
    for (Field field : arrowSchema.getFields()) {
      String name = field.getName();
      if (!seen.add(name)) {
        throw refused(DatasetMessages.arrowDuplicateField(name));
      }
      Column column =
          schema
              .column(name)
              .filter(c -> c.name().equals(name))
              .orElseThrow(() -> refused(DatasetMessages.arrowUndeclaredField(name)));
      ArrowType expected = ArrowColumns.arrowType(column.type());
      if (!field.getType().equals(expected)) {
        throw refused(DatasetMessages.arrowFieldType(name, field.getType(), expected));
      }
    }
    for (Column column : schema.columns()) {
      if (!seen.contains(column.name())) {
        throw refused(DatasetMessages.arrowMissingField(column.name()));
      }
    }
    return arrowSchema;
  }

  /** The next message's header, or null at the end of the stream. */
  private @Nullable Message readMessage() throws IOException {
    if (position == end) {
      return null; // a stream may end without its end-of-stream marker
    }
    int length = readInt();
    if (length == CONTINUATION) {
      length = readInt();
    }
    if (length == 0) {
      return null;
    }
    if (length < 0 || length > MAX_METADATA_BYTES) {
      throw refused(DatasetMessages.arrowMessageTooLarge(MAX_METADATA_BYTES));
    }
    ByteBuffer metadata = ByteBuffer.allocate(length);
    readFully(metadata);
    metadata.rewind();
    messages++;
    try {
      Message message = Message.getRootAsMessage(metadata);
      var unused = message.headerType();
      return message;
    } catch (RuntimeException e) {
      throw refused(DatasetMessages.arrowMalformedMessage(messages));
    }
  }

  private int readInt() throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    readFully(buffer);
    return buffer.getInt(0);
  }

  private void readFully(ByteBuffer buffer) throws IOException {
    if (buffer.remaining() > end - position) {
      throw refused(DatasetMessages.ARROW_TRUNCATED);
    }
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw refused(DatasetMessages.ARROW_TRUNCATED);
      }
      position += n;
    }
  }

  @Override
  public @Nullable Filled next() {
    ArrowColumns.BatchWriter writer = writers.get();
    try {
      int rows = fill(writer, Datasets.BATCH_ROWS);
      if (rows == 0) {
        writer.close();
        return null;
      }
      return new Filled(writer, rows);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  private int fill(ArrowColumns.BatchWriter writer, int capacity) {
    int count = 0;
    while (count < capacity) {
      if (nextRow == root.getRowCount()) {
        if (ended || !loadNextBatch()) {
          break;
        }
        continue;
      }
      int n = Math.min(capacity - count, root.getRowCount() - nextRow);
      for (int i = 0; i < n; i++) {
        try {
          writer.copy(count + i, inSchemaOrder, nextRow + i);
        } catch (VaultException e) {
          throw new VaultException(
              e.code(), "import refused: row " + (rowsRead + i + 1) + ": " + e.getMessage());
        }
      }
      nextRow += n;
      count += n;
      rowsRead += n;
    }
    return count;
  }

  private boolean loadNextBatch() {
    try {
      Message message = readMessage();
      if (message == null) {
        ended = true;
        return false;
      }
      byte type = message.headerType();
      if (type == MessageHeader.DictionaryBatch) {
        throw refused(DatasetMessages.ARROW_DICTIONARY);
      }
      if (type != MessageHeader.RecordBatch) {
        throw refused(DatasetMessages.arrowUnexpectedMessage(messages));
      }
      load(message, ++batches);
      nextRow = 0;
      return true;
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "reading the file failed", e);
    }
  }

  private void load(Message message, int batch) throws IOException {
    RecordBatch header;
    long bodyLength;
    try {
      header = (RecordBatch) message.header(new RecordBatch());
      bodyLength = message.bodyLength();
      if (header != null && header.compression() != null) {
        throw refused(DatasetMessages.arrowCompressed(batch));
      }
    } catch (VaultException e) {
      throw e;
    } catch (RuntimeException e) {
      throw refused(DatasetMessages.arrowMalformedBatch(batch));
    }
    if (header == null || bodyLength < 0) {
      throw refused(DatasetMessages.arrowMalformedBatch(batch));
    }
    if (bodyLength > end - position) {
      throw refused(DatasetMessages.arrowBodyBeyondEnd(messages));
    }
    if (bodyLength > allocator.getLimit()) {
      throw refused(DatasetMessages.arrowBatchTooLarge(batch, allocator.getLimit()));
    }
    ArrowBuf body;
    try {
      body = bodyLength == 0 ? allocator.getEmpty() : allocator.buffer(bodyLength);
    } catch (OutOfMemoryException e) {
      throw refused(DatasetMessages.arrowBatchTooLarge(batch, allocator.getLimit()));
    }
    ArrowRecordBatch recordBatch;
    try {
      if (bodyLength > 0) {
        readFully(body.nioBuffer(0, Math.toIntExact(bodyLength)));
      }
      // Releases the body once its buffers are sliced off and retained.
      recordBatch = MessageSerializer.deserializeRecordBatch(header, body);
    } catch (IOException | RuntimeException e) {
      body.close();
      if (e instanceof VaultException vaultException) {
        throw vaultException;
      }
      throw refused(DatasetMessages.arrowMalformedBatch(batch));
    }
    try (recordBatch) {
      root.clear();
      new VectorLoader(root).load(recordBatch);
      for (FieldVector vector : root.getFieldVectors()) {
        check(vector, root.getRowCount(), batch);
      }
    } catch (OutOfMemoryException e) {
      root.clear();
      throw refused(DatasetMessages.arrowBatchTooLarge(batch, allocator.getLimit()));
    } catch (RuntimeException e) {
      root.clear();
      if (e instanceof VaultException vaultException) {
        throw vaultException;
      }
      throw refused(DatasetMessages.arrowMalformedBatch(batch));
    }
  }

  /** Checks a loaded vector's buffers fit its row count, and its offsets their data. */
  private static void check(FieldVector vector, int rows, int batch) {
    if (vector.getValueCount() != rows) {
      throw refused(DatasetMessages.arrowMalformedBatch(batch));
    }
    org.apache.arrow.vector.util.ValueVectorUtility.validate(vector);
    if (vector instanceof BaseVariableWidthVector strings && rows > 0) {
      ArrowBuf offsets = strings.getOffsetBuffer();
      long dataBytes = strings.getDataBuffer().capacity();
      int previous = offsets.getInt(0);
      if (previous < 0) {
        throw refused(DatasetMessages.arrowMalformedBatch(batch));
      }
      for (int i = 1; i <= rows; i++) {
        int offset = offsets.getInt((long) i * BaseVariableWidthVector.OFFSET_WIDTH);
        if (offset < previous || offset > dataBytes) {
          throw refused(DatasetMessages.arrowMalformedBatch(batch));
        }
        previous = offset;
      }
    }
  }

  @Override
  public long bytesRead() {
    return position;
  }

  @Override
  public void close() {
    root.close();
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Reading is over; a failure to release the file handle changes nothing.
    }
  }

  private static VaultException refused(String why) {
    return new VaultException(ErrorCode.USER_ERROR, "import refused: " + why);
  }
}
