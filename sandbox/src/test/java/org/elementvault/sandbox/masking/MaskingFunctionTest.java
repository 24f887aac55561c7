package org.elementvault.sandbox.masking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.elementvault.engine.dataset.PiiType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaskingFunctionTest {

  private static Set<PiiType> fitting(MaskingFunction function) {
    return Arrays.stream(PiiType.values())
        .filter(function::fits)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(PiiType.class)));
  }

  @Test
  void sqlNames_areTheDesignedOnes() {
    assertThat(Arrays.stream(MaskingFunction.values()).map(MaskingFunction::sqlName))
        .containsExactly(
            "mask_id_card",
            "mask_phone",
            "mask_name",
            "mask_address",
            "mask_bank_card",
            "mask_email",
            "pseudonym",
            "age_band",
            "truncate_date",
            "id_region",
            "bucket");
  }

  @ParameterizedTest
  @CsvSource({
    "MASK_ID_CARD, ID_CARD",
    "MASK_PHONE, PHONE",
    "MASK_NAME, NAME",
    "MASK_ADDRESS, ADDRESS",
    "MASK_BANK_CARD, BANK_CARD",
    "MASK_EMAIL, EMAIL"
  })
  void fits_mask_fitsExactlyItsPiiType(MaskingFunction function, PiiType pii) {
    assertThat(fitting(function)).containsExactly(pii);
  }

  @Test
  void fits_pseudonym_fitsEveryPiiType() {
    assertThat(fitting(MaskingFunction.PSEUDONYM)).containsExactlyInAnyOrder(PiiType.values());
  }

  @Test
  void fits_idRegion_fitsOnlyIdCards() {
    assertThat(fitting(MaskingFunction.ID_REGION)).containsExactly(PiiType.ID_CARD);
  }

  @ParameterizedTest
  @EnumSource(names = {"AGE_BAND", "TRUNCATE_DATE"})
  void fits_dateGeneralization_fitsDates(MaskingFunction function) {
    assertThat(fitting(function)).containsExactlyInAnyOrder(PiiType.BIRTH_DATE, PiiType.NONE);
  }

  @Test
  void fits_bucket_fitsPlacesAndPlainNumbers() {
    assertThat(fitting(MaskingFunction.BUCKET))
        .containsExactlyInAnyOrder(PiiType.GEO, PiiType.NONE);
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "MASK_ID_CARD",
        "MASK_PHONE",
        "MASK_NAME",
        "MASK_ADDRESS",
        "MASK_BANK_CARD",
        "MASK_EMAIL",
        "PSEUDONYM"
      })
  void kind_mask_isMasking(MaskingFunction function) {
    assertThat(function.kind()).isEqualTo(MaskingFunction.Kind.MASKING);
    assertThat(function.isMasking()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(names = {"AGE_BAND", "TRUNCATE_DATE", "ID_REGION", "BUCKET"})
  void kind_generalization_isGeneralization(MaskingFunction function) {
    assertThat(function.kind()).isEqualTo(MaskingFunction.Kind.GENERALIZATION);
    assertThat(function.isMasking()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(MaskingFunction.class)
  void ofSqlName_ownName_findsFunction(MaskingFunction function) {
    assertThat(MaskingFunction.ofSqlName(function.sqlName())).contains(function);
  }

  /** Upper-case I lowers to dotless ı in the Turkish locale the tests run in. */
  @ParameterizedTest
  @ValueSource(strings = {"ID_REGION", "Id_Region", "id_region"})
  void ofSqlName_anyCase_findsFunction(String name) {
    assertThat(MaskingFunction.ofSqlName(name)).contains(MaskingFunction.ID_REGION);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "mask", "substring", "mask_id_card ", "ıd_regıon"})
  void ofSqlName_otherName_isEmpty(String name) {
    assertThat(MaskingFunction.ofSqlName(name)).isEmpty();
  }
}
