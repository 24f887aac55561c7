package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;

class DatasetsTest {

  private static final String SCHEMA =
      """
      subject: id_card
      open_category: CONDITIONAL
      columns:
        - {name: id_card, type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: district, type: STRING, level: GENERAL, quasi_identifier: true}
        - {name: income, type: BIGINT, level: IMPORTANT}
      """;

  @TempDir Path temp;

  private int vaults;
  private Vault vault;
  private Principal tenantAdmin;
  private BufferAllocator allocator;

  @BeforeEach
  void vaultWithATenant() {
    open(CipherSuite.INTL);
  }

  private void open(CipherSuite suite) {
    if (vault != null) {
      vault.close();
    }
    Path dir = temp.resolve("vault-" + suite + "-" + ++vaults);
    vault = TestingVaults.create(dir, suite);
    Principal admin = vault.admin();
    var unused = vault.tenants().apply(admin, "acme", "ops", null);
    unused = vault.tenants().review(admin, "acme", true, "ok");
    Principal alice = vault.addUser(admin, "alice", Role.TENANT_ADMIN, "acme", null).principal();
    tenantAdmin = alice;
    allocator = new RootAllocator(256L << 20);
  }

  @AfterEach
  void close() {
    allocator.close();
    vault.close();
  }

  private Path csv(String... lines) throws IOException {
    Path file = Files.createTempFile(temp, "data", ".csv");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  @CanIgnoreReturnValue
  private DatasetVersion importResidents(Path file) {
    return vault
        .datasets()
        .importFile(
            tenantAdmin,
            null,
            "residents",
            file,
            SCHEMA.getBytes(StandardCharsets.UTF_8),
            Datasets.Progress.NONE);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void importCsv_thenScan_returnsTheValues(CipherSuite suite) throws IOException {
    open(suite);
    DatasetVersion version =
        importResidents(
            csv("id_card,district,income", "A1,north,100", "A2,south,", "A3,north,300"));

    List<String> districts = new ArrayList<>();
    List<Long> incomes = new ArrayList<>();
    try (DatasetScan scan =
        vault
            .datasets()
            .scan(
                tenantAdmin,
                null,
                "residents",
                OptionalInt.empty(),
                List.of("district", "income"),
                List.of(),
                allocator)) {
      while (scan.next()) {
        VarCharVector district = (VarCharVector) scan.batch().getVector(0);
        BigIntVector income = (BigIntVector) scan.batch().getVector(1);
        for (int i = 0; i < scan.batch().getRowCount(); i++) {
          districts.add(new String(district.get(i), StandardCharsets.UTF_8));
          incomes.add(income.isNull(i) ? null : income.get(i));
        }
      }
    }

    assertThat(version.rows()).isEqualTo(3);
    assertThat(districts).containsExactly("north", "south", "north");
    assertThat(incomes).containsExactly(100L, null, 300L);
  }

  @Test
  void importCsv_badValue_isRefusedNamingLineAndColumnAndNothingBecomesVisible()
      throws IOException {
    Path file = csv("id_card,district,income", "A1,north,100", "A2,south,lots");

    assertThatThrownBy(() -> importResidents(file))
        .isInstanceOf(VaultException.class)
        .hasMessageStartingWith("import refused: line 3: column income")
        .hasMessageNotContaining("lots");
    assertThat(vault.datasets().list(tenantAdmin, null)).isEmpty();
    assertThat(chunkCount()).isZero();
  }

  @Test
  void importCsv_secondImport_isANewVersion() throws IOException {
    importResidents(csv("id_card,district,income", "A1,north,100"));

    DatasetVersion second =
        importResidents(csv("id_card,district,income", "A1,north,100", "A2,south,200"));

    assertThat(second.number()).isEqualTo(2);
    assertThat(vault.datasets().describe(tenantAdmin, null, "residents").versions()).hasSize(2);
  }

  @Test
  void importCsv_distinctSubjects_recordsTheVersionAsUniquePerRow() throws IOException {
    DatasetVersion version =
        importResidents(csv("id_card,district,income", "A1,north,100", "A2,south,200"));

    assertThat(version.subjectUnique()).isTrue();
    assertThat(vault.datasets().describe(tenantAdmin, null, "residents").latest().orElseThrow())
        .isEqualTo(version);
  }

  @Test
  void importCsv_repeatedSubject_recordsTheVersionAsNotUnique() throws IOException {
    DatasetVersion version =
        importResidents(
            csv("id_card,district,income", "A1,north,100", "A2,south,200", "A1,north,300"));

    assertThat(version.subjectUnique()).isFalse();
  }

  @Test
  void importCsv_headerMissingAColumn_isRefused() throws IOException {
    assertThatThrownBy(() -> importResidents(csv("id_card,district", "A1,north")))
        .isInstanceOf(VaultException.class)
        .hasMessage("import refused: header lacks column income of the schema");
  }

  @Test
  void importCsv_emptyFile_isRefused() throws IOException {
    Path file = Files.createTempFile(temp, "empty", ".csv");

    assertThatThrownBy(() -> importResidents(file))
        .isInstanceOf(VaultException.class)
        .hasMessage("import refused: the file is empty");
  }

  @Test
  void importCsv_invalidUtf8_isRefused() throws IOException {
    Path file = Files.createTempFile(temp, "bad", ".csv");
    Files.write(
        file, "id_card,district,income\nA1,nor\u00ffth,1\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> importResidents(file))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("not valid UTF-8");
  }

  /** Invariant 1: no value, column name or dataset name in any file of the vault. */
  @Test
  void importCsv_markers_appearInNoFileOfTheVaultEvenAfterCompaction() throws IOException {
    List<String> lines = new ArrayList<>(List.of("id_card,district,income"));
    for (int i = 0; i < 500; i++) {
      lines.add("MARKERID" + i + "X,MARKERDISTRICT" + i + "Q," + (424242000 + i));
    }
    importResidents(csv(lines.toArray(String[]::new)));
    Path dir = vault.directory();
    vault.close();
    try (VaultStore store = VaultStore.open(dir.resolve("db"))) {
      store.flushAndCompact();
    }
    vault = TestingVaults.open(dir);

    List<String> forbidden = List.of("MARKERID", "MARKERDISTRICT", "residents", "district");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String marker : forbidden) {
          assertThat(content).as(file + " holds " + marker).doesNotContain(marker);
        }
      }
    }
  }

  /**
   * Invariant 1 on decompressed contents: RocksDB compresses SST blocks, so a raw byte search alone
   * could miss plaintext. Every key and value of every SST file is read back decompressed.
   */
  @Test
  void importCsv_markers_appearInNoDecompressedSstEntry() throws Exception {
    List<String> lines = new ArrayList<>(List.of("id_card,district,income"));
    for (int i = 0; i < 500; i++) {
      lines.add("MARKERID" + i + "X,MARKERDISTRICT" + i + "Q," + (424242000 + i));
    }
    importResidents(csv(lines.toArray(String[]::new)));
    Path dir = vault.directory();
    vault.close();
    try (VaultStore store = VaultStore.open(dir.resolve("db"))) {
      store.flushAndCompact();
    }

    List<String> forbidden = List.of("MARKERID", "MARKERDISTRICT", "residents", "district");
    int entries = 0;
    try (Stream<Path> files = Files.list(dir.resolve("db"));
        Options options = new Options();
        ReadOptions read = new ReadOptions()) {
      for (Path sst : files.filter(p -> p.toString().endsWith(".sst")).toList()) {
        try (SstFileReader reader = new SstFileReader(options)) {
          reader.open(sst.toString());
          try (SstFileReaderIterator iterator = reader.newIterator(read)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
              entries++;
              String entry =
                  new String(iterator.key(), StandardCharsets.ISO_8859_1)
                      + new String(iterator.value(), StandardCharsets.ISO_8859_1);
              for (String marker : forbidden) {
                assertThat(entry).as(sst + " holds " + marker).doesNotContain(marker);
              }
            }
          }
        }
      }
    }
    vault = TestingVaults.open(dir);

    assertThat(entries).as("decompressed SST entries read").isGreaterThan(3);
  }

  @Test
  void drop_shredsTheKeyAndDeletesTheData() throws IOException {
    importResidents(csv("id_card,district,income", "A1,north,100"));

    var unused = vault.datasets().drop(tenantAdmin, null, "residents", "residents");

    assertThat(vault.datasets().list(tenantAdmin, null)).isEmpty();
    assertThat(chunkCount()).isZero();
    try (Stream<Path> keys = Files.list(vault.directory().resolve("keys"))) {
      assertThat(keys.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("dataset-"));
    }
  }

  @Test
  void classify_loweringByTenantAdmin_isForbidden() throws IOException {
    importResidents(csv("id_card,district,income", "A1,north,100"));

    assertThatThrownBy(
            () ->
                vault
                    .datasets()
                    .classify(tenantAdmin, null, "residents", "income", Level.GENERAL, "public"))
        .isInstanceOf(VaultException.class)
        .hasMessage("lowering column income from IMPORTANT to GENERAL needs the vault admin")
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  void classify_raisingByTenantAdmin_isLoggedWithBeforeAndAfter() throws IOException {
    importResidents(csv("id_card,district,income", "A1,north,100"));

    Dataset updated =
        vault.datasets().classify(tenantAdmin, null, "residents", "income", Level.CORE, "audit");

    assertThat(updated.schema().column("income").orElseThrow().level()).isEqualTo(Level.CORE);
    assertThat(vault.log().entry(vault.log().size()).orElseThrow().record().details())
        .isEqualTo("column income: IMPORTANT -> CORE; reason: audit");
  }

  @Test
  void scan_byTheVaultAdmin_isForbidden() throws IOException {
    importResidents(csv("id_card,district,income", "A1,north,100"));

    assertThatThrownBy(
            () ->
                vault
                    .datasets()
                    .scan(
                        vault.admin(),
                        "acme",
                        "residents",
                        OptionalInt.empty(),
                        List.of("income"),
                        List.of(),
                        allocator))
        .isInstanceOf(VaultException.class)
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
  }

  /** Counts the stored chunks by reading the database directly, the vault closed meanwhile. */
  private int chunkCount() {
    Path dir = vault.directory();
    vault.close();
    int[] count = {0};
    try (VaultStore store = VaultStore.open(dir.resolve("db"))) {
      store.scan(Family.DATA, new byte[0], (key, value) -> ++count[0] > 0);
    }
    vault = TestingVaults.open(dir);
    return count[0];
  }
}
