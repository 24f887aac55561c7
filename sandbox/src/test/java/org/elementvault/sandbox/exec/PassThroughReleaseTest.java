package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.elementvault.sandbox.TestingSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A release with nothing above its aggregate hands its groups on as they are ({@link
 * CalciteExecutor#passThrough}): it releases the very values, column types and groups that the same
 * query releases through generated code, here made to run by an ORDER BY above the aggregate (the
 * noise is sticky, so both releases carry the same noise). Keys and aggregates of strings,
 * booleans, BIGINT, DOUBLE and decimals narrow and wide.
 */
class PassThroughReleaseTest {

  @TempDir static Path dir;

  private static TestingSandbox testing;

  @BeforeAll
  static void importDataset() {
    testing = new TestingSandbox(dir);
    var unused = testing.importCsv("people", VectorRows.SCHEMA, VectorRows.csv(1500, 31L));
  }

  @AfterAll
  static void close() {
    testing.close();
  }

  static Stream<Arguments> queries() {
    return Stream.of(
        Arguments.of(
            "SELECT district, COUNT(DISTINCT id_card), AVG(income) FROM people GROUP BY district",
            "district"),
        Arguments.of("SELECT active, SUM(ratio), AVG(ratio) FROM people GROUP BY active", "active"),
        Arguments.of("SELECT visits, COUNT(*), SUM(fee) FROM people GROUP BY visits", "visits"),
        Arguments.of(
            "SELECT city, SUM(balance), AVG(fee), COUNT(balance) FROM people GROUP BY city",
            "city"));
  }

  @ParameterizedTest
  @MethodSource("queries")
  void release_nothingAboveTheAggregate_releasesWhatGeneratedCodeReleases(
      String query, String key) {
    ElementResult generated = testing.run(query + " ORDER BY " + key, 10, "people");

    ElementResult passedThrough = testing.run(query, 10, "people");

    assertThat(passedThrough.rows()).isNotEmpty();
    assertThat(passedThrough.columns()).isEqualTo(generated.columns());
    assertThat(passedThrough.rows()).containsExactlyInAnyOrderElementsOf(generated.rows());
  }
}
