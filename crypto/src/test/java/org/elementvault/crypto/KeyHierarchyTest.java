package org.elementvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Envelope encryption in both suites: master key → tenant key → dataset key. */
class KeyHierarchyTest {

  private static final String TENANT = "tenant/7";

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void unwrap_wrappedKey_returnsTheSameKey(CipherSuite suite) throws CryptoException {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyHierarchy master = KeyHierarchy.of(primitives, primitives.newKey());
    KeyMaterial tenantKey = primitives.newKey();
    WrappedKey wrapped = master.wrap(tenantKey, TENANT);

    KeyMaterial unwrapped = master.unwrap(wrapped, TENANT);

    assertThat(unwrapped).isEqualTo(tenantKey);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void wrap_sameKeyTwice_givesDifferentWrappings(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyHierarchy master = KeyHierarchy.of(primitives, primitives.newKey());
    KeyMaterial tenantKey = primitives.newKey();

    WrappedKey first = master.wrap(tenantKey, TENANT);
    WrappedKey second = master.wrap(tenantKey, TENANT);

    assertThat(first).isNotEqualTo(second);
  }

  /** A wrapped key copied to another tenant's slot must not unwrap there. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void unwrap_otherPlaceLabel_fails(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyHierarchy master = KeyHierarchy.of(primitives, primitives.newKey());
    WrappedKey wrapped = master.wrap(primitives.newKey(), TENANT);

    assertThatThrownBy(() -> master.unwrap(wrapped, "tenant/8"))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void unwrap_otherParentKey_fails(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyHierarchy master = KeyHierarchy.of(primitives, primitives.newKey());
    KeyHierarchy otherMaster = KeyHierarchy.of(primitives, primitives.newKey());
    WrappedKey wrapped = master.wrap(primitives.newKey(), TENANT);

    assertThatThrownBy(() -> otherMaster.unwrap(wrapped, TENANT))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void wrap_emptyPlaceLabel_isRefused(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyHierarchy master = KeyHierarchy.of(primitives, primitives.newKey());
    KeyMaterial tenantKey = primitives.newKey();

    assertThatThrownBy(() -> master.wrap(tenantKey, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a wrapped key needs a place label");
  }

  /** Master-key rotation re-wraps tenant keys without touching the data they sealed. */
  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void rewrap_newMaster_keepsDataSealedWithChildReadable(CipherSuite suite) throws CryptoException {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyHierarchy oldMaster = KeyHierarchy.of(primitives, primitives.newKey());
    KeyHierarchy newMaster = KeyHierarchy.of(primitives, primitives.newKey());
    KeyMaterial tenantKey = primitives.newKey();
    byte[] place = "vault/1/tenant/7/meta".getBytes(StandardCharsets.UTF_8);
    byte[] sealed =
        primitives.aead(tenantKey).seal("tenant record".getBytes(StandardCharsets.UTF_8), place);
    WrappedKey wrapped = oldMaster.wrap(tenantKey, TENANT);

    WrappedKey rewrapped = oldMaster.rewrap(wrapped, TENANT, newMaster);

    KeyMaterial unwrapped = newMaster.unwrap(rewrapped, TENANT);
    assertThat(unwrapped).isEqualTo(tenantKey);
    assertThat(primitives.aead(unwrapped).open(sealed, place))
        .isEqualTo("tenant record".getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void unwrap_rewrappedKeyWithOldMaster_fails(CipherSuite suite) throws CryptoException {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyHierarchy oldMaster = KeyHierarchy.of(primitives, primitives.newKey());
    KeyHierarchy newMaster = KeyHierarchy.of(primitives, primitives.newKey());
    WrappedKey wrapped = oldMaster.wrap(primitives.newKey(), TENANT);
    WrappedKey rewrapped = oldMaster.rewrap(wrapped, TENANT, newMaster);

    assertThatThrownBy(() -> oldMaster.unwrap(rewrapped, TENANT))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void rewrap_wrappingOfOtherMaster_fails(CipherSuite suite) {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyHierarchy master = KeyHierarchy.of(primitives, primitives.newKey());
    KeyHierarchy otherMaster = KeyHierarchy.of(primitives, primitives.newKey());
    WrappedKey wrapped = otherMaster.wrap(primitives.newKey(), TENANT);

    assertThatThrownBy(() -> master.rewrap(wrapped, TENANT, otherMaster))
        .isInstanceOf(CryptoException.class)
        .hasMessage("sealed value failed authentication");
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void of_parentKeyDestroyedAfterwards_keepsWorking(CipherSuite suite) throws CryptoException {
    Primitives primitives = suite.primitives(TestingRandom.seeded());
    KeyMaterial masterKey = primitives.newKey();
    KeyHierarchy master = KeyHierarchy.of(primitives, masterKey);
    KeyMaterial tenantKey = primitives.newKey();
    WrappedKey wrapped = master.wrap(tenantKey, TENANT);

    masterKey.destroy();

    assertThat(master.unwrap(wrapped, TENANT)).isEqualTo(tenantKey);
  }
}
