package org.elementvault.engine.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release ledger's gate on a real vault, with shapes written by hand so that every count is
 * exact: districts {@code a} and {@code b} by gender {@code m} and {@code f}, threshold 10.
 */
class ReleaseLedgerTest {

  private static final int K = 10;
  private static final String DISTRICT = "residents.district";
  private static final String GENDER = "residents.gender";
  private static final Fingerprint NO_CONDITIONS = new Fingerprint(0, 1);
  private static final byte[] RESULT = "released".getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;

  private final TestingClock clock = new TestingClock(TestingVaults.NOW);
  private Vault vault;
  private Principal dev;
  private Principal dave;
  private long acme;
  private long other;

  @BeforeEach
  void createVault() {
    vault = TestingVaults.create(temp.resolve("vault"), CipherSuite.INTL, clock);
    Principal admin = vault.admin();
    for (String tenant : List.of("acme", "other")) {
      var unused = vault.tenants().apply(admin, tenant, "ops", null);
      unused = vault.tenants().review(admin, tenant, true, "ok");
    }
    dev = vault.addUser(admin, "dev", Role.DEVELOPER, "acme", null).principal();
    dave = vault.addUser(admin, "dave", Role.DEVELOPER, "other", null).principal();
    acme = vault.tenants().find(admin, "acme").orElseThrow().id();
    other = vault.tenants().find(admin, "other").orElseThrow().id();
  }

  @AfterEach
  void closeVault() {
    vault.close();
  }

  /** A keyed fingerprint stand-in: the engine only compares them. */
  private static Fingerprint key(String value) {
    return new Fingerprint(value.hashCode(), value.length());
  }

  /** By district and gender: (b, f) suppressed with {@code suppressed} subjects. */
  private static ReleaseShape fine(long suppressed) {
    return shape(
        NO_CONDITIONS,
        List.of(DISTRICT, GENDER),
        Map.of(
            List.of("a", "m"), 0L,
            List.of("a", "f"), 0L,
            List.of("b", "m"), 0L,
            List.of("b", "f"), suppressed));
  }

  /** By district: both released. */
  private static ReleaseShape coarse() {
    return shape(NO_CONDITIONS, List.of(DISTRICT), Map.of(List.of("a"), 0L, List.of("b"), 0L));
  }

  /** The grand total, released. */
  private static ReleaseShape total() {
    return shape(NO_CONDITIONS, List.of(), Map.of(List.of(), 0L));
  }

  /** A shape whose groups map to 0 if released, else to their subject count. */
  private static ReleaseShape shape(
      Fingerprint conditions, List<String> columns, Map<List<String>, Long> groups) {
    List<ReleaseShape.Group> shaped = new ArrayList<>();
    groups.forEach(
        (values, subjects) -> {
          List<Fingerprint> keys = values.stream().map(ReleaseLedgerTest::key).toList();
          shaped.add(
              subjects == 0
                  ? ReleaseShape.Group.released(keys)
                  : ReleaseShape.Group.suppressed(keys, subjects));
        });
    return new ReleaseShape(K, List.of("#1"), conditions, columns, shaped);
  }

  private Release release(String element, String job, ReleaseShape shape) {
    return vault
        .results()
        .release(dev, acme, new ReleaseOrigin(element, job, Optional.of(shape)), RESULT);
  }

  private void assertResliceRefused(String element, String job, ReleaseShape shape) {
    assertVaultException(
        () -> release(element, job, shape),
        ErrorCode.POLICY_REFUSED,
        "result refused: it re-slices release j1 of element e1 so that a suppressed group becomes"
            + " computable (release ledger)");
    LogRecord last = vault.log().entry(vault.log().size()).orElseThrow().record();
    assertThat(last.action()).isEqualTo("result.release");
    assertThat(last.outcome()).isEqualTo(Outcome.REFUSED);
    assertVaultException(
        () -> vault.results().read(dev, job),
        ErrorCode.NOT_FOUND,
        "result of job " + job + " not found");
  }

  @Test
  void release_coarseAfterFineWithSuppressedCell_isRefusedAndReleasesNothing() {
    var unused = release("e1", "j1", fine(3));

    assertResliceRefused("e2", "j2", coarse());
  }

  @Test
  void release_fineWithSuppressedCellAfterCoarse_isRefused() {
    var unused = release("e1", "j1", coarse());

    assertResliceRefused("e2", "j2", fine(3));
  }

  @Test
  void release_grandTotalAfterFineWithSuppressedCell_isRefused() {
    var unused = release("e1", "j1", fine(3));

    assertResliceRefused("e2", "j2", total());
  }

  @Test
  void release_suppressedCellsUnderOneCoarseCellSummingBelowK_isRefused() {
    var unused =
        release(
            "e1",
            "j1",
            shape(
                NO_CONDITIONS,
                List.of(DISTRICT, GENDER),
                Map.of(List.of("a", "m"), 0L, List.of("b", "m"), 4L, List.of("b", "f"), 5L)));

    assertResliceRefused("e2", "j2", coarse());
  }

  @Test
  void release_suppressedRemainderOfKSubjects_isReleased() {
    var unused =
        release(
            "e1",
            "j1",
            shape(
                NO_CONDITIONS,
                List.of(DISTRICT, GENDER),
                Map.of(List.of("a", "m"), 0L, List.of("b", "m"), 5L, List.of("b", "f"), 5L)));

    Release release = release("e2", "j2", coarse());

    assertThat(release.jobId()).isEqualTo("j2");
  }

  @Test
  void release_coarseCellSuppressedToo_isReleased() {
    var unused = release("e1", "j1", fine(3));

    Release release =
        release(
            "e2",
            "j2",
            shape(NO_CONDITIONS, List.of(DISTRICT), Map.of(List.of("a"), 0L, List.of("b"), 30L)));

    assertThat(release.jobId()).isEqualTo("j2");
  }

  @Test
  void release_sameGroupingAgain_isReleased() {
    var unused = release("e1", "j1", fine(3));

    Release rerun = release("e1", "j2", fine(3));

    assertThat(rerun.jobId()).isEqualTo("j2");
  }

  /** Reruns are kept apart from other groupings in the ledger, never apart from the gate. */
  @Test
  void release_coarseAfterManyRerunsOfTheFine_isRefused() {
    for (int job = 1; job <= 5; job++) {
      var unused = release("e1", "j" + job, fine(3));
    }

    assertResliceRefused("e2", "j6", coarse());
  }

  @Test
  void release_otherConditions_isReleased() {
    var unused = release("e1", "j1", fine(3));
    ReleaseShape filtered =
        shape(new Fingerprint(0, 2), List.of(DISTRICT), Map.of(List.of("a"), 0L, List.of("b"), 0L));

    Release release = release("e2", "j2", filtered);

    assertThat(release.jobId()).isEqualTo("j2");
  }

  @Test
  void release_groupingsNeitherContainingTheOther_isReleased() {
    var unused = release("e1", "j1", fine(3));
    ReleaseShape byAge =
        shape(
            NO_CONDITIONS,
            List.of(DISTRICT, "residents.age"),
            Map.of(List.of("a", "30"), 0L, List.of("b", "30"), 0L));

    Release release = release("e2", "j2", byAge);

    assertThat(release.jobId()).isEqualTo("j2");
  }

  @Test
  void release_anotherTenantsEarlierRelease_doesNotInterfere() {
    var unused =
        vault
            .results()
            .release(dave, other, new ReleaseOrigin("e9", "j1", Optional.of(fine(3))), RESULT);

    Release release = release("e2", "j2", coarse());

    assertThat(release.jobId()).isEqualTo("j2");
  }

  @Test
  void release_unshapedEarlierRelease_isNeverCompared() {
    var unused =
        vault.results().release(dev, acme, new ReleaseOrigin("e1", "j1", Optional.empty()), RESULT);

    Release release = release("e2", "j2", coarse());

    assertThat(release.jobId()).isEqualTo("j2");
  }

  /** The ledger is durable: a reopened vault still refuses the re-slice. */
  @Test
  void release_afterReopen_isStillGatedByTheEarlierRelease() {
    var unused = release("e1", "j1", fine(3));
    vault.close();
    vault = TestingVaults.open(temp.resolve("vault"), clock);

    assertResliceRefused("e2", "j2", coarse());
  }

  @Test
  void release_logsElementJobAndReleaseFingerprint() {
    Release release = release("e1", "j1", fine(3));

    String details = vault.log().entry(vault.log().size()).orElseThrow().record().details();
    assertThat(details)
        .matches(
            "element e1, job j1, "
                + RESULT.length
                + " bytes, hash "
                + release.hash()
                + ", release fingerprint [0-9a-f]{64}");
  }

  @Test
  void releaseFingerprint_ignoresSuppressedCounts() {
    var unused = release("e1", "j1", fine(3));
    var unusedToo = release("e1", "j2", fine(4));

    String first = vault.log().entry(vault.log().size() - 1).orElseThrow().record().details();
    String second = vault.log().entry(vault.log().size()).orElseThrow().record().details();
    assertThat(fingerprint(first)).isEqualTo(fingerprint(second));
  }

  private static String fingerprint(String details) {
    return details.substring(details.indexOf("release fingerprint "));
  }
}
