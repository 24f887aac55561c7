package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.elementvault.sandbox.adversarial.GroundTruth.Resident;
import org.junit.jupiter.api.Test;

/**
 * A branch that lets in one person: an IN value, a range or an OR branch that only the target
 * satisfies in the group pads the target in or out of it whatever the other branches do, and the
 * phantom values of an IN list would buy fresh noise. Each branch is checked for low effect on its
 * own, so such a query is answered as the query without the branch.
 */
class IsolatingBranchAttackTest extends AttackTestSupport {

  private static final Map<String, List<Resident>> BY_DISTRICT_AGE =
      GroundTruth.RESIDENTS.stream()
          .collect(Collectors.groupingBy(r -> r.district() + "|" + r.age()));

  /** The district with the most residents: its groups stand well above k. */
  private static final String DISTRICT =
      GroundTruth.RESIDENTS.stream()
          .collect(Collectors.groupingBy(Resident::district, Collectors.counting()))
          .entrySet()
          .stream()
          .max(Map.Entry.comparingByValue())
          .orElseThrow()
          .getKey();

  private static final String IN_DISTRICT =
      "SELECT gender, COUNT(*) AS n FROM residents WHERE district = '" + DISTRICT + "'";

  /** The ages only one resident of the district has, youngest first. */
  private static List<Integer> agesAlone() {
    return BY_DISTRICT_AGE.values().stream()
        .filter(people -> people.size() == 1 && people.get(0).district().equals(DISTRICT))
        .map(people -> people.get(0).age())
        .sorted()
        .toList();
  }

  @Test
  void isolatingValueOfAnInList_isAnsweredAsAbsent() {
    int target = agesAlone().get(agesAlone().size() - 1);
    String base = IN_DISTRICT + " AND (age BETWEEN 20 AND 45";

    assertThat(vault.run(base + " OR age = " + target + ") GROUP BY gender").rows())
        .isEqualTo(vault.run(base + ") GROUP BY gender").rows());
  }

  /** The same branches spelled as a CASE, or compared with TRUE, are the same branches. */
  @Test
  void isolatingBranchOfACase_isAnsweredAsAbsent() {
    int target = agesAlone().get(agesAlone().size() - 1);
    String base = IN_DISTRICT + " AND ";

    assertThat(
            vault
                .run(
                    base
                        + "CASE WHEN age = "
                        + target
                        + " THEN TRUE WHEN age BETWEEN 20 AND 45 THEN TRUE ELSE FALSE END"
                        + " GROUP BY gender")
                .rows())
        .isEqualTo(vault.run(base + "age BETWEEN 20 AND 45 GROUP BY gender").rows());
    assertThat(
            vault
                .run(
                    base
                        + "(age IN ("
                        + target
                        + ", 30) OR age BETWEEN 20 AND 45) = TRUE GROUP BY gender")
                .rows())
        .isEqualTo(vault.run(base + "age BETWEEN 20 AND 45 GROUP BY gender").rows());
  }

  @Test
  void isolatingValues_padding_areAnsweredAsAbsent() {
    List<Integer> alone = agesAlone();
    String padded =
        alone.stream().map(String::valueOf).collect(Collectors.joining(", ", "age IN (", ")"));
    String base = "SELECT COUNT(*) AS n FROM residents WHERE district = '" + DISTRICT + "'";

    assertThat(alone).hasSizeGreaterThanOrEqualTo(AttackFixture.K);
    assertThat(vault.run(base + " AND " + padded).rows()).isEmpty();
  }

  @Test
  void phantomValueOfAnInList_isAnsweredAsAbsent() {
    String query = "SELECT gender, COUNT(*) AS n FROM residents WHERE district IN ('" + DISTRICT;

    assertThat(vault.run(query + "', 'phantom') GROUP BY gender").rows())
        .isNotEmpty()
        .isEqualTo(vault.run(query + "') GROUP BY gender").rows());
  }

  @Test
  void isolatingBranchOfAnOrOnAnotherColumn_isAnsweredAsAbsent() {
    List<Integer> outside =
        GroundTruth.RESIDENTS.stream()
            .filter(r -> !r.district().equals(DISTRICT))
            .map(Resident::age)
            .sorted()
            .toList();
    // An age only one or two residents outside the district have: fewer than low effect's 3.
    String isolating =
        outside.stream()
            .filter(age -> between(outside.stream().filter(a -> a.equals(age)).count(), 1, 2))
            .map(age -> "age = " + age)
            .findFirst()
            .orElseThrow();
    String base = "SELECT gender, COUNT(*) AS n FROM residents WHERE (district = '" + DISTRICT;

    assertThat(vault.run(base + "' OR " + isolating + ") GROUP BY gender").rows())
        .isEqualTo(vault.run(base + "') GROUP BY gender").rows());
  }

  private static boolean between(long count, long low, long high) {
    return count >= low && count <= high;
  }

  @Test
  void isolatingValueOfANotInList_isAnsweredAsAbsent() {
    int target = agesAlone().get(0);
    int common =
        BY_DISTRICT_AGE.values().stream()
            .filter(people -> people.get(0).district().equals(DISTRICT))
            .max(Comparator.comparingInt(List::size))
            .orElseThrow()
            .get(0)
            .age();

    assertThat(
            vault
                .run(
                    IN_DISTRICT
                        + " AND age NOT IN ("
                        + target
                        + ", "
                        + common
                        + ") GROUP BY gender")
                .rows())
        .isEqualTo(vault.run(IN_DISTRICT + " AND age <> " + common + " GROUP BY gender").rows());
  }

  /** An OR of more branches than a row's mark can tell apart is refused, not checked as one. */
  @Test
  void orOfTooManyBranches_isRefused() {
    String ages =
        java.util.stream.IntStream.rangeClosed(20, 50)
            .mapToObj(age -> "age = " + age)
            .collect(Collectors.joining(" OR "));

    vault.assertRefusedAtRun(
        "SELECT COUNT(*) AS n FROM residents WHERE district = 'nowhere' OR " + ages,
        "has too many branches to be released under noise protection");
  }

  /** Branches that let in many are kept: only the few are dropped. */
  @Test
  void branchesOfLargeEffect_areKept() {
    String query =
        "SELECT COUNT(*) AS n FROM residents WHERE district = '" + DISTRICT + "' AND (age < 35";

    long young = GroundTruth.count(r -> r.district().equals(DISTRICT) && r.age() < 35);
    long all =
        GroundTruth.count(r -> r.district().equals(DISTRICT) && (r.age() < 35 || r.age() > 55));

    assertThat(young).isGreaterThan(AttackFixture.K * 2L);
    assertThat(all - young).isGreaterThan(AttackFixture.K);
    assertThat(GroundTruth.first(vault.run(query + " OR age > 55)")).longValue())
        .isGreaterThan(young + (all - young) / 2);
  }

  /** An excluded cell per IN value is the same condition as those cells excluded one by one. */
  @Test
  void excludedCellsOfAnInList_areTheCellsExcludedOneByOne() {
    String cell = "NOT (income > 50000 AND age ";

    assertThat(vault.run(IN_DISTRICT + " AND " + cell + "IN (30, 40)) GROUP BY gender").rows())
        .isEqualTo(
            vault
                .run(IN_DISTRICT + " AND " + cell + "= 40) AND " + cell + "= 30) GROUP BY gender")
                .rows());
  }

  /** Excluding more cells than can be checked one by one is refused, not checked as one. */
  @Test
  void excludedCellsOfTooManyValues_areRefused() {
    String ages =
        java.util.stream.IntStream.rangeClosed(20, 35)
            .mapToObj(String::valueOf)
            .collect(Collectors.joining(", "));

    vault.assertRefusedAtRun(
        IN_DISTRICT + " AND NOT (gender IN ('男', '女') AND age IN (" + ages + ")) GROUP BY gender",
        "cannot be released under noise protection");
  }
}
