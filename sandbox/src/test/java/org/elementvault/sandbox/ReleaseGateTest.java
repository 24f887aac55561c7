package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.elementvault.sandbox.SandboxSpecs.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.sandbox.element.Element;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release ledger's gate through the sandbox, on a real vault: the differencing attack that
 * computes a suppressed cell as a coarse cell minus the released fine cells under it. District
 * {@value #RARE} holds {@value #MEN} men, well above k, and {@value #WOMEN} women, clearly below
 * it: by district and gender that cell is suppressed, by district alone {@value #RARE} is released.
 */
class ReleaseGateTest {

  private static final int K = 10;
  private static final String RARE = "登封市";
  private static final int MEN = 40;
  private static final int WOMEN = 3;
  private static final int GENDER = 2;

  private static final String FINE =
      "SELECT district, gender, COUNT(DISTINCT id_card) AS people FROM residents"
          + " GROUP BY district, gender";
  private static final String COARSE =
      "SELECT district, COUNT(DISTINCT id_card) AS people FROM residents GROUP BY district";
  private static final String TOTAL = "SELECT COUNT(DISTINCT id_card) AS people FROM residents";

  @TempDir Path dir;

  private @Nullable TestingSandbox testing;
  private Sandbox sandbox;
  private List<String> csv;

  @BeforeEach
  void importResidents() {
    testing = new TestingSandbox(dir);
    csv = withRareDistrict(ResidentRows.csv(1000, 31));
    var unused = testing.importCsv("residents", ResidentRows.SCHEMA, csv);
    sandbox = new Sandbox(testing.vault());
  }

  @AfterEach
  void close() {
    if (testing != null) {
      testing.close();
    }
  }

  /**
   * The first {@code MEN + WOMEN} residents moved to {@code RARE}, the last {@code WOMEN} women.
   */
  private static List<String> withRareDistrict(List<String> csv) {
    List<String> out = new ArrayList<>(SandboxSpecs.withDistrict(csv, RARE, MEN + WOMEN));
    for (int i = 1; i <= MEN + WOMEN; i++) {
      String[] fields = out.get(i).split(",", -1);
      fields[GENDER] = i <= MEN ? "男" : "女";
      out.set(i, String.join(",", fields));
    }
    return out;
  }

  private TestingSandbox testing() {
    if (testing == null) {
      throw new IllegalStateException("closed");
    }
    return testing;
  }

  private Element approved(String name, String query) {
    Element element = sandbox.submit(testing().dev(), spec(name, query, K));
    return sandbox.review(testing().vault().admin(), element.id(), true, "fit for purpose");
  }

  private Sandbox.Job run(Element element) {
    return sandbox.run(testing().dev(), element.id(), false);
  }

  private void assertResliceRefused(Element element, Sandbox.Job earlier) {
    VaultException refused = catchThrowableOfType(VaultException.class, () -> run(element));

    assertThat(refused).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
    String message =
        "result refused: it re-slices release "
            + earlier.jobId()
            + " of element "
            + earlier.element().id()
            + " so that a suppressed group becomes computable (release ledger)";
    assertThat(refused).hasMessage(message);
    List<LogRecord> records = testing().logRecords();
    assertThat(records.get(records.size() - 2))
        .isEqualTo(
            new LogRecord(
                "dev",
                "acme",
                "result.release",
                "j" + (Integer.parseInt(earlier.jobId().substring(1)) + 1),
                Outcome.REFUSED,
                message));
    assertThat(records.stream().filter(r -> r.action().equals("result.release")))
        .filteredOn(r -> r.outcome() == Outcome.OK)
        .hasSize(1);
  }

  @Test
  void run_coarseAfterFineWithSuppressedCell_isRefused() {
    Sandbox.Job fine = run(approved("by-district-gender", FINE));

    assertResliceRefused(approved("by-district", COARSE), fine);
  }

  @Test
  void run_fineAfterCoarse_isRefused() {
    Sandbox.Job coarse = run(approved("by-district", COARSE));

    assertResliceRefused(approved("by-district-gender", FINE), coarse);
  }

  @Test
  void run_grandTotalAfterFineWithSuppressedCell_isRefused() {
    Sandbox.Job fine = run(approved("by-district-gender", FINE));

    assertResliceRefused(approved("total", TOTAL), fine);
  }

  @Test
  void run_fineReleaseSuppressesTheSmallCellOnly() {
    Sandbox.Job fine = run(approved("by-district-gender", FINE));

    assertThat(fine.result().rows())
        .anyMatch(r -> RARE.equals(r.get(0)) && "男".equals(r.get(1)))
        .noneMatch(r -> RARE.equals(r.get(0)) && "女".equals(r.get(1)));
  }

  @Test
  void run_coarseUnderOtherConditions_isReleased() {
    var unused = run(approved("by-district-gender", FINE));

    Sandbox.Job filtered =
        run(approved("older-by-district", COARSE.replace(" GROUP", " WHERE age >= 40 GROUP")));

    assertThat(filtered.result().rows()).isNotEmpty();
  }

  @Test
  void run_sameQueryAgain_isReleased() {
    Element element = approved("by-district-gender", FINE);
    var unused = run(element);

    Sandbox.Job rerun = run(element);

    assertThat(rerun.result().rows()).isNotEmpty();
  }

  /** Cells by district and age hold a few people each, but every district's remainder is ≥ k. */
  @Test
  void run_coarseOverSuppressedRemainderOfAtLeastK_isReleased() {
    var unused =
        run(
            approved(
                "by-district-age",
                "SELECT district, age, COUNT(DISTINCT id_card) AS people FROM residents"
                    + " GROUP BY district, age"));

    Sandbox.Job coarse = run(approved("by-district", COARSE));

    assertThat(coarse.result().rows()).anyMatch(r -> RARE.equals(r.get(0)));
  }

  @Test
  void run_otherTenantsFineRelease_doesNotInterfere() throws IOException {
    Principal admin = testing().vault().admin();
    Principal bobDev = testing().addTenantDeveloper("beta", "bob");
    Principal betaAdmin =
        testing().vault().addUser(admin, "beta-admin", Role.TENANT_ADMIN, "beta", null).principal();
    Path file = dir.resolve("beta.csv");
    Files.writeString(file, String.join("\n", csv) + "\n", StandardCharsets.UTF_8);
    var unused =
        testing()
            .vault()
            .datasets()
            .importFile(
                betaAdmin,
                null,
                "residents",
                file,
                ResidentRows.SCHEMA.getBytes(StandardCharsets.UTF_8),
                Datasets.Progress.NONE);
    Element betaFine = sandbox.submit(bobDev, spec("by-district-gender", FINE, K));
    betaFine = sandbox.review(admin, betaFine.id(), true, "fit for purpose");
    var unusedJob = sandbox.run(bobDev, betaFine.id(), false);

    Sandbox.Job coarse = run(approved("by-district", COARSE));

    assertThat(coarse.result().rows()).anyMatch(r -> RARE.equals(r.get(0)));
  }

  /**
   * The ledger is durable and holds no value: after a reopen the re-slice is still refused, and no
   * file of the vault holds the rare district's name.
   */
  @Test
  void run_afterReopen_isStillRefusedAndNoFileHoldsAGroupValue() throws IOException {
    Element coarse = approved("by-district", COARSE);
    Sandbox.Job fine = run(approved("by-district-gender", FINE));
    Principal dev = testing().dev();
    TestingClock clock = testing().clock();
    testing().close();
    testing = null;

    // Only the imported CSV, outside the vault, holds the name: the search works, the vault is
    // clean.
    assertThat(filesContaining(dir, RARE.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(dir.resolve("data-1.csv"));
    try (Vault reopened = TestingVaults.open(dir.resolve("vault"), clock)) {
      VaultException refused =
          catchThrowableOfType(
              VaultException.class, () -> new Sandbox(reopened).run(dev, coarse.id(), false));

      assertThat(refused).isNotNull();
      assertThat(refused.code()).isEqualTo(ErrorCode.POLICY_REFUSED);
      assertThat(refused).hasMessageContaining("re-slices release " + fine.jobId());
    }
  }

  private static List<Path> filesContaining(Path directory, byte[] needle) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(file), needle) >= 0) {
          found.add(file);
        }
      }
    }
    return found;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
