package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;

/** Every branch of a set operation is checked, and membership in a branch is a condition. */
class SetOperationTest extends AttackTestSupport {

  private static final String RAW = "may not be output raw";

  @Test
  void union_rawNameInSecondBranch_isRefused() {
    vault.assertRefused(
        "SELECT district FROM residents UNION SELECT name FROM residents",
        "column residents.name (SENSITIVE, NAME)",
        RAW);
  }

  @Test
  void unionAll_maskedBranchBesideRawBranch_isRefused() {
    vault.assertRefused(
        "SELECT mask_phone(phone) FROM residents UNION ALL SELECT phone FROM residents",
        "column residents.phone",
        RAW);
  }

  @Test
  void union_differentMasksInOneColumn_isRefused() {
    vault.assertRefused(
        "SELECT mask_name(name) FROM residents UNION SELECT mask_phone(phone) FROM residents",
        "column residents.name",
        RAW);
  }

  @Test
  void intersect_phoneMembership_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM (SELECT phone FROM residents INTERSECT"
            + " SELECT phone FROM residents WHERE age > 30) AS t",
        "column residents.phone (SENSITIVE, PHONE)",
        "may be filtered on only through a generalization function");
  }

  @Test
  void except_rawNameBranch_isRefused() {
    vault.assertRefused(
        "SELECT gender FROM residents EXCEPT SELECT name FROM residents",
        "column residents.name",
        "may be filtered on only through a generalization function");
  }

  @Test
  void intersect_branchFilteredOnIncome_isRefused() {
    vault.assertRefused(
        "SELECT district FROM residents INTERSECT"
            + " SELECT district FROM residents WHERE income > 100000",
        "column residents.income (IMPORTANT)",
        "may be filtered on only in aggregate queries");
  }

  /**
   * The column carries the quasi-identifier district, so each place is a class of its own: north
   * (one resident's twenty visits) and west (five residents) are too small and go silently.
   */
  @Test
  void unionAll_generalBranches_isReleasedWithoutSmallClasses() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district AS place FROM residents UNION ALL SELECT clinic FROM visits");

    assertThat(result.rows()).hasSize(AttackFixture.RESIDENTS + 30);
    assertThat(result.rows()).extracting(row -> row.get(0)).doesNotContain("north", "west");
  }

  @Test
  void unionDistinct_underAggregate_isRefusedAtRun() {
    vault.assertRefusedAtRun(
        "SELECT COUNT(*) AS n FROM (SELECT district FROM residents UNION"
            + " SELECT clinic FROM visits) AS t",
        "under an aggregate is not supported");
  }
}
