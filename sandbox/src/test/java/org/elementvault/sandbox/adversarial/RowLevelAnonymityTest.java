package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.elementvault.sandbox.ResidentRows;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.ElementResult.ResultColumn;
import org.junit.jupiter.api.Test;

/**
 * Row-level releases are k-anonymous over distinct subjects: rows that share their quasi-identifier
 * values form a class, a class needs k distinct people however many rows each has, and smaller
 * classes disappear without a word.
 */
class RowLevelAnonymityTest extends AttackTestSupport {

  /** The imported residents' fields, in import order. */
  private static final List<String[]> RESIDENTS = residents();

  private static final String MASKED_VISITS =
      "SELECT clinic, mask_id_card(id_card) AS id FROM visits WHERE clinic = ";

  /** North is resident 0's twenty visits: twenty rows, one person. */
  @Test
  void maskedRows_oneSubjectWithManyRows_releasesNothing() {
    ElementResult result = vault.assertReleased(MASKED_VISITS + "'north'");

    assertThat(result.rows()).isEmpty();
  }

  /** West is fifteen rows, more than k, but five residents. */
  @Test
  void maskedRows_moreRowsThanKFromFewerSubjects_releasesNothing() {
    ElementResult result = vault.assertReleased(MASKED_VISITS + "'west'");

    assertThat(result.rows()).isEmpty();
  }

  @Test
  void maskedRows_kSubjectsOrMore_releasesEveryRow() {
    ElementResult result = vault.assertReleased(MASKED_VISITS + "'south'");

    assertThat(result.rows()).hasSize(30);
  }

  @Test
  void maskedRows_released_carryNoHiddenSubjectField() {
    ElementResult result = vault.assertReleased(MASKED_VISITS + "'south'");

    assertThat(result.columns()).extracting(ResultColumn::name).containsExactly("clinic", "id");
    assertThat(result.rows()).allSatisfy(row -> assertThat(row).hasSize(2));
  }

  @Test
  void maskedRows_released_comeOutSortedByTheirValues() {
    ElementResult result = vault.assertReleased(MASKED_VISITS + "'south'");

    List<String> ids = result.rows().stream().map(row -> (String) row.get(1)).toList();
    assertThat(ids).isSorted();
  }

  @Test
  void orderBy_releasedRows_keepTheQueryOrder() {
    ElementResult result =
        vault.assertReleased(
            "SELECT district, mask_phone(phone) AS phone FROM residents ORDER BY district DESC");

    List<String> districts = result.rows().stream().map(row -> (String) row.get(0)).toList();
    assertThat(districts)
        .hasSize(AttackFixture.RESIDENTS)
        .isSortedAccordingTo(Comparator.reverseOrder());
  }

  /**
   * The district is the class: only districts with k residents among the joined rows come out, and
   * resident 0's twenty visits do not lift their district over k.
   */
  @Test
  void join_quasiIdentifierClasses_keepOnlyClassesOfKSubjects() {
    Map<String, Set<Integer>> subjects = new HashMap<>();
    Map<String, Integer> rows = new HashMap<>();
    for (int resident = 0; resident <= 35; resident++) {
      String district = district(resident);
      subjects.computeIfAbsent(district, d -> new HashSet<>()).add(resident);
      rows.merge(district, visits(resident), Integer::sum);
    }
    List<String> kept =
        subjects.keySet().stream().filter(d -> subjects.get(d).size() >= AttackFixture.K).toList();

    ElementResult result =
        vault.assertReleased(
            "SELECT r.district, v.clinic FROM residents r JOIN visits v"
                + " ON r.id_card = v.id_card");

    assertThat(kept).isNotEmpty().doesNotContain(district(0));
    assertThat(rows.get(district(0))).isGreaterThanOrEqualTo(AttackFixture.K);
    assertThat(result.rows())
        .hasSize(kept.stream().mapToInt(rows::get).sum())
        .allSatisfy(row -> assertThat(kept).contains((String) row.get(0)));
  }

  /** A self-join squares each resident's visits; the class still counts five residents. */
  @Test
  void join_selfJoinMultipliesRows_stillCountsSubjects() {
    ElementResult result =
        vault.assertReleased(
            "SELECT a.clinic, mask_id_card(a.id_card) AS id FROM visits a JOIN visits b"
                + " ON a.id_card = b.id_card WHERE a.clinic = 'west'");

    assertThat(result.rows()).isEmpty();
  }

  /**
   * A quasi-identifier in the condition alone still singles people out: the whole result is one
   * class, suppressed when it holds fewer than k residents.
   */
  @Test
  void condition_onQuasiIdentifierOnly_makesTheResultOneClass() {
    String[] target = smallCell();
    String sql =
        "SELECT age FROM residents WHERE age = "
            + target[7]
            + " AND district = '"
            + target[4]
            + "'";

    ElementResult result = vault.assertReleased(sql);

    assertThat(result.rows()).isEmpty();
  }

  /** GENERAL columns that are not quasi-identifiers are released as they are, as DESIGN.md says. */
  @Test
  void generalColumnsOnly_noQuasiIdentifier_releasesEveryRow() {
    ElementResult result = vault.assertReleased("SELECT clinic FROM visits WHERE clinic = 'north'");

    assertThat(result.rows()).hasSize(AttackFixture.REPEATED_VISITS);
  }

  @Test
  void unionWithoutAll_rowLevel_isRefusedAtRun() {
    vault.assertRefusedAtRun(
        "SELECT district FROM residents UNION SELECT clinic FROM visits",
        "UNION without ALL in a row-level result is not supported");
  }

  @Test
  void intersect_rowLevel_isRefusedAtRun() {
    vault.assertRefusedAtRun(
        "SELECT district FROM residents INTERSECT SELECT district FROM residents WHERE age > 30",
        "INTERSECT in a row-level result is not supported");
  }

  /** The district of imported resident {@code index}. */
  private static String district(int index) {
    return RESIDENTS.get(index)[4];
  }

  /** How many visits resident {@code index} has in the fixture's {@code visits}. */
  private static int visits(int index) {
    if (index == 0) {
      return AttackFixture.REPEATED_VISITS;
    }
    return index <= 30 ? 1 : 3;
  }

  /** A resident whose (age, district) cell holds fewer than k residents. */
  private static String[] smallCell() {
    Map<String, Integer> cells = new HashMap<>();
    RESIDENTS.forEach(r -> cells.merge(r[7] + "|" + r[4], 1, Integer::sum));
    return RESIDENTS.stream()
        .filter(r -> cells.get(r[7] + "|" + r[4]) < AttackFixture.K)
        .findFirst()
        .orElseThrow();
  }

  private static List<String[]> residents() {
    List<String[]> rows = new ArrayList<>();
    for (String line :
        ResidentRows.csv(AttackFixture.RESIDENTS, 7).subList(1, 1 + AttackFixture.RESIDENTS)) {
      rows.add(line.split(",", -1));
    }
    return List.copyOf(rows);
  }
}
