package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.tenant.Quotas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refused import leaves the vault as it was — no new dataset or version, no chunk, no key,
 * the same stored bytes — and is logged with the refusal's message, never a value.
 */
class DatasetImportRefusalTest {

  private static final String MARKER = "MARKER7731";

  @TempDir Path temp;

  private TestingDatasetVault vaults;

  @BeforeEach
  void vaultWithOneDataset() throws IOException {
    vaults = new TestingDatasetVault(temp);
    vaults.importAsAlice("base", vaults.csv(TestingDatasetVault.HEADER, "A1,north,100"));
  }

  @AfterEach
  void close() {
    vaults.close();
  }

  @Test
  void import_headerMissingAColumn_isRefused() throws IOException {
    Path file = vaults.csv("id_card,district", "A1,north");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: header lacks column income of the schema");
  }

  @Test
  void import_headerWithAnExtraColumn_isRefused() throws IOException {
    Path file = vaults.csv("id_card,district,income,extra", "A1,north,1,x");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: header has column extra, which the schema does not declare");
  }

  @Test
  void import_headerNamingAColumnTwice_isRefused() throws IOException {
    Path file = vaults.csv("id_card,district,income,income", "A1,north,1,2");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: header names column income twice");
  }

  @Test
  void import_rowWithTooFewFields_isRefusedNamingTheLine() throws IOException {
    Path file = vaults.csv(TestingDatasetVault.HEADER, "A1,north,1", "A2,south");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: line 3 has 2 fields; the header has 3");
  }

  @Test
  void import_invalidUtf8_isRefusedNamingTheLine() throws IOException {
    Path file = vaults.file(".csv");
    StringBuilder text = new StringBuilder(TestingDatasetVault.HEADER).append('\n');
    for (int i = 0; i < 5000; i++) {
      text.append("A").append(i).append(",north,1\n");
    }
    text.append("B1,nor\u00ffth,1\n");
    Files.write(file, text.toString().getBytes(StandardCharsets.ISO_8859_1));

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: line 5002: column district: not valid UTF-8");
  }

  @Test
  void import_overlongUtf8_isRefusedNamingTheLine() throws IOException {
    Path file = vaults.file(".csv");
    byte[] head =
        (TestingDatasetVault.HEADER + "\nA1,north,1\nA2,").getBytes(StandardCharsets.UTF_8);
    byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
    byte[] tail = ",1\n".getBytes(StandardCharsets.UTF_8);
    Files.write(file, concat(head, overlongSlash, tail));

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: line 3: column district: not valid UTF-8");
  }

  @Test
  void import_invalidUtf8InAQuotedFieldOverSeveralLines_namesTheLineItsRowStartsOn()
      throws IOException {
    Path file = vaults.file(".csv");
    byte[] head =
        (TestingDatasetVault.HEADER + "\nA1,north,1\nA2,\"two\nlines ")
            .getBytes(StandardCharsets.UTF_8);
    byte[] loneContinuation = {(byte) 0x80};
    byte[] tail = "\",1\n".getBytes(StandardCharsets.UTF_8);
    Files.write(file, concat(head, loneContinuation, tail));

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: line 3: column district: not valid UTF-8");
  }

  @Test
  void import_textAfterAClosingQuote_isRefusedNamingTheLine() throws IOException {
    Path file = vaults.csv(TestingDatasetVault.HEADER, "A1,north,1", "A2,\"so\"uth,2");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: line 3: malformed CSV (RFC 4180: only a separator or a line end may"
            + " follow a closing quote)");
  }

  @Test
  void import_nulInATextField_isRefusedNamingLineAndColumn() throws IOException {
    Path file = vaults.csv(TestingDatasetVault.HEADER, "A1,north,1", "A2,so\u0000uth,2");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: line 3, column district: a NUL character is not allowed in a CSV field");
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void import_emptyFile_isRefused() throws IOException {
    Path file = vaults.file(".csv");
    Files.write(file, new byte[0]);

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: the file is empty");
  }

  @Test
  void import_headerOnly_isRefused() throws IOException {
    Path file = vaults.csv(TestingDatasetVault.HEADER);

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: the file has no rows");
  }

  @Test
  void import_badValue_isRefusedNamingLineAndColumnButNeverTheValue() throws IOException {
    Path file = vaults.csv(TestingDatasetVault.HEADER, "A1,north,1", "A2,south," + MARKER);

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: line 3: column income: not a BIGINT (an optional sign and digits,"
            + " -9223372036854775808 to 9223372036854775807)");
    assertThat(vaults.lastLogRecord().toString()).doesNotContain(MARKER);
  }

  @Test
  void import_nullSubject_isRefused() throws IOException {
    Path file = vaults.csv(TestingDatasetVault.HEADER, "A1,north,1", ",south,2");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: line 3: column id_card: the subject column must not be empty (NULL)");
  }

  @Test
  void import_overTheStorageQuota_isRefused() throws IOException {
    long used = vaults.datasets().storedBytes(vaults.tenantId("acme"));
    var unused =
        vaults
            .vault()
            .tenants()
            .setQuotas(
                vaults.vault().admin(),
                "acme",
                new Quotas(used + 10, 4, 1_000_000_000L, Quotas.DEFAULT_MIN_THRESHOLD));
    Path file = vaults.csv(TestingDatasetVault.HEADER, "A1,north,1");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.RESOURCE_LIMIT,
        "import refused: tenant acme would exceed its storage quota of " + (used + 10) + " bytes");
  }

  @Test
  void import_suspendedTenant_isRefusedByPolicy() throws IOException {
    var unused = vaults.vault().tenants().suspend(vaults.vault().admin(), "acme");
    Path file = vaults.csv(TestingDatasetVault.HEADER, "A1,north,1");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.POLICY_REFUSED,
        "tenant acme is SUSPENDED: imports need a tenant in its trial or active");
  }

  @Test
  void import_expiredTemporaryTenant_isRefusedByPolicy() throws IOException {
    LocalDate today = vaults.vault().tenants().businessDate();
    var admin = vaults.vault().admin();
    var unused = vaults.vault().tenants().apply(admin, "temp", "ops", today.plusDays(10));
    unused = vaults.vault().tenants().review(admin, "temp", true, "ok");
    vaults.clock().advance(Duration.ofDays(12));
    Path file = vaults.csv(TestingDatasetVault.HEADER, "A1,north,1");

    assertRefusedAndUnchanged(
        () -> vaults.importFile(admin, "temp", "residents", file, TestingDatasetVault.SCHEMA),
        ErrorCode.POLICY_REFUSED,
        "tenant temp is TRIAL and past its end date: imports need a tenant in its trial or active");
  }

  @Test
  void import_unknownExtension_isRefused() throws IOException {
    Path file = vaults.file(".xlsx");
    Files.writeString(file, TestingDatasetVault.HEADER + "\nA1,north,1\n");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: the file must be CSV (.csv), an Arrow IPC file (.arrow) or an Arrow IPC"
            + " stream (.arrows)");
  }

  @Test
  void import_nonexistentFile_isRefused() {
    Path file = vaults.file(".csv");

    assertRefusedAndUnchanged(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "file " + file + " does not exist");
  }

  @Test
  void import_schemaWithAPasswordColumn_isRefused() throws IOException {
    String schema =
        TestingDatasetVault.SCHEMA + "  - {name: password, type: STRING, level: CORE}\n";
    Path file = vaults.csv("id_card,district,income,password", "A1,north,1,x");

    assertRefusedAndUnchanged(
        () -> vaults.importFile(vaults.alice(), null, "residents", file, schema),
        ErrorCode.USER_ERROR,
        "schema: column password is named like a password or PIN: passwords and PINs must not be"
            + " stored in the vault (see Column.looksLikePasswordOrPin)");
  }

  @Test
  void import_intoAnotherTenantByTenantAdmin_isNotFoundAsIfItDidNotExist() throws IOException {
    Path file = vaults.csv(TestingDatasetVault.HEADER, "A1,north,1");

    assertRefusedAndUnchanged(
        () -> vaults.importFile(vaults.alice(), "other", "x", file, TestingDatasetVault.SCHEMA),
        ErrorCode.NOT_FOUND,
        "tenant other not found");
    assertRefusedAndUnchanged(
        () -> vaults.importFile(vaults.alice(), "nosuch", "x", file, TestingDatasetVault.SCHEMA),
        ErrorCode.NOT_FOUND,
        "tenant nosuch not found");
    assertThat(vaults.datasets().list(vaults.bob(), null)).isEmpty();
  }

  /**
   * Asserts the refusal, its log entry, and that neither datasets, chunks, keys nor stored bytes
   * changed.
   */
  private void assertRefusedAndUnchanged(ThrowingCallable call, ErrorCode code, String message) {
    List<Dataset> datasets = vaults.datasets().list(vaults.alice(), null);
    long stored = vaults.datasets().storedBytes(vaults.tenantId("acme"));
    List<byte[]> chunks = vaults.dataKeys();
    long logSize = vaults.vault().log().size();
    List<String> keyFiles = keyFiles();

    assertVaultException(call, code, message);

    LogRecord logged = vaults.lastLogRecord();
    assertThat(vaults.vault().log().size()).isEqualTo(logSize + 1);
    assertThat(logged.action()).isEqualTo("dataset.import");
    assertThat(logged.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(logged.details()).isEqualTo(message);
    assertThat(vaults.datasets().list(vaults.alice(), null)).isEqualTo(datasets);
    assertThat(vaults.datasets().storedBytes(vaults.tenantId("acme"))).isEqualTo(stored);
    assertThat(vaults.dataKeys()).containsExactlyElementsOf(chunks);
    assertThat(keyFiles()).isEqualTo(keyFiles);
  }

  private List<String> keyFiles() {
    try {
      return vaults.datasetKeyFiles();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
