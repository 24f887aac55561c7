package org.elementvault.sandbox.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.sandbox.catalog.BatchStream;
import org.elementvault.sandbox.catalog.TableSource;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ResultCodec;
import org.jspecify.annotations.Nullable;

/**
 * The scored rows of one job as the table {@code scored}: each read encodes the requested columns
 * as one Arrow batch in memory (the same encoding a result gets) and streams it back. Never written
 * anywhere; the job's allocator holds the batch.
 */
final class ScoredRows implements TableSource {

  private final ElementResult rows;
  private final BufferAllocator allocator;

  ScoredRows(ElementResult rows, BufferAllocator allocator) {
    this.rows = rows;
    this.allocator = allocator;
  }

  @Override
  public BatchStream open(Dataset dataset, List<String> columns) {
    List<String> names = rows.columns().stream().map(ElementResult.ResultColumn::name).toList();
    int[] at = columns.stream().mapToInt(names::indexOf).toArray();
    List<ElementResult.ResultColumn> projected = new ArrayList<>();
    for (int index : at) {
      projected.add(rows.columns().get(index));
    }
    List<List<@Nullable Object>> values = new ArrayList<>(rows.rows().size());
    for (List<@Nullable Object> row : rows.rows()) {
      List<@Nullable Object> out = new ArrayList<>(at.length);
      for (int index : at) {
        out.add(row.get(index));
      }
      values.add(out);
    }
    byte[] ipc = ResultCodec.encode(new ElementResult(projected, values), allocator);
    return new Stream(new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator));
  }

  /** The one batch of an encoded table. */
  private static final class Stream implements BatchStream {
    private final ArrowStreamReader reader;
    private int index = -1;

    Stream(ArrowStreamReader reader) {
      this.reader = reader;
    }

    @Override
    public boolean next() {
      try {
        boolean loaded = reader.loadNextBatch();
        if (loaded) {
          index++;
        }
        return loaded;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public VectorSchemaRoot batch() {
      try {
        return reader.getVectorSchemaRoot();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public int index() {
      return index;
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
