package org.elementvault.engine.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChunkPlaceTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void key_place_isBigEndianIdsAndNumbers() {
    ChunkPlace place = new ChunkPlace(1, 258, 3, 65_536, 65_535);

    byte[] key = place.key();

    assertThat(HEX.formatHex(key))
        .isEqualTo("0000000000000001" + "0000000000000102" + "00000003" + "00010000" + "ffff");
  }

  @Test
  void key_laterBatch_sortsAfterEveryColumnOfEarlierBatch() {
    byte[] earlier = new ChunkPlace(1, 2, 3, 4, 65_535).key();
    byte[] later = new ChunkPlace(1, 2, 3, 5, 0).key();

    assertThat(java.util.Arrays.compareUnsigned(earlier, later)).isNegative();
  }

  @Test
  void versionPrefix_place_isPrefixOfItsKey() {
    ChunkPlace place = new ChunkPlace(7, 8, 9, 10, 11);

    byte[] prefix = ChunkPlace.versionPrefix(7, 8, 9);

    assertThat(place.key()).startsWith(prefix);
    assertThat(place.key()).startsWith(ChunkPlace.datasetPrefix(7, 8));
    assertThat(place.key()).startsWith(ChunkPlace.tenantPrefix(7));
  }

  @Test
  void prefixEnd_versionPrefix_boundsExactlyThatVersion() {
    byte[] prefix = ChunkPlace.versionPrefix(7, 8, 9);
    byte[] end = ChunkPlace.prefixEnd(prefix);

    assertThat(
            java.util.Arrays.compareUnsigned(
                new ChunkPlace(7, 8, 9, Integer.MAX_VALUE, 65_535).key(), end))
        .isNegative();
    assertThat(java.util.Arrays.compareUnsigned(new ChunkPlace(7, 8, 10, 0, 0).key(), end))
        .isNotNegative();
  }

  @Test
  void prefixEnd_trailingFfBytes_carries() {
    assertThat(ChunkPlace.prefixEnd(new byte[] {1, (byte) 0xFF, (byte) 0xFF})).containsExactly(2);
  }

  @Test
  void associatedData_differentPlacesOrVaults_differ() {
    ChunkPlace place = new ChunkPlace(1, 2, 3, 4, 5);

    assertThat(place.associatedData("v1")).isNotEqualTo(place.associatedData("v2"));
    assertThat(place.associatedData("v1"))
        .isNotEqualTo(new ChunkPlace(1, 2, 3, 4, 6).associatedData("v1"));
  }

  @Test
  void associatedData_place_holdsTheVaultIdLengthPrefixedAndTheKey() {
    ChunkPlace place = new ChunkPlace(1, 2, 3, 4, 5);

    byte[] ad = place.associatedData("ab");

    assertThat(HEX.formatHex(ad))
        .isEqualTo(
            HEX.formatHex("chunk\0v1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "0002"
                + "6162"
                + HEX.formatHex(place.key()));
  }

  @Test
  void create_columnOutOfRange_isRefused() {
    assertThatThrownBy(() -> new ChunkPlace(1, 2, 3, 4, 65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column must be between 0 and 65535, got 65536");
  }

  @Test
  void create_negativeTenant_isRefused() {
    assertThatThrownBy(() -> new ChunkPlace(-1, 2, 3, 4, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tenantId must be at least 0, got -1");
  }
}
