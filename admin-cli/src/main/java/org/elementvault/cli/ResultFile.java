package org.elementvault.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ResultCodec;

/**
 * The formats a result file can have, chosen by its extension alone, the same extensions {@code
 * dataset import} reads: an Arrow IPC file ({@code .arrow}, what pyarrow's file reader opens) is
 * not an Arrow IPC stream ({@code .arrows}). Both carry the result's protection in the schema
 * metadata.
 */
enum ResultFile {
  CSV(".csv"),
  JSON(".json"),
  ARROW_FILE(".arrow"),
  ARROW_STREAM(".arrows");

  /** The Arrow memory one result may use: results are bounded by the sandbox's row limit. */
  private static final long ARROW_MEMORY = 512L * 1024 * 1024;

  private final String extension;

  ResultFile(String extension) {
    this.extension = extension;
  }

  /** The format of {@code file} by its extension, if it is one of ours. */
  static Optional<ResultFile> of(Path file) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> name.endsWith(f.extension)).findFirst();
  }

  /** The extensions accepted, for the message refusing another. */
  static String extensions() {
    return Arrays.stream(values())
        .map(f -> f.extension + " (" + f.description() + ")")
        .collect(Collectors.joining(", "));
  }

  /** Writes {@code result} to {@code out} in this format; the caller closes {@code out}. */
  void write(ElementResult result, OutputStream out) throws IOException {
    switch (this) {
      case CSV, JSON -> {
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        ResultOutput.print(writer, this == CSV ? OutputFormat.CSV : OutputFormat.JSON, result);
        writer.flush();
      }
      case ARROW_STREAM -> {
        try (BufferAllocator allocator = new RootAllocator(ARROW_MEMORY)) {
          ResultCodec.write(result, allocator, out);
        }
      }
      case ARROW_FILE -> writeArrowFile(result, out);
    }
  }

  private String description() {
    return switch (this) {
      case CSV -> "CSV";
      case JSON -> "the API's JSON document";
      case ARROW_FILE -> "Arrow IPC file";
      case ARROW_STREAM -> "Arrow IPC stream";
    };
  }

  /** The sandbox encodes a stream; its batches are copied into the file format's layout. */
  private static void writeArrowFile(ElementResult result, OutputStream out) throws IOException {
    try (BufferAllocator allocator = new RootAllocator(ARROW_MEMORY)) {
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      ResultCodec.write(result, allocator, stream);
      try (ArrowStreamReader reader =
              new ArrowStreamReader(new ByteArrayInputStream(stream.toByteArray()), allocator);
          ArrowFileWriter writer =
              new ArrowFileWriter(reader.getVectorSchemaRoot(), null, Channels.newChannel(out))) {
        writer.start();
        while (reader.loadNextBatch()) {
          writer.writeBatch();
        }
        writer.end();
      }
    }
  }
}
