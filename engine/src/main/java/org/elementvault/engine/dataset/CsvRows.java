package org.elementvault.engine.dataset;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * Streams the rows of an RFC 4180 CSV file (UTF-8, header row) in schema order, parsed on every
 * core: the calling thread cuts the file into blocks of one batch of whole records ({@link
 * CsvBlocks}), worker threads decode, parse and check a block each into a batch, and {@link #next}
 * hands the batches out in file order. At most a few blocks are in memory at once. A refusal names
 * the line and the column, never a value; when several blocks hold errors, the first in the file is
 * the one reported, as a serial read would. Not thread-safe.
 */
final class CsvRows implements BatchSource {

  private static final AtomicInteger IMPORTS = new AtomicInteger();

  private final Path file;
  private final Schema schema;
  private final InputStream input;
  private final CsvBlocks blocks;
  private final int[] schemaIndexOfField;
  private final Supplier<ArrowColumns.BatchWriter> batches;
  private final ExecutorService workers;
  private final int depth;
  private final ArrayDeque<Future<Filled>> parsing = new ArrayDeque<>();
  private boolean ended;

  private CsvRows(
      Path file,
      Schema schema,
      InputStream input,
      Supplier<ArrowColumns.BatchWriter> batches,
      int threads) {
    this.file = file;
    this.schema = schema;
    this.input = input;
    this.blocks = new CsvBlocks(input);
    this.batches = batches;
    CsvBlocks.Block header = blocks.next(1);
    if (header == null) {
      throw refused("the file is empty");
    }
    this.schemaIndexOfField = mapHeader(headerRecord(header), schema);
    int id = IMPORTS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread parser =
                  new Thread(
                      runnable, "evault-import-" + id + "-parser-" + count.incrementAndGet());
              parser.setDaemon(true);
              return parser;
            });
    // One block per worker and one cut ahead keep every worker busy; more would only hold memory.
    this.depth = threads + 1;
  }

  /**
   * Opens {@code file} and checks its header against {@code schema}; each batch is a writer from
   * {@code batches}, called on the worker threads.
   */
  static CsvRows open(Path file, Schema schema, Supplier<ArrowColumns.BatchWriter> batches) {
    InputStream stream;
    try {
      stream = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "file " + file + " does not exist");
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "cannot read file " + file);
    }
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    try {
      return new CsvRows(file, schema, stream, batches, threads);
    } catch (RuntimeException e) {
      closeQuietly(stream);
      throw e;
    }
  }

  private CsvRecord headerRecord(CsvBlocks.Block header) {
    try (CsvReader<CsvRecord> reader = reader(decode(header))) {
      for (CsvRecord record : reader) {
        return record;
      }
    } catch (CsvParseException e) {
      throw refused("malformed CSV after line " + header.firstLine() + " (RFC 4180 quoting)");
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "reading text in memory failed", e);
    }
    throw refused("the file is empty");
  }

  private int[] mapHeader(CsvRecord header, Schema schema) {
    List<String> names = header.getFields();
    int[] mapping = new int[names.size()];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1);
      }
      if (!Names.isValid(name)) {
        throw refused("header field " + (i + 1) + " is not a column name of the schema");
      }
      if (!seen.add(name)) {
        throw refused("header names column " + name + " twice");
      }
      int index = schema.columnIndex(name).orElse(-1);
      if (index < 0) {
        throw refused("header has column " + name + ", which the schema does not declare");
      }
      mapping[i] = index;
    }
    for (Column column : schema.columns()) {
      if (!seen.contains(column.name())) {
        throw refused("header lacks column " + column.name() + " of the schema");
      }
    }
    return mapping;
  }

  @Override
  public @Nullable Filled next() {
    while (!ended && parsing.size() < depth) {
      CsvBlocks.Block block;
      try {
        block = blocks.next(Datasets.BATCH_ROWS);
      } catch (VaultException e) {
        // Reported in its place: a refusal in a block before it comes first, as in a serial read.
        parsing.add(CompletableFuture.failedFuture(e));
        ended = true;
        break;
      }
      if (block == null) {
        ended = true;
      } else {
        parsing.add(workers.submit(() -> parse(block)));
      }
    }
    Future<Filled> head = parsing.poll();
    return head == null ? null : await(head);
  }

  /** Decodes, parses and checks one block into a new batch, on a worker thread. */
  private Filled parse(CsvBlocks.Block block) {
    String text = decode(block);
    ArrowColumns.BatchWriter writer = batches.get();
    try {
      int rows = fill(writer, text, block);
      return new Filled(writer, rows);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  private int fill(ArrowColumns.BatchWriter writer, String text, CsvBlocks.Block block) {
    String[] row = new String[schema.columns().size()];
    int count = 0;
    long line = block.firstLine();
    try (CsvReader<CsvRecord> reader = reader(text)) {
      for (CsvRecord record : reader) {
        line = block.firstLine() + record.getStartingLineNumber() - 1;
        if (count == block.rows()) {
          throw malformedAfter(line);
        }
        readFields(record, line, row);
        try {
          writer.write(count, row);
        } catch (VaultException e) {
          throw new VaultException(
              e.code(), "import refused: line " + line + ": " + e.getMessage());
        }
        count++;
      }
    } catch (CsvParseException e) {
      throw malformedAfter(line);
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "reading text in memory failed", e);
    }
    if (count != block.rows()) {
      // The block was cut where FastCSV would not have cut it: only malformed quoting does that.
      throw malformedAfter(line);
    }
    return count;
  }

  private void readFields(CsvRecord record, long line, String[] row) {
    if (record.getFieldCount() != schemaIndexOfField.length) {
      throw refused(
          "line "
              + line
              + " has "
              + record.getFieldCount()
              + " fields; the header has "
              + schemaIndexOfField.length);
    }
    for (int i = 0; i < schemaIndexOfField.length; i++) {
      String field = record.getField(i);
      if (field.indexOf('\0') >= 0) {
        // A NUL ends strings in C tools downstream: what they show would not be what was stored.
        throw refused(
            "line "
                + line
                + ", column "
                + schema.columns().get(schemaIndexOfField[i]).name()
                + ": a NUL character is not allowed in a CSV field");
      }
      row[schemaIndexOfField[i]] = field;
    }
  }

  private static CsvReader<CsvRecord> reader(String text) {
    return CsvReader.builder()
        .allowExtraFields(true)
        .allowMissingFields(true)
        .skipEmptyLines(true)
        .ofCsvRecord(text);
  }

  /** The block's text, refused naming the file's first malformed line if it is not UTF-8. */
  private String decode(CsvBlocks.Block block) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(block.bytes(), 0, block.length()))
          .toString();
    } catch (CharacterCodingException e) {
      // Earlier blocks decoded, so the file's first bad byte is this block's.
      throw refused("line " + Utf8Lines.firstMalformedLine(file) + " is not valid UTF-8");
    }
  }

  private static Filled await(Future<Filled> parsed) {
    return ImportTasks.await(parsed, "parsing a block failed");
  }

  @Override
  public long bytesRead() {
    return blocks.bytesRead();
  }

  /**
   * Stops the workers and releases every batch not handed out; returns only once no worker can
   * still allocate, so the caller may close the allocator.
   */
  @Override
  public void close() {
    workers.shutdownNow();
    try {
      while (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
        // A block takes milliseconds: keep waiting rather than free memory a worker still fills.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Future<Filled> pending : parsing) {
      if (pending.isDone() && !pending.isCancelled()) {
        try {
          pending.get().close();
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
          // Its failure or its batch no longer matters: the import is over.
        }
      }
    }
    parsing.clear();
    closeQuietly(input);
  }

  private static void closeQuietly(InputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // Reading is over; a failure to release the file handle changes nothing.
    }
  }

  private static VaultException malformedAfter(long line) {
    return refused(
        "malformed CSV after line " + line + " (RFC 4180 quoting, or a field over 1 MiB)");
  }

  private static VaultException refused(String why) {
    return new VaultException(ErrorCode.USER_ERROR, "import refused: " + why);
  }
}
