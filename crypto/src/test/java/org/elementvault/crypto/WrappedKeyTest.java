package org.elementvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WrappedKeyTest {

  private static final int LENGTH = KeyMaterial.LENGTH + Aead.OVERHEAD;

  @Test
  void constructor_wrongLength_isRefused() {
    byte[] sealed = new byte[LENGTH - 1];

    assertThatThrownBy(() -> new WrappedKey(sealed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a wrapped key is 62 bytes, got 61");
  }

  @Test
  void constructor_sourceArrayChangedAfterwards_keepsOriginalBytes() {
    byte[] sealed = new byte[LENGTH];
    WrappedKey wrapped = new WrappedKey(sealed);

    sealed[0] = 1;

    assertThat(wrapped.sealed()).containsOnly(0);
  }

  @Test
  void sealed_returnedArrayChanged_keepsOriginalBytes() {
    WrappedKey wrapped = new WrappedKey(new byte[LENGTH]);

    wrapped.sealed()[0] = 1;

    assertThat(wrapped.sealed()).containsOnly(0);
  }

  @Test
  void equals_sameBytes_isTrue() {
    WrappedKey wrapped = new WrappedKey(new byte[LENGTH]);

    boolean equal = wrapped.equals(new WrappedKey(new byte[LENGTH]));

    assertThat(equal).isTrue();
  }

  @Test
  void toString_anyWrappedKey_showsOnlyTheLength() {
    byte[] sealed = new byte[LENGTH];
    sealed[2] = 0x7f;

    String text = new WrappedKey(sealed).toString();

    assertThat(text).isEqualTo("WrappedKey[62 bytes]");
  }
}
