package org.elementvault.sandbox.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.compile.ElementCompiler;
import org.elementvault.sandbox.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Queries built to exhaust the sandbox, or to step outside plain SELECT over the catalog. */
class ResourceBombTest extends AttackTestSupport {

  @Test
  void bomb_tripleCrossJoin_isRefused() {
    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents a CROSS JOIN residents b CROSS JOIN residents c",
        "cross join",
        "is not allowed");
  }

  @Test
  void bomb_moreTablesThanAllowed_isRefused() {
    String joins =
        IntStream.range(1, Policy.MAX_TABLE_READS + 1)
            .mapToObj(i -> " JOIN residents r" + i + " ON r0.id_card = r" + i + ".id_card")
            .collect(Collectors.joining());

    vault.assertRefused(
        "SELECT COUNT(*) AS n FROM residents r0" + joins,
        "query",
        "reads more than " + Policy.MAX_TABLE_READS + " tables");
  }

  @Test
  void bomb_deepParentheses_isRejected() {
    String nested = "(".repeat(40) + "age" + ")".repeat(40);

    vault.assertRejected(
        "SELECT " + nested + " FROM residents",
        "nested deeper than " + ElementCompiler.MAX_NESTING + " levels");
  }

  @Test
  void bomb_deeplyNestedSubqueries_isRejected() {
    String query = "SELECT age FROM residents";
    for (int i = 0; i < 40; i++) {
      query = "SELECT age FROM (" + query + ") AS t" + i;
    }

    vault.assertRejected(query, "nested deeper than");
  }

  @Test
  void bomb_megabyteLiteral_isRejected() {
    String literal = "x".repeat(1 << 20);

    vault.assertRejected(
        "SELECT COUNT(*) AS n FROM residents WHERE district = '" + literal + "'",
        "longer than " + ElementCompiler.MAX_QUERY_CHARS + " characters");
  }

  @Test
  void bomb_literalOverLimitInShortQuery_isRejected() {
    String literal = "x".repeat(ElementCompiler.MAX_LITERAL_CHARS + 1);

    vault.assertRejected(
        "SELECT COUNT(*) AS n FROM residents WHERE district = '" + literal + "'",
        "a literal is longer than " + ElementCompiler.MAX_LITERAL_CHARS + " characters");
  }

  @Test
  void bomb_tenThousandOrTerms_isRejected() {
    String terms =
        IntStream.range(0, 10_000).mapToObj(i -> "age = " + i).collect(Collectors.joining(" OR "));

    vault.assertRejected("SELECT COUNT(*) AS n FROM residents WHERE " + terms, "longer than");
  }

  @Test
  void bomb_longOrChainWithinLength_isRejected() {
    String terms =
        IntStream.range(0, 1_200).mapToObj(i -> "age=" + i).collect(Collectors.joining(" OR "));

    vault.assertRejected(
        "SELECT COUNT(*) AS n FROM residents WHERE " + terms, "nested deeper than");
  }

  @Test
  void bomb_recursiveCte_isRefused() {
    vault.assertRefused(
        "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 1000000)"
            + " SELECT n FROM t",
        "RepeatUnion",
        "is not allowed in element queries");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO residents (age) VALUES (1)",
        "DELETE FROM residents",
        "UPDATE residents SET age = 1",
        "EXPLAIN PLAN FOR SELECT age FROM residents"
      })
  void statement_notASelect_isRejected(String sql) {
    vault.assertRejected(sql, "only SELECT is allowed");
  }

  @Test
  void statement_ddl_isRejected() {
    vault.assertRejected("CREATE TABLE x (a INT)", "syntax error");
  }

  @Test
  void statement_twoStatements_isRejected() {
    vault.assertRejected("SELECT age FROM residents; SELECT 1", "syntax error");
  }

  @Test
  void statement_parameter_isRejected() {
    vault.assertRejected(
        "SELECT COUNT(*) AS n FROM residents WHERE age = ?", "parameters are not allowed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"SELECT * FROM information_schema.tables", "SELECT * FROM \"metadata\".TABLES"})
  void catalog_metadataSchemas_areNotFound(String sql) {
    vault.assertRejected(sql, "not found");
  }

  /** A dataset outside the element's catalog looks exactly like one that does not exist. */
  @Test
  void catalog_datasetOutsideTheElement_looksNonexistent() {
    var sandbox = vault.sandbox();

    String outside = message(() -> sandbox.run("SELECT COUNT(*) FROM visits", 10, "residents"));
    String missing = message(() -> sandbox.run("SELECT COUNT(*) FROM nosuch", 10, "residents"));

    assertThat(outside).isEqualTo("query: Object 'visits' not found");
    assertThat(missing).isEqualTo("query: Object 'nosuch' not found");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT CURRENT_DATE AS d FROM residents",
        "SELECT RAND() AS r FROM residents",
        "SELECT USER AS u FROM residents",
        "SELECT SESSION_USER AS u FROM residents",
        "SELECT POWER(age, 2) AS p FROM residents"
      })
  void function_notOnAllowList_isRejected(String sql) {
    vault.assertRejected(sql, "query: ");
  }

  @Test
  void function_tableFunction_isRejected() {
    vault.assertRejected(
        "SELECT * FROM TABLE(residents())", "collection table is not allowed in element queries");
  }

  @Test
  void function_unnest_isRejected() {
    vault.assertRejected(
        "SELECT x FROM UNNEST(ARRAY[1, 2]) AS t(x)", "is not allowed in element queries");
  }

  private static String message(Runnable query) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(query::run)
        .isInstanceOfSatisfying(
            VaultException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.USER_ERROR);
              thrown[0] = e;
            });
    return thrown[0].getMessage();
  }
}
