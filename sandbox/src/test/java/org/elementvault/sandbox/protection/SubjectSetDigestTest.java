package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The order-independent digest of a group's subjects, and the keyed subject hashes it sums. */
class SubjectSetDigestTest {

  private static final long SEED = 20_251_105L;

  private final NoiseKey key = TestingNoiseKeys.key(SEED);

  @Test
  void plus_anyOrder_givesSameDigest() {
    SubjectHash ann = key.subject("ann");
    SubjectHash bob = key.subject("bob");
    SubjectHash eve = key.subject("eve");

    SubjectSetDigest forward = SubjectSetDigest.EMPTY.plus(ann).plus(bob).plus(eve);
    SubjectSetDigest backward = SubjectSetDigest.EMPTY.plus(eve).plus(bob).plus(ann);

    assertThat(forward).isEqualTo(backward);
  }

  @Test
  void plus_disjointBatches_equalsOneSet() {
    SubjectSetDigest whole = TestingNoiseKeys.subjects(key, "resident", 1_000);
    SubjectSetDigest firstBatch = TestingNoiseKeys.subjects(key, "resident", 400);
    SubjectSetDigest secondBatch = SubjectSetDigest.EMPTY;
    for (int i = 400; i < 1_000; i++) {
      secondBatch = secondBatch.plus(key.subject("resident-" + i));
    }

    assertThat(firstBatch.plus(secondBatch)).isEqualTo(whole);
  }

  @Test
  void plus_oneMoreSubject_changesCountAndSum() {
    SubjectSetDigest group = TestingNoiseKeys.subjects(key, "resident", 50);

    SubjectSetDigest withOneMore = group.plus(key.subject("newcomer"));

    assertThat(withOneMore.count()).isEqualTo(51);
    assertThat(withOneMore.sum()).isNotEqualTo(group.sum());
  }

  /** A duplicate must not cancel a subject out, as it would in an XOR of hashes. */
  @Test
  void plus_subjectAddedTwice_doesNotCancel() {
    SubjectHash ann = key.subject("ann");
    SubjectHash bob = key.subject("bob");

    SubjectSetDigest twice = SubjectSetDigest.EMPTY.plus(ann).plus(ann).plus(bob);
    SubjectSetDigest without = SubjectSetDigest.EMPTY.plus(bob);

    assertThat(twice.sum()).isNotEqualTo(without.sum());
  }

  @Test
  void accumulator_sameSubjectsInBatches_equalsPlus() {
    SubjectSetDigest whole = TestingNoiseKeys.subjects(key, "resident", 1_000);
    SubjectSetDigest.Accumulator firstBatch = SubjectSetDigest.accumulator();
    SubjectSetDigest.Accumulator secondBatch = SubjectSetDigest.accumulator();
    for (int i = 999; i >= 0; i--) {
      (i % 3 == 0 ? firstBatch : secondBatch).add(key.subject("resident-" + i));
    }

    firstBatch.add(secondBatch.digest());

    assertThat(firstBatch.digest()).isEqualTo(whole);
  }

  @Test
  void plus_lowWordOverflows_carriesIntoHighWord() {
    SubjectHash allOnesLow = new SubjectHash(0, -1L);
    SubjectHash one = new SubjectHash(0, 1);
    SubjectSetDigest.Accumulator accumulator = SubjectSetDigest.accumulator();
    accumulator.add(allOnesLow);
    accumulator.add(one);

    SubjectSetDigest sum = SubjectSetDigest.EMPTY.plus(allOnesLow).plus(one);

    assertThat(sum).isEqualTo(new SubjectSetDigest(2, 1, 0));
    assertThat(sum.sum()).isEqualTo(BigInteger.ONE.shiftLeft(64));
    assertThat(accumulator.digest()).isEqualTo(sum);
  }

  @Test
  void plus_sumBeyond128Bits_wrapsModulo2To128() {
    SubjectHash largest = new SubjectHash(-1L, -1L);

    SubjectSetDigest sum = SubjectSetDigest.EMPTY.plus(largest).plus(new SubjectHash(0, 2));

    assertThat(sum.sum()).isEqualTo(BigInteger.ONE);
    assertThat(SubjectSetDigest.EMPTY.plus(largest).sum())
        .isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
  }

  @Test
  void constructor_negativeCount_isRejected() {
    assertThatThrownBy(() -> new SubjectSetDigest(-1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subject count must be at least 0, got -1");
  }

  @Test
  void toString_accumulator_isRedacted() {
    SubjectSetDigest.Accumulator accumulator = SubjectSetDigest.accumulator();

    accumulator.add(key.subject("ann"));

    assertThat(accumulator).hasToString("SubjectSetDigest.Accumulator[count=1, sum=redacted]");
  }

  @Test
  void subject_otherDataset_givesOtherHash() {
    NoiseKey otherDataset = NoiseKey.derive(TestingNoiseKeys.secret(SEED), "another dataset");

    assertThat(otherDataset.subject("ann")).isNotEqualTo(key.subject("ann"));
  }

  @Test
  void subject_sameDatasetRederived_givesSameHash() {
    NoiseKey again = TestingNoiseKeys.key(SEED);

    assertThat(again.subject("ann")).isEqualTo(key.subject("ann"));
  }

  @Test
  void toString_keyHashAndDigest_areRedacted() {
    SubjectHash ann = key.subject("ann");

    assertThat(key).hasToString("NoiseKey[redacted]");
    assertThat(ann).hasToString("SubjectHash[redacted]");
    assertThat(SubjectSetDigest.EMPTY.plus(ann))
        .hasToString("SubjectSetDigest[count=1, sum=redacted]");
  }
}
