package org.elementvault.engine.dataset;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * Streams the rows of an RFC 4180 CSV file (UTF-8, header row) in schema order, reading only a
 * buffer at a time. Refusals name the line and the column, never a value. Not thread-safe.
 */
final class CsvRows implements BatchSource {

  /** Fields longer than a string value may be cannot be read whole. */
  private static final int MAX_FIELD_CHARS = ValueParser.MAX_STRING_BYTES + 1;

  private final CountingStream input;
  private final CsvReader<CsvRecord> reader;
  private final Iterator<CsvRecord> records;
  private final int[] schemaIndexOfField;
  private final String[] row;
  private long line;
  private final Path file;
  private final Schema schema;

  private CsvRows(Path file, CountingStream input, CsvReader<CsvRecord> reader, Schema schema) {
    this.file = file;
    this.schema = schema;
    this.input = input;
    this.reader = reader;
    this.records = reader.iterator();
    CsvRecord header = nextRecord();
    if (header == null) {
      throw refused("the file is empty");
    }
    this.schemaIndexOfField = mapHeader(header, schema);
    this.row = new String[schema.columns().size()];
  }

  /** Opens {@code file} and checks its header against {@code schema}. */
  static CsvRows open(Path file, Schema schema) {
    InputStream stream;
    try {
      stream = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "file " + file + " does not exist");
    } catch (IOException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "cannot read file " + file);
    }
    CountingStream counting = new CountingStream(stream);
    InputStreamReader text =
        new InputStreamReader(
            counting,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    CsvReader<CsvRecord> reader =
        CsvReader.builder()
            .allowExtraFields(true)
            .allowMissingFields(true)
            .skipEmptyLines(true)
            .maxBufferSize(MAX_FIELD_CHARS * 2)
            .ofCsvRecord(text);
    try {
      return new CsvRows(file, counting, reader, schema);
    } catch (RuntimeException e) {
      closeQuietly(reader);
      throw e;
    }
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

  /**
   * The next row's fields in schema order (the array is reused), or null at the end.
   *
   * @throws VaultException {@code USER_ERROR} naming the line if the row is malformed
   */
  String @Nullable [] next() {
    CsvRecord record = nextRecord();
    if (record == null) {
      return null;
    }
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
    return row;
  }

  @Override
  public int fill(ArrowColumns.BatchWriter writer, int capacity) {
    int count = 0;
    String[] fields;
    while (count < capacity && (fields = next()) != null) {
      try {
        writer.write(count, fields);
      } catch (VaultException e) {
        throw new VaultException(e.code(), "import refused: line " + line + ": " + e.getMessage());
      }
      count++;
    }
    return count;
  }

  private @Nullable CsvRecord nextRecord() {
    try {
      if (!records.hasNext()) {
        return null;
      }
      CsvRecord record = records.next();
      line = record.getStartingLineNumber();
      return record;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof CharacterCodingException) {
        // The decoder reads ahead a buffer at a time: find the bad byte's line from the file.
        throw refused("line " + Utf8Lines.firstMalformedLine(file) + " is not valid UTF-8");
      }
      throw new VaultException(ErrorCode.USER_ERROR, "reading the file failed after line " + line);
    } catch (CsvParseException e) {
      throw refused(
          "malformed CSV after line " + line + " (RFC 4180 quoting, or a field over 1 MiB)");
    }
  }

  /** The line number of the last row returned. */
  long line() {
    return line;
  }

  @Override
  public long bytesRead() {
    return input.count;
  }

  @Override
  public void close() {
    closeQuietly(reader);
  }

  private static void closeQuietly(CsvReader<CsvRecord> reader) {
    try {
      reader.close();
    } catch (IOException e) {
      // Reading is over; a failure to release the file handle changes nothing.
    }
  }

  private static VaultException refused(String why) {
    return new VaultException(ErrorCode.USER_ERROR, "import refused: " + why);
  }

  /** Counts bytes for the progress display. */
  private static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
