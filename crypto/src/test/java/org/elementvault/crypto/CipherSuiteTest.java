package org.elementvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CipherSuiteTest {

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void fromId_idOfASuite_returnsThatSuite(CipherSuite suite) {
    byte id = suite.id();

    Optional<CipherSuite> found = CipherSuite.fromId(id);

    assertThat(found).contains(suite);
  }

  @Test
  void fromId_unknownId_isEmpty() {
    byte unknown = 0;

    Optional<CipherSuite> found = CipherSuite.fromId(unknown);

    assertThat(found).isEmpty();
  }

  /** The ids are written into every sealed value: changing one makes old data unreadable. */
  @Test
  void id_eachSuite_isStable() {
    byte intl = CipherSuite.INTL.id();
    byte gm = CipherSuite.GM.id();

    assertThat(new byte[] {intl, gm}).containsExactly(1, 2);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void primitives_eachSuite_implementsThatSuite(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());

    CipherSuite implemented = primitives.suite();

    assertThat(implemented).isEqualTo(suite);
  }
}
