package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.elementvault.sandbox.SandboxSpecs.spec;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ResultCodec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs through the sandbox on a real vault: sample and real data, release, masking, thresholds. */
class SandboxRunTest {

  private static final int K = 10;

  /** A district with fewer than K residents, whose group the threshold must drop. */
  private static final String RARE = "登封市";

  private static final String BY_DISTRICT =
      "SELECT district, COUNT(DISTINCT id_card) AS people FROM residents GROUP BY district";

  private static final String MASKED =
      "SELECT mask_id_card(id_card) AS id_card, mask_phone(phone) AS phone, district"
          + " FROM residents";

  /** The masked field set over {@code people}, a dataset where every district is common. */
  private static final String MASKED_PEOPLE = MASKED.replace("residents", "people");

  @TempDir Path dir;

  private TestingSandbox testing;
  private Sandbox sandbox;
  private List<String> csv;

  @BeforeEach
  void importResidents() {
    testing = new TestingSandbox(dir);
    csv = SandboxSpecs.withDistrict(ResidentRows.csv(1000, 21), RARE, K - 3);
    var unused = testing.importCsv("residents", ResidentRows.SCHEMA, csv);
    sandbox = new Sandbox(testing.vault());
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private Element approved(String name, String query) {
    Element element = sandbox.submit(testing.dev(), spec(name, query, K));
    return sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
  }

  private static Map<String, Long> byDistrict(ElementResult result) {
    Map<String, Long> counts = new HashMap<>();
    for (List<@Nullable Object> row : result.rows()) {
      counts.put((String) row.get(0), (Long) row.get(1));
    }
    return counts;
  }

  /** Every cell of {@code result} as text. */
  private static List<String> cells(ElementResult result) {
    List<String> cells = new ArrayList<>();
    result.rows().forEach(r -> r.forEach(v -> cells.add(String.valueOf(v))));
    return cells;
  }

  private static Set<Object> column(ElementResult result, int index) {
    Set<Object> values = new HashSet<>();
    result.rows().forEach(r -> values.add(Objects.requireNonNull(r.get(index))));
    return values;
  }

  @Test
  void run_submittedElementOnRealData_isRefusedAndLogged() {
    Element element = sandbox.submit(testing.dev(), spec("by-district", BY_DISTRICT, K));

    VaultException refused =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.run(testing.dev(), element.id(), false));

    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
    assertThat(refused.getMessage()).contains("APPROVED");
    LogRecord last = testing.logRecords().get(testing.logRecords().size() - 1);
    assertThat(last.action()).isEqualTo("element.run");
    assertThat(last.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(testing.logRecords()).noneMatch(r -> r.action().equals("result.release"));
  }

  @Test
  void run_floorRaisedAfterApproval_isRefusedNamingBothNumbers() {
    Element element = approved("by-district", BY_DISTRICT);
    testing.setMinThreshold(K + 5);

    VaultException refused =
        catchThrowableOfType(
            VaultException.class, () -> sandbox.run(testing.dev(), element.id(), false));

    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
    assertThat(refused)
        .hasMessage(
            "element "
                + element.id()
                + "'s threshold 10 is below tenant acme's minimum threshold 15: a run needs a spec"
                + " with threshold at least 15; submit one");
    assertThat(testing.logRecords()).noneMatch(r -> r.action().equals("result.release"));
  }

  @Test
  void run_thresholdExactlyAtRaisedFloor_releasesTheResult() {
    Element submitted = sandbox.submit(testing.dev(), spec("by-district", BY_DISTRICT, K + 5));
    Element element =
        sandbox.review(testing.vault().admin(), submitted.id(), true, "fit for purpose");
    testing.setMinThreshold(K + 5);

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), false);

    assertThat(job.result().rows()).isNotEmpty();
    assertThat(byDistrict(job.result())).doesNotContainKey(RARE);
  }

  @Test
  void run_sampleFromSubmitted_releasesTheSampleRowCap() {
    Element element = sandbox.submit(testing.dev(), spec("masked", MASKED, K));

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), true);

    assertThat(job.sample()).isTrue();
    assertThat(job.result().rows()).hasSize(Sandbox.SAMPLE_ROWS);
  }

  /** Sample rows are invented: no ID, phone or name of the dataset appears (invariant 5). */
  @Test
  void run_sampleFromSubmitted_releasesNoRealIdPhoneOrName() {
    Element element = sandbox.submit(testing.dev(), spec("masked", MASKED, K));

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), true);

    Set<String> real = new HashSet<>();
    for (int field : List.of(SandboxSpecs.ID_CARD, SandboxSpecs.PHONE, SandboxSpecs.NAME)) {
      real.addAll(SandboxSpecs.values(csv, field));
    }
    assertThat(cells(job.result())).doesNotContainAnyElementsOf(real);
  }

  /** GENERAL districts follow the data, but one that fewer than k people live in never shows. */
  @Test
  void run_sampleFromSubmitted_showsTheCommonDistrictsOnly() {
    Element element = sandbox.submit(testing.dev(), spec("masked", MASKED, K));

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), true);

    assertThat(column(job.result(), 2)).containsExactlyInAnyOrderElementsOf(ResidentRows.DISTRICTS);
  }

  /** Developing a grouped element on sample data gives groups to look at, as real data would. */
  @Test
  void run_sampleGroupedByDistrictAndGender_releasesEveryCommonGroup() {
    Element element =
        sandbox.submit(
            testing.dev(),
            spec(
                "by-district-gender",
                "SELECT district, gender, COUNT(DISTINCT id_card) AS people FROM residents"
                    + " GROUP BY district, gender",
                K));

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), true);

    Set<String> groups = new HashSet<>();
    job.result().rows().forEach(r -> groups.add(r.get(0) + "/" + r.get(1)));
    Set<String> expected = new HashSet<>();
    for (String district : ResidentRows.DISTRICTS) {
      expected.add(district + "/男");
      expected.add(district + "/女");
    }
    assertThat(groups).isEqualTo(expected);
  }

  @Test
  void run_sampleFromSubmitted_isLoggedAsASampleRun() {
    Element element = sandbox.submit(testing.dev(), spec("masked", MASKED, K));

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), true);

    LogRecord last = testing.logRecords().get(testing.logRecords().size() - 1);
    assertThat(last)
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "element.run",
                element.id(),
                Outcome.OK,
                "job " + job.jobId() + ", sample data, " + job.result().rows().size() + " rows"));
  }

  @Test
  void run_approved_releasesThresholdedDistinctSubjectsPerDistrict() {
    Element element = approved("by-district", BY_DISTRICT);

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), false);

    assertThat(job.sample()).isFalse();
    Map<String, Long> released = byDistrict(job.result());
    Map<String, Long> exact = SandboxSpecs.distinctIdsPerDistrict(csv, K);
    assertThat(released).doesNotContainKey(RARE).hasSameSizeAs(exact);
    // Sticky noise of SD about 1.4 per count: far from the exact count only by chance of 10⁻⁵.
    exact.forEach((district, n) -> assertThat(released.get(district)).isCloseTo(n, within(6L)));
  }

  @Test
  void run_approved_releaseHashIsTheSuiteHashOfTheStoredResult() {
    Element element = approved("by-district", BY_DISTRICT);

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), false);

    byte[] stored = testing.vault().results().read(testing.dev(), job.jobId());
    String hash =
        HexFormat.of()
            .formatHex(
                testing.vault().suite().primitives(new SecureRandom()).hasher().hash(stored));
    assertThat(job.release().hash()).isEqualTo(hash);
    assertThat(job.release().bytes()).isEqualTo(stored.length);
    try (BufferAllocator allocator = new RootAllocator(64L << 20)) {
      assertThat(ResultCodec.encode(job.result(), allocator)).isEqualTo(stored);
    }
  }

  @Test
  void run_approved_logsReleaseWithItsHashThenTheRun() {
    Element element = approved("by-district", BY_DISTRICT);

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), false);

    List<LogRecord> records = testing.logRecords();
    int release = -1;
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).action().equals("result.release")) {
        release = i;
      }
    }
    assertThat(release).isNotNegative();
    LogRecord released = records.get(release);
    assertThat(released.outcome()).isEqualTo(Outcome.OK);
    assertThat(released.target()).isEqualTo(job.jobId());
    assertThat(released.details()).contains("hash " + job.release().hash());
    assertThat(records.subList(release + 1, records.size()))
        .contains(
            new LogRecord(
                "dev",
                "acme",
                "element.run",
                element.id(),
                Outcome.OK,
                "job " + job.jobId() + ", real data, " + job.result().rows().size() + " rows"));
  }

  @Test
  void run_maskedFieldSet_releasesNoRawIdOrPhone() {
    List<String> people = ResidentRows.csv(1000, 22);
    var unused = testing.importCsv("people", ResidentRows.SCHEMA, people);
    Element submitted = sandbox.submit(testing.dev(), spec("masked", MASKED_PEOPLE, K, "people"));
    Element element =
        sandbox.review(testing.vault().admin(), submitted.id(), true, "fit for purpose");

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), false);

    assertThat(job.result().rows()).hasSize(people.size() - 1);
    Set<String> raw = new HashSet<>(SandboxSpecs.values(people, SandboxSpecs.ID_CARD));
    raw.addAll(SandboxSpecs.values(people, SandboxSpecs.PHONE));
    for (String cell : cells(job.result())) {
      assertThat(raw).noneMatch(cell::contains);
    }
    assertThat(column(job.result(), 0))
        .allMatch(v -> v.toString().matches("410105\\*{8}\\d{3}[\\dX]"));
    assertThat(column(job.result(), 1)).allMatch(v -> v.toString().matches("138\\*{4}\\d{4}"));
  }

  /** The rare district's K - 3 residents form a class too small to release: it goes, silently. */
  @Test
  void run_maskedFieldSetWithARareDistrict_suppressesItsRowsSilently() {
    Element element = approved("masked", MASKED);

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), false);

    assertThat(job.result().rows()).hasSize(csv.size() - 1 - (K - 3));
    assertThat(column(job.result(), 2)).doesNotContain(RARE);
  }

  @Test
  void run_rowLevelWithRareQuasiIdentifierCombinations_releasesOnlyClassesOfKResidents() {
    Element element =
        approved(
            "birth-years",
            "SELECT truncate_date(birth_date, 'YEAR') AS birth_year, gender FROM residents");
    Map<String, Long> residents = new HashMap<>();
    for (String[] row : SandboxSpecs.rows(csv)) {
      residents.merge(row[3].substring(0, 4) + " " + row[2], 1L, Long::sum);
    }
    long kept = residents.values().stream().filter(n -> n >= K).mapToLong(n -> n).sum();

    Sandbox.Job job = sandbox.run(testing.dev(), element.id(), false);

    assertThat(kept).isPositive().isLessThan(csv.size() - 1);
    assertThat(job.result().rows()).hasSize((int) kept);
    Map<List<@Nullable Object>, Long> released = new HashMap<>();
    job.result().rows().forEach(row -> released.merge(row, 1L, Long::sum));
    assertThat(released.values()).allMatch(n -> n >= K);
  }

  @Test
  void run_pseudonym_isStableAcrossRunsOfOneElement() {
    Element element = approved("pseudonyms", "SELECT pseudonym(id_card) AS who FROM residents");

    ElementResult first = sandbox.run(testing.dev(), element.id(), false).result();
    ElementResult second = sandbox.run(testing.dev(), element.id(), false).result();

    assertThat(first.rows()).isEqualTo(second.rows());
    assertThat(column(first, 0))
        .hasSize(SandboxSpecs.values(csv, SandboxSpecs.ID_CARD).size())
        .doesNotContainAnyElementsOf(SandboxSpecs.values(csv, SandboxSpecs.ID_CARD));
  }

  @Test
  void run_pseudonym_differsBetweenElements() {
    String query = "SELECT pseudonym(id_card) AS who FROM residents";
    Element one = approved("pseudonyms-one", query);
    Element two = approved("pseudonyms-two", query);

    ElementResult first = sandbox.run(testing.dev(), one.id(), false).result();
    ElementResult second = sandbox.run(testing.dev(), two.id(), false).result();

    assertThat(column(first, 0)).doesNotContainAnyElementsOf(column(second, 0));
  }
}
