package org.elementvault.sandbox.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.PiiFormats;
import org.elementvault.engine.dataset.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticResidentsTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);

  @TempDir Path directory;

  /** The benchmarks measure exactly this file (generation 2: every ID different). */
  @Test
  void write_defaultSeed_givesTheBenchmarkFile() throws Exception {
    Path file = directory.resolve("residents.csv");

    long bytes = SyntheticResidents.write(file, 2_000, SyntheticResidents.DEFAULT_SEED);

    assertThat(bytes).isEqualTo(156_038);
    assertThat(sha256(file))
        .isEqualTo("5e05d48d1ad040464a4daa2121a92ae7102b79cb12e3bf0e6437e548fc09a7fb");
  }

  /** The subject is a person: every generated resident has a different ID. */
  @Test
  void write_manyRows_everyIdCardIsDifferent() throws IOException {
    Path file = directory.resolve("residents.csv");

    var unused = SyntheticResidents.write(file, 200_000, SyntheticResidents.DEFAULT_SEED);

    try (var lines = Files.lines(file, java.nio.charset.StandardCharsets.UTF_8)) {
      List<String> ids = lines.skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
      assertThat(new java.util.HashSet<>(ids)).hasSize(ids.size());
    }
  }

  @Test
  void write_sameSeed_sameBytes() throws IOException {
    Path first = directory.resolve("first.csv");
    Path second = directory.resolve("second.csv");

    var unused = SyntheticResidents.write(first, 500, 7);
    unused = SyntheticResidents.write(second, 500, 7);

    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
  }

  @Test
  void write_otherSeed_otherRows() throws IOException {
    Path first = directory.resolve("first.csv");
    Path second = directory.resolve("second.csv");

    var unused = SyntheticResidents.write(first, 500, 7);
    unused = SyntheticResidents.write(second, 500, 8);

    assertThat(Files.readAllBytes(second)).isNotEqualTo(Files.readAllBytes(first));
  }

  @Test
  void write_headerAndRows() throws IOException {
    Path file = directory.resolve("residents.csv");

    var unused = SyntheticResidents.write(file, 300, 7);

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(301);
    assertThat(lines.get(0)).isEqualTo(SyntheticResidents.HEADER);
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(8));
  }

  @Test
  void write_everyIdCardAndPhone_passesTheFormatChecks() throws IOException {
    Path file = directory.resolve("residents.csv");
    Schema schema = Schema.parse(SyntheticResidents.schemaYaml().getBytes(StandardCharsets.UTF_8));
    Column idCard = schema.column("id_card").orElseThrow();
    Column phone = schema.column("phone").orElseThrow();

    var unused = SyntheticResidents.write(file, 5_000, 11);

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",", -1);
      PiiFormats.check(idCard, fields[0], TODAY);
      PiiFormats.check(phone, fields[5], TODAY);
      assertThat(fields[0].substring(6, 14)).isEqualTo(fields[3].replace("-", ""));
    }
  }

  @Test
  void write_importedWithFormatChecks_isAccepted() throws IOException {
    Path file = directory.resolve("residents.csv");
    var unused = SyntheticResidents.write(file, 2_000, SyntheticResidents.DEFAULT_SEED);

    Dataset dataset;
    try (TestingTenantVault vault = new TestingTenantVault(directory)) {
      dataset = vault.importFile("residents", file, SyntheticResidents.schemaYaml());
    }

    assertThat(dataset.latest().orElseThrow().rows()).isEqualTo(2_000);
    assertThat(dataset.schema().columns()).hasSize(8);
    assertThat(dataset.schema().column("id_card").orElseThrow().checkFormat()).isTrue();
    assertThat(dataset.schema().column("phone").orElseThrow().checkFormat()).isTrue();
  }

  @Test
  void writeSchema_writesTheSchemaOfTheFile() throws IOException {
    Path file = directory.resolve("residents.yaml");

    SyntheticResidents.writeSchema(file);

    Schema schema = Schema.parse(Files.readAllBytes(file));
    assertThat(schema.subject()).isEqualTo("id_card");
    assertThat(schema.columns().stream().map(Column::name).toList())
        .containsExactly(SyntheticResidents.HEADER.split(","));
  }

  @Test
  void write_negativeRows_isRefused() {
    assertThatThrownBy(() -> SyntheticResidents.write(directory.resolve("x.csv"), -1, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows must be at least 0, was -1");
  }

  @Test
  void schemaYaml_ageTypeOtherThanIntOrBigint_isRefused() {
    assertThatThrownBy(() -> SyntheticResidents.schemaYaml("DOUBLE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ageType must be INT or BIGINT");
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
