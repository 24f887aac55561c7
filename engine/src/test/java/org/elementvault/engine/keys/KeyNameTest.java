package org.elementvault.engine.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyNameTest {

  @Test
  void toString_firstVersion_hasNoVersionSuffix() {
    assertThat(KeyName.first("dataset", 7)).hasToString("dataset-7");
  }

  @Test
  void toString_laterVersion_namesIt() {
    assertThat(new KeyName("dataset", 7, 12)).hasToString("dataset-7-v12");
  }

  @Test
  void parse_versionedName_roundTrips() {
    assertThat(KeyName.parse("datasetshield-7-v2")).contains(new KeyName("datasetshield", 7, 2));
  }

  /** Each version has one name only: {@code -v1} would be a second name for {@code dataset-7}. */
  @ParameterizedTest
  @ValueSource(
      strings = {"dataset-7-v1", "dataset-7-v0", "dataset-7-v", "Dataset-7", "dataset-x", "-7", ""})
  void parse_notAKeyName_isEmpty(String text) {
    assertThat(KeyName.parse(text)).isEqualTo(Optional.empty());
  }

  @Test
  void create_versionZero_isRefused() {
    assertThatThrownBy(() -> new KeyName("dataset", 7, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version must be at least 1, got 0");
  }
}
