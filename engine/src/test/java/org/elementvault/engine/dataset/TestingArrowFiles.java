package org.elementvault.engine.dataset;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BiConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes Arrow IPC files ({@code .arrow}) and streams ({@code .arrows}) for import tests. */
final class TestingArrowFiles {

  private TestingArrowFiles() {}

  /**
   * Writes {@code rows} rows of {@code schema} to {@code file} in record batches of {@code
   * batchRows}; {@code fill} sets the vectors of one batch starting at a row.
   *
   * @param fill called with the root (allocated, row count not yet set) and the first row
   */
  static void write(
      Path file,
      Schema schema,
      int rows,
      int batchRows,
      BufferAllocator allocator,
      BiConsumer<VectorSchemaRoot, Integer> fill)
      throws IOException {
    boolean fileFormat = file.getFileName().toString().endsWith(".arrow");
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowWriter writer =
            fileFormat
                ? new ArrowFileWriter(root, null, channel)
                : new ArrowStreamWriter(root, null, channel)) {
      writer.start();
      for (int first = 0; first < rows; first += batchRows) {
        int count = Math.min(batchRows, rows - first);
        root.allocateNew();
        fill.accept(root, first);
        root.setRowCount(count);
        writer.writeBatch();
      }
      writer.end();
    }
  }
}
