package org.elementvault.engine.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
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
 * CsvBlocks}), worker threads split a block each into fields ({@link CsvFields}) and parse and
 * check the fields' bytes into a batch, with no text decoded but what the checks need, and {@link
 * #next} hands the batches out in file order. At most a few blocks are in memory at once. A refusal
 * names the line and the column, never a value; when several blocks hold errors, the first in the
 * file is the one reported, as a serial read would. Not thread-safe.
 */
final class CsvRows implements BatchSource {

  private static final AtomicInteger IMPORTS = new AtomicInteger();

  private final Schema schema;
  private final InputStream input;
  private final CsvBlocks blocks;
  private final int[] schemaIndexOfField;
  private final Supplier<ArrowColumns.BatchWriter> batches;
  private final ExecutorService workers;
  private final int depth;
  private final ArrayDeque<Parsing> parsing = new ArrayDeque<>();
  private boolean ended;

  private CsvRows(
      Schema schema, InputStream input, Supplier<ArrowColumns.BatchWriter> batches, int threads) {
    this.schema = schema;
    this.input = input;
    this.blocks = new CsvBlocks(input);
    this.batches = batches;
    CsvBlocks.Block header = blocks.next(1);
    if (header == null) {
      throw refused("the file is empty");
    }
    this.schemaIndexOfField = mapHeader(header, schema);
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

  /** A block being parsed, if it was cut, and its batch to come. */
  private record Parsing(CsvBlocks.@Nullable Block block, Future<Filled> filled) {}

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
      return new CsvRows(schema, stream, batches, threads);
    } catch (RuntimeException e) {
      closeQuietly(stream);
      throw e;
    }
  }

  /** UTF-8's byte order mark, which may precede the header. */
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private int[] mapHeader(CsvBlocks.Block header, Schema schema) {
    byte[] bytes = header.bytes();
    boolean bom =
        header.length() >= BOM.length && Arrays.equals(bytes, 0, BOM.length, BOM, 0, BOM.length);
    int from = bom ? BOM.length : 0;
    // One field more than the schema has is enough to name the first that does not belong.
    int size = schema.columns().size();
    CsvFields fields = new CsvFields(bytes, from, header.length(), header.firstLine(), size + 1);
    if (!fields.next()) {
      throw refused("the file is empty");
    }
    // More fields than the schema's columns never get past the loop: one repeats or is undeclared.
    int[] mapping = new int[Math.min(fields.count(), size + 1)];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < mapping.length; i++) {
      if (!Utf8.isWellFormed(bytes, fields.start(i), fields.end(i))) {
        throw refused("line " + fields.line() + " is not valid UTF-8");
      }
      String name =
          new String(
              bytes, fields.start(i), fields.end(i) - fields.start(i), StandardCharsets.UTF_8);
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
        parsing.add(new Parsing(null, CompletableFuture.failedFuture(e)));
        ended = true;
        break;
      }
      if (block == null) {
        ended = true;
      } else {
        parsing.add(new Parsing(block, workers.submit(() -> parse(block))));
      }
    }
    Parsing head = parsing.poll();
    if (head == null) {
      return null;
    }
    Filled filled = await(head.filled());
    if (head.block() != null) {
      blocks.recycle(head.block());
    }
    return filled;
  }

  /** Splits, parses and checks one block into a new batch, on a worker thread. */
  private Filled parse(CsvBlocks.Block block) {
    ArrowColumns.BatchWriter writer = batches.get();
    try {
      int rows = fill(writer, block);
      return new Filled(writer, rows);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  private int fill(ArrowColumns.BatchWriter writer, CsvBlocks.Block block) {
    int width = schemaIndexOfField.length;
    CsvFields fields = new CsvFields(block.bytes(), 0, block.length(), block.firstLine(), width);
    byte[] bytes = fields.bytes();
    int count = 0;
    while (fields.next()) {
      long line = fields.line();
      if (fields.count() != width) {
        throw refused(
            "line " + line + " has " + fields.count() + " fields; the header has " + width);
      }
      if (fields.firstNul() >= 0) {
        // A NUL ends strings in C tools downstream: what they show would not be what was stored.
        throw refused(
            "line "
                + line
                + ", column "
                + schema.columns().get(schemaIndexOfField[fields.firstNul()]).name()
                + ": a NUL character is not allowed in a CSV field");
      }
      try {
        for (int i = 0; i < width; i++) {
          writer.write(count, schemaIndexOfField[i], bytes, fields.start(i), fields.end(i));
        }
      } catch (VaultException e) {
        throw new VaultException(e.code(), "import refused: line " + line + ": " + e.getMessage());
      }
      count++;
    }
    if (count != block.rows()) {
      throw new IllegalStateException("a block was cut where its records do not end");
    }
    return count;
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
    for (Parsing pending : parsing) {
      if (pending.filled().isDone() && !pending.filled().isCancelled()) {
        try {
          pending.filled().get().close();
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

  private static VaultException refused(String why) {
    return new VaultException(ErrorCode.USER_ERROR, "import refused: " + why);
  }
}
