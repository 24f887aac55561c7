package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.Test;

/**
 * The cutting of a file into blocks against the field splitter reading it whole, on the seeded
 * corpus of {@link CsvFieldsTest}, cut at one to four records a block: the blocks put together are
 * the file, each holds the records it counts, and each names the line of its first record.
 */
class CsvBlocksTest {

  private static final long SEED = 20_261_207L;

  @Test
  void next_seededCorpus_cutsBetweenTheRecordsTheSplitterReads() {
    SecureRandom random = TestingRandom.seeded(SEED);
    for (int file = 0; file < 300; file++) {
      byte[] bytes = TestingCsv.corpus(random).getBytes(StandardCharsets.UTF_8);
      int maxRows = 1 + random.nextInt(4);
      Optional<List<Long>> read = recordLines(bytes);
      if (read.isEmpty()) {
        continue; // a file the splitter refuses; CsvFieldsTest covers it
      }
      List<Long> lines = read.get();

      CsvBlocks blocks = new CsvBlocks(new ByteArrayInputStream(bytes));
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      List<Long> firstLines = new ArrayList<>();
      List<Long> expectedFirstLines = new ArrayList<>();
      int records = 0;
      for (CsvBlocks.Block block = blocks.next(maxRows);
          block != null;
          block = blocks.next(maxRows)) {
        joined.write(block.bytes(), 0, block.length());
        firstLines.add(block.firstLine());
        expectedFirstLines.add(lines.get(records));
        assertThat(block.rows()).as("seed %d, file %d", SEED, file).isBetween(1, maxRows);
        assertThat(recordLines(copy(block)).orElseThrow())
            .as("seed %d, file %d", SEED, file)
            .hasSize(block.rows());
        records += block.rows();
        blocks.recycle(block); // as CsvRows does once a block is parsed: the next one reuses it
      }

      // A file of empty lines alone has no record, so no block.
      assertThat(joined.toByteArray())
          .as("seed %d, file %d", SEED, file)
          .isEqualTo(lines.isEmpty() ? new byte[0] : bytes);
      assertThat(records).as("seed %d, file %d", SEED, file).isEqualTo(lines.size());
      assertThat(firstLines).as("seed %d, file %d", SEED, file).isEqualTo(expectedFirstLines);
      assertThat(blocks.bytesRead()).isEqualTo(bytes.length);
    }
  }

  /** Seeded property: the word-at-a-time scan finds what a byte-at-a-time scan finds. */
  @Test
  void nextSpecial_seededBytes_findsTheFirstQuoteOrLineEndAsAByteScanDoes() {
    SecureRandom random = TestingRandom.seeded(SEED);
    byte[] alphabet = {'"', '\r', '\n', ',', 'a', 0, (byte) 0x80, (byte) 0xE4, '!', '#'};
    for (int round = 0; round < 2_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      int letters = random.nextInt(30);
      for (int i = 0; i < bytes.length; i++) {
        int pick = random.nextInt(alphabet.length + letters);
        bytes[i] = pick < alphabet.length ? alphabet[pick] : (byte) ('a' + random.nextInt(26));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int expected = from;
      while (expected < bytes.length
          && bytes[expected] != '"'
          && bytes[expected] != '\r'
          && bytes[expected] != '\n') {
        expected++;
      }

      assertThat(CsvBlocks.nextSpecial(bytes, from, bytes.length))
          .as("seed %d, round %d", SEED, round)
          .isEqualTo(expected);
    }
  }

  private static byte[] copy(CsvBlocks.Block block) {
    byte[] bytes = new byte[block.length()];
    System.arraycopy(block.bytes(), 0, bytes, 0, block.length());
    return bytes;
  }

  /** The starting line of every record, or empty if the splitter refuses the bytes. */
  private static Optional<List<Long>> recordLines(byte[] bytes) {
    byte[] scratch = bytes.clone();
    CsvFields fields = new CsvFields(scratch, 0, scratch.length, 1, 8);
    List<Long> lines = new ArrayList<>();
    try {
      while (fields.next()) {
        lines.add(fields.line());
      }
    } catch (VaultException e) {
      return Optional.empty();
    }
    return Optional.of(lines);
  }
}
