package org.elementvault.sandbox.adversarial.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.adversarial.fuzz.Oracle.Finding;
import org.elementvault.sandbox.adversarial.fuzz.QueryGenerator.Generated;
import org.elementvault.sandbox.exec.ElementResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release protection, proved by fuzzing (DESIGN.md, Release protection; invariant 5): generated
 * element queries over {@link FuzzFixture} are either refused ({@code POLICY_REFUSED} or {@code
 * USER_ERROR}) or released, and every released result is checked against the ground truth {@link
 * Oracle} computes from the fixture's rows. Any finding fails the test.
 *
 * <p>Seeded and reproducible: {@code -Dfuzz.seed=S} (printed), {@code -Dfuzz.queries=N} (default
 * {@value #DEFAULT_QUERIES}, for CI), {@code -Dfuzz.query=I} to run only query I of seed S, {@code
 * -Dfuzz.examples=N} examples per leak family, {@code -Dfuzz.verbose=true} every query's outcome.
 */
@SuppressForbidden // prints its seed, figures and findings
class QueryFuzzTest {

  private static final int DEFAULT_QUERIES = 300;
  private static final long DEFAULT_SEED = 20260301L;

  /** A finding with what reproduces it. */
  private record Leak(long seed, int query, String template, String sql, Finding finding) {}

  @Test
  void generatedQueries_areRefusedOrReleaseOnlyProtectedResults(@TempDir Path directory) {
    long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    int queries = Integer.getInteger("fuzz.queries", DEFAULT_QUERIES);
    int only = Integer.getInteger("fuzz.query", -1);
    boolean verbose = Boolean.getBoolean("fuzz.verbose");
    int examples = Integer.getInteger("fuzz.examples", 3);
    System.out.printf(
        Locale.ROOT, "QueryFuzzTest: -Dfuzz.seed=%d -Dfuzz.queries=%d%n", seed, queries);
    long start = System.nanoTime();
    int refused = 0;
    int released = 0;
    int emptyReleases = 0;
    Map<String, int[]> templates = new TreeMap<>();
    List<Leak> leaks = new ArrayList<>();

    int groupChecked;
    int rowChecked;
    try (FuzzFixture fixture = new FuzzFixture(directory)) {
      Oracle oracle = new Oracle(fixture);
      for (int i = 0; i < queries; i++) {
        if (only >= 0 && i != only) {
          continue;
        }
        Generated generated =
            new QueryGenerator(fixture, new SplittableRandom(seed * 1_000_003L + i)).next();
        String sql = generated.query().sql();
        int[] figures = templates.computeIfAbsent(generated.template(), t -> new int[3]);
        List<Finding> findings;
        try {
          ElementResult result = fixture.run(sql);
          released++;
          figures[1]++;
          if (result.rows().isEmpty()) {
            emptyReleases++;
          }
          findings = oracle.judge(generated.query(), result);
          if (verbose) {
            System.out.printf(
                Locale.ROOT, "RELEASED %d rows=%d%n    %s%n", i, result.rows().size(), sql);
          }
        } catch (VaultException e) {
          if (e.code() == ErrorCode.POLICY_REFUSED || e.code() == ErrorCode.USER_ERROR) {
            refused++;
            figures[0]++;
            findings = oracle.judgeMessage(e.getMessage());
            if (verbose) {
              System.out.printf(
                  Locale.ROOT, "REFUSED %d %s %s%n    %s%n", i, e.code(), e.getMessage(), sql);
            }
          } else {
            findings = List.of(new Finding("unexpected outcome " + e.code(), firstLine(e)));
          }
        } catch (RuntimeException | AssertionError e) {
          findings =
              List.of(
                  new Finding("unexpected outcome " + e.getClass().getSimpleName(), firstLine(e)));
        }
        if (!findings.isEmpty()) {
          figures[2]++;
          if (verbose) {
            System.out.printf(Locale.ROOT, "FINDING %d %s%n    %s%n", i, findings, sql);
          }
        }
        for (Finding finding : findings) {
          leaks.add(new Leak(seed, i, generated.template(), sql, finding));
        }
      }
      groupChecked = oracle.groupChecked();
      rowChecked = oracle.rowChecked();
    }

    double seconds = (System.nanoTime() - start) / 1e9;
    long leakyQueries = leaks.stream().map(Leak::query).distinct().count();
    System.out.printf(
        Locale.ROOT,
        "QueryFuzzTest: %d queries in %.1f s: %d refused, %d released (%d empty), %d with findings"
            + " (%d findings)%n",
        only >= 0 ? 1 : queries,
        seconds,
        refused,
        released,
        emptyReleases,
        leakyQueries,
        leaks.size());
    System.out.printf(
        Locale.ROOT,
        "QueryFuzzTest: ground truth checked %d non-empty aggregate and %d non-empty row-level"
            + " results group by group%n",
        groupChecked,
        rowChecked);
    templates.forEach(
        (template, f) ->
            System.out.printf(
                Locale.ROOT,
                "  %-30s refused %5d  released %5d  with findings %5d%n",
                template,
                f[0],
                f[1],
                f[2]));
    Map<String, List<Leak>> families = new LinkedHashMap<>();
    leaks.forEach(
        l -> families.computeIfAbsent(l.finding().family(), f -> new ArrayList<>()).add(l));
    families.forEach(
        (family, members) -> {
          System.out.printf(
              Locale.ROOT,
              "LEAK FAMILY %s: %d finding(s) in %d query(ies)%n",
              family,
              members.size(),
              members.stream().map(Leak::query).distinct().count());
          members.stream()
              .map(Leak::query)
              .distinct()
              .limit(examples)
              .forEach(
                  q -> {
                    Leak leak =
                        members.stream().filter(l -> l.query() == q).findFirst().orElseThrow();
                    System.out.printf(
                        Locale.ROOT,
                        "  -Dfuzz.seed=%d -Dfuzz.query=%d [%s] %s%n    SQL: %s%n",
                        leak.seed(),
                        leak.query(),
                        leak.template(),
                        leak.finding().detail(),
                        leak.sql());
                  });
        });

    assertThat(families.keySet()).as("leak families (see the printed findings)").isEmpty();
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    String line = message.lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
