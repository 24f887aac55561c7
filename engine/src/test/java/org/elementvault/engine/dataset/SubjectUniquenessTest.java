package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectUniquenessTest {

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void unique_distinctTextAcrossBatches_isTrue() {
    SubjectUniqueness subjects = new SubjectUniqueness();

    add(subjects, List.of("410105199001011234", "410105199001015678"));
    add(subjects, List.of("410105199001019999", "a", ""));

    assertThat(subjects.unique()).isTrue();
  }

  @Test
  void unique_repeatedTextInAnotherBatch_isFalse() {
    SubjectUniqueness subjects = new SubjectUniqueness();

    add(subjects, List.of("410105199001011234", "410105199001015678"));
    add(subjects, List.of("x", "410105199001015678"));

    assertThat(subjects.unique()).isFalse();
  }

  @Test
  void unique_repeatedTextInOneBatch_isFalse() {
    SubjectUniqueness subjects = new SubjectUniqueness();

    add(subjects, List.of("same", "other", "same"));

    assertThat(subjects.unique()).isFalse();
  }

  /** Texts that differ only in length or in trailing bytes must not be taken for one another. */
  @Test
  void unique_textsThatShareAPrefixOrWords_isTrue() {
    SubjectUniqueness subjects = new SubjectUniqueness();

    add(subjects, List.of("12345678", "12345678\0", "123456781", "1234567", "12345678abcdefgh"));

    assertThat(subjects.unique()).isTrue();
  }

  /** Seeded property: random distinct IDs in random batches are unique; one repeat is not. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void unique_randomIds_detectsOneRepeat(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> ids =
        random
            .longs(5_000, 100_000_000_000_000L, 999_999_999_999_999L)
            .distinct()
            .mapToObj(v -> "410" + v)
            .toList();
    SubjectUniqueness distinct = new SubjectUniqueness();
    SubjectUniqueness repeated = new SubjectUniqueness();
    int cut = 1 + random.nextInt(ids.size() - 2);

    add(distinct, ids.subList(0, cut));
    add(distinct, ids.subList(cut, ids.size()));
    add(repeated, ids.subList(0, cut));
    add(
        repeated,
        java.util.stream.Stream.concat(
                ids.subList(cut, ids.size()).stream(), java.util.stream.Stream.of(ids.get(0)))
            .toList());

    assertThat(distinct.unique()).isTrue();
    assertThat(repeated.unique()).isFalse();
  }

  /**
   * Seeded property: the sorted runs are merged in two halves split at a pivot; one repeat among
   * many batches, spread or sequential keys, is found wherever it falls.
   */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18})
  void unique_oneRepeatAmongManyBatches_isFound(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] keys =
        seed % 2 == 0
            ? random.longs(4_000).distinct().toArray()
            : LongStream.rangeClosed(1, 4_000).toArray();
    int batches = 2 + random.nextInt(40);
    SubjectUniqueness distinct = new SubjectUniqueness();
    SubjectUniqueness repeated = new SubjectUniqueness();

    for (int batch = 0; batch < batches; batch++) {
      int first = batch;
      long[] part =
          IntStream.range(0, keys.length)
              .filter(i -> i % batches == first)
              .mapToLong(i -> keys[i])
              .toArray();
      addLongs(distinct, part);
      addLongs(repeated, part);
    }
    addLongs(repeated, keys[random.nextInt(keys.length)]);

    assertThat(distinct.unique()).as("seed %d", seed).isTrue();
    assertThat(repeated.unique()).as("seed %d", seed).isFalse();
  }

  @Test
  void unique_numbersCompareExactly() {
    SubjectUniqueness distinct = new SubjectUniqueness();
    SubjectUniqueness repeated = new SubjectUniqueness();

    addLongs(distinct, Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE);
    addLongs(repeated, 7, 8);
    addLongs(repeated, 9, 7);

    assertThat(distinct.unique()).isTrue();
    assertThat(repeated.unique()).isFalse();
  }

  /** Doubles compare -0.0 and 0.0 as equal in SQL: not tracked, so never claimed unique. */
  @Test
  void unique_doubleSubjects_areNotTracked() {
    SubjectUniqueness subjects = new SubjectUniqueness();
    try (Float8Vector vector = new Float8Vector("subject", allocator)) {
      vector.allocateNew(2);
      vector.set(0, 0.0);
      vector.set(1, -0.0);
      vector.setValueCount(2);

      subjects.add(subjects.keys(vector, 2));
    }

    assertThat(subjects.unique()).isFalse();
  }

  private void add(SubjectUniqueness subjects, List<String> values) {
    try (VarCharVector vector = new VarCharVector("subject", allocator)) {
      vector.allocateNew();
      for (int i = 0; i < values.size(); i++) {
        vector.setSafe(i, values.get(i).getBytes(StandardCharsets.UTF_8));
      }
      vector.setValueCount(values.size());
      subjects.add(subjects.keys(vector, values.size()));
    }
  }

  private void addLongs(SubjectUniqueness subjects, long... values) {
    try (BigIntVector vector = new BigIntVector("subject", allocator)) {
      vector.allocateNew(values.length);
      for (int i = 0; i < values.length; i++) {
        vector.set(i, values[i]);
      }
      vector.setValueCount(values.length);
      subjects.add(subjects.keys(vector, values.length));
    }
  }
}
