package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level field splitter against FastCSV 4.0, the reader imports used before it, on a seeded
 * corpus: quoted and unquoted fields holding separators, doubled quotes, CR, LF and CRLF, quotes
 * inside unquoted fields, empty fields and lines, a BOM, multi-byte UTF-8, and CR, LF and CRLF line
 * ends. Fields and starting lines must be equal record by record, or both readers must refuse the
 * same record (a BOM before a quote makes the quote a plain character, which can misalign a file).
 */
class CsvFieldsTest {

  private static final long SEED = 20_261_206L;

  @Test
  void next_seededCorpus_equalsFastCsvFieldByField() {
    SecureRandom random = TestingRandom.seeded(SEED);
    int refused = 0;
    for (int file = 0; file < 300; file++) {
      String text = TestingCsv.corpus(random);

      String outcome = outcome(text);
      assertThat(outcome).as("seed %d, file %d", SEED, file).isEqualTo(fastCsvOutcome(text));
      refused += outcome.startsWith("refused") ? 1 : 0;
    }

    assertThat(refused).as("files both refuse, of 300").isLessThan(30);
  }

  /**
   * FastCSV 4.0 loses a record's last field when it is quoted, holds a CR without an LF after it,
   * and the record ends with an LF; the old import refused such files. They are read as RFC 4180
   * says.
   */
  @Test
  void next_lastQuotedFieldHoldingACrBeforeAnLfEnd_isReadAsRfc4180Says() {
    assertThat(split("a\nb,\"\rc\"\nx"))
        .containsExactly(
            new Parsed(1, List.of("a")),
            new Parsed(2, List.of("b", "\rc")),
            new Parsed(4, List.of("x")));
  }

  @Test
  void next_trailingSeparatorAtTheEnd_isOneMoreEmptyField() {
    assertThat(split("a,")).containsExactly(new Parsed(1, List.of("a", "")));
  }

  @Test
  void next_quoteLeftOpen_runsToTheEnd() {
    assertThat(split("x\n\"open,y\nz\n"))
        .isEqualTo(fastCsv("x\n\"open,y\nz\n"))
        .containsExactly(new Parsed(1, List.of("x")), new Parsed(2, List.of("open,y\nz\n")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"ab\"cd,x", "a,\"b\" ,c", "x,\"a\"b\"c\"", "\"a\"\"b\"\"\"c,d"})
  void next_textAfterAClosingQuote_isRefusedAsFastCsvRefusesIt(String record) {
    String text = "h1,h2\n\n" + record + "\n";

    assertThatThrownBy(() -> fastCsv(text)).isInstanceOf(CsvParseException.class);
    assertThatThrownBy(() -> split(text))
        .isInstanceOf(VaultException.class)
        .hasMessage(
            "import refused: line 3: malformed CSV (RFC 4180: only a separator or a line end may"
                + " follow a closing quote)")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.USER_ERROR);
  }

  @Test
  void next_nulByte_namesTheFirstFieldHoldingOne() {
    byte[] bytes = "a,b\0,\"\0\"\n".getBytes(StandardCharsets.UTF_8);
    CsvFields fields = new CsvFields(bytes, 0, bytes.length, 1, 3);

    assertThat(fields.next()).isTrue();
    assertThat(fields.firstNul()).isEqualTo(1);
  }

  @Test
  void next_moreFieldsThanTheCapacity_countsThemAll() {
    byte[] bytes = "a,b,c,d\n".getBytes(StandardCharsets.UTF_8);
    CsvFields fields = new CsvFields(bytes, 0, bytes.length, 1, 2);

    assertThat(fields.next()).isTrue();
    assertThat(fields.count()).isEqualTo(4);
  }

  /** One record: the line it starts on and its fields. */
  private record Parsed(long line, List<String> fields) {}

  private static List<Parsed> split(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    CsvFields fields = new CsvFields(bytes, 0, bytes.length, 1, 64);
    List<Parsed> records = new ArrayList<>();
    while (fields.next()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < fields.count(); i++) {
        values.add(
            new String(
                bytes, fields.start(i), fields.end(i) - fields.start(i), StandardCharsets.UTF_8));
      }
      records.add(new Parsed(fields.line(), values));
    }
    return records;
  }

  /** The records, or the line of the record refused as malformed. */
  private static String outcome(String text) {
    try {
      return split(text).toString();
    } catch (VaultException e) {
      return "refused: " + e.getMessage().replaceAll("import refused: (line \\d+):.*", "$1");
    }
  }

  private static String fastCsvOutcome(String text) {
    try {
      return fastCsv(text).toString();
    } catch (CsvParseException e) {
      String message = String.valueOf(e.getMessage());
      return "refused: line "
          + (message.endsWith("first record") ? "1" : message.replaceAll(".*\\D", ""));
    }
  }

  private static List<Parsed> fastCsv(String text) {
    List<Parsed> records = new ArrayList<>();
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder()
            .allowExtraFields(true)
            .allowMissingFields(true)
            .skipEmptyLines(true)
            .ofCsvRecord(text)) {
      for (CsvRecord record : reader) {
        records.add(new Parsed(record.getStartingLineNumber(), record.getFields()));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return records;
  }
}
