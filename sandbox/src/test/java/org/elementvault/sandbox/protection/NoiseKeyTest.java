package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** Keyed subject hashes: distinct per key and per subject, and cheap enough for 10 M subjects. */
class NoiseKeyTest {

  private static final long SEED = 20_251_204L;

  private final NoiseKey key = TestingNoiseKeys.key(SEED);

  private static String[] identifiers(int count) {
    String[] identifiers = new String[count];
    for (int i = 0; i < count; i++) {
      identifiers[i] = String.format(Locale.ROOT, "resident-%09d", i);
    }
    return identifiers;
  }

  @Test
  void subject_distinctSubjects_giveDistinctHashes() {
    Set<SubjectHash> hashes = new HashSet<>();

    for (String identifier : identifiers(100_000)) {
      hashes.add(key.subject(identifier));
    }

    assertThat(hashes).hasSize(100_000);
  }

  @Test
  void subject_otherKeys_giveOtherHashes() {
    NoiseKey otherSecret = TestingNoiseKeys.key(SEED + 1);
    NoiseKey otherDataset = NoiseKey.derive(TestingNoiseKeys.secret(SEED), "another dataset");
    Set<SubjectHash> hashes = new HashSet<>();

    for (String identifier : identifiers(1_000)) {
      hashes.add(key.subject(identifier));
      hashes.add(otherSecret.subject(identifier));
      hashes.add(otherDataset.subject(identifier));
    }

    assertThat(hashes).hasSize(3_000);
  }

  @Test
  void subject_textAndItsUtf8Bytes_giveSameHash() {
    String subject = "Zoë Çelik-Öztürk 王";

    assertThat(key.subject(subject))
        .isEqualTo(key.subject(subject.getBytes(StandardCharsets.UTF_8)));
  }

  /** An empty identifier and a one-byte zero identifier must not collide (length is hashed). */
  @Test
  void subject_emptyAndZeroByte_differ() {
    assertThat(key.subject(new byte[0])).isNotEqualTo(key.subject(new byte[1]));
  }

  @Test
  void subject_afterDestroy_throws() {
    NoiseKey destroyed = TestingNoiseKeys.key(SEED);

    destroyed.destroy();

    assertThat(destroyed.isDestroyed()).isTrue();
    assertThatThrownBy(() -> destroyed.subject("ann"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the subject hash key was destroyed");
  }

  /**
   * Prints the cost of hashing 18-character identifiers, alone and with the group's digest (best of
   * five runs of a million subjects); asserts only that every run hashed alike, never a time.
   */
  @Test
  void subject_eighteenCharacterIdentifiers_reportsNanosPerSubject(TestReporter reporter) {
    String[] identifiers = identifiers(1 << 16);
    int mask = identifiers.length - 1;
    int subjects = 1_000_000;
    ToLongFunction<Integer> hashOnly =
        round -> {
          long sink = 0;
          for (int i = 0; i < subjects; i++) {
            sink += key.subject(identifiers[i & mask]).low();
          }
          return sink;
        };
    ToLongFunction<Integer> accumulated =
        round -> {
          SubjectSetDigest.Accumulator digest = SubjectSetDigest.accumulator();
          for (int i = 0; i < subjects; i++) {
            digest.add(key.subject(identifiers[i & mask]));
          }
          return digest.digest().sumLow();
        };
    ToLongFunction<Integer> immutable =
        round -> {
          SubjectSetDigest digest = SubjectSetDigest.EMPTY;
          for (int i = 0; i < subjects; i++) {
            digest = digest.plus(key.subject(identifiers[i & mask]));
          }
          return digest.sumLow();
        };

    String report =
        String.format(
            Locale.ROOT,
            "hash %d, hash + accumulator %d, hash + SubjectSetDigest.plus %d ns/subject",
            bestNanosPerSubject(hashOnly, subjects),
            bestNanosPerSubject(accumulated, subjects),
            bestNanosPerSubject(immutable, subjects));

    reporter.publishEntry("18-character subjects, best of 5 runs of " + subjects, report);
    assertThat(accumulated.applyAsLong(0)).isEqualTo(immutable.applyAsLong(0));
  }

  private static long bestNanosPerSubject(ToLongFunction<Integer> run, int subjects) {
    long best = Long.MAX_VALUE;
    Set<Long> results = new HashSet<>();
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      results.add(run.applyAsLong(round));
      best = Math.min(best, System.nanoTime() - start);
    }
    assertThat(results).hasSize(1);
    return best / subjects;
  }
}
