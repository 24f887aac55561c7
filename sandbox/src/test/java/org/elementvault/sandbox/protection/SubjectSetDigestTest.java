package org.elementvault.sandbox.protection;

import static org.assertj.core.api.Assertions.assertThat;

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
