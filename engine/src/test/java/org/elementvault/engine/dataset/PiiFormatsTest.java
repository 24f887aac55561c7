package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.security.SecureRandom;
import java.time.LocalDate;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiFormatsTest {

  private static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
  private static final long SEED = 11_643L;

  private static final String ID_SHAPE =
      "column id_card: not a valid 18-digit resident ID (17 digits, then a digit or an uppercase X)";
  private static final String ID_BIRTH_DATE =
      "column id_card: not a valid 18-digit resident ID (birth date: a real date from 1800-01-01 to"
          + " today)";
  private static final String ID_CHECKSUM =
      "column id_card: not a valid 18-digit resident ID (checksum)";

  private static Column column(String name, PiiType pii) {
    return new Column(name, ColumnType.STRING, Level.SENSITIVE, pii, false, true);
  }

  private static void check(PiiType pii, String text) {
    PiiFormats.check(column(pii == PiiType.ID_CARD ? "id_card" : "v", pii), text, TODAY);
  }

  private static void assertRefused(PiiType pii, String text, String message) {
    assertVaultException(() -> check(pii, text), ErrorCode.USER_ERROR, message);
  }

  /** A resident ID with a random region, birth date (1900 to 2024) and sequence, and its check. */
  private static String residentId(SecureRandom random) {
    String region = (1 + random.nextInt(8)) + TestingRandom.digits(random, 5);
    LocalDate birth = LocalDate.of(1900, 1, 1).plusDays(random.nextInt((int) (125 * 365.2425)));
    String first17 = region + birth.toString().replace("-", "") + TestingRandom.digits(random, 3);
    return first17 + PiiFormats.residentIdCheckCharacter(first17);
  }

  /** GB 11643-1999's own examples. */
  @ParameterizedTest
  @ValueSource(strings = {"11010519491231002X", "440524188001010014"})
  void idCard_standardsExamples_pass(String id) {
    assertThatCode(() -> check(PiiType.ID_CARD, id)).doesNotThrowAnyException();
  }

  @Test
  void idCard_generatedWithItsCheckCharacter_passes() {
    SecureRandom random = TestingRandom.seeded(SEED);

    for (int i = 0; i < 5_000; i++) {
      String id = residentId(random);

      assertThatCode(() -> check(PiiType.ID_CARD, id))
          .as("seed %d", SEED)
          .doesNotThrowAnyException();
    }
  }

  /** Weights that are non-zero modulo the prime 11 catch every single-character change. */
  @Test
  void idCard_oneCharacterChanged_fails() {
    SecureRandom random = TestingRandom.seeded(SEED);

    for (int i = 0; i < 5_000; i++) {
      char[] id = residentId(random).toCharArray();
      int position = random.nextInt(18);
      char original = id[position];
      do {
        id[position] =
            position == 17 && random.nextInt(11) == 10 ? 'X' : (char) ('0' + random.nextInt(10));
      } while (id[position] == original);
      String changed = new String(id);

      VaultException thrown =
          catchThrowableOfType(VaultException.class, () -> check(PiiType.ID_CARD, changed));
      assertThat(thrown).as("seed %d, position %d", SEED, position).isNotNull();
      boolean inBirthDate = position >= 6 && position < 14;
      assertThat(thrown.getMessage())
          .as("seed %d", SEED)
          .isIn(
              inBirthDate ? new String[] {ID_BIRTH_DATE, ID_CHECKSUM} : new String[] {ID_CHECKSUM});
    }
  }

  /** The subject column must not count 'x' and 'X' as two people: only the standard's X passes. */
  @Test
  void idCard_lowercaseX_isRefused() {
    assertRefused(PiiType.ID_CARD, "11010519491231002x", ID_SHAPE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "11010519491231002",
        "11010519491231002XX",
        "1101051949123100 X",
        "A1010519491231002X",
        "110105194912310X2X",
        " 11010519491231002X",
        "１1010519491231002X",
        ""
      })
  void idCard_wrongShape_isRefused(String id) {
    assertRefused(PiiType.ID_CARD, id, ID_SHAPE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "11010519490230",
        "11010519000229",
        "11010517991231",
        "11010520250701",
        "11010599991231",
        "11010520001301",
        "11010500000101"
      })
  void idCard_impossibleOrFutureBirthDate_isRefused(String regionAndBirthDate) {
    String first17 = regionAndBirthDate + "100";

    assertRefused(
        PiiType.ID_CARD, first17 + PiiFormats.residentIdCheckCharacter(first17), ID_BIRTH_DATE);
  }

  @Test
  void idCard_birthDateToday_passes() {
    String first17 = "110105" + "20250630" + "123";

    assertThatCode(
            () -> check(PiiType.ID_CARD, first17 + PiiFormats.residentIdCheckCharacter(first17)))
        .doesNotThrowAnyException();
  }

  @Test
  void residentIdCheckCharacter_notSeventeenDigits_isAProgrammerError() {
    assertThatThrownBy(() -> PiiFormats.residentIdCheckCharacter("1234"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PiiFormats.residentIdCheckCharacter("1101051949123100X"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"13800138000", "19912345678", "14700000000", "16612345678"})
  void phone_mainlandMobile_passes(String phone) {
    assertThatCode(() -> check(PiiType.PHONE, phone)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "12800138000",
        "10800138000",
        "23800138000",
        "1380013800",
        "138001380000",
        "+8613800138000",
        "138 0013 8000",
        "138-0013-8000",
        "1380013800a",
        "010-12345678"
      })
  void phone_otherText_isRefused(String phone) {
    assertRefused(
        PiiType.PHONE,
        phone,
        "column v: not a valid mainland mobile number (11 digits starting 13 to 19)");
  }

  @Test
  void bankCard_generatedWithLuhnDigit_passesAndOneDigitChangedFails() {
    SecureRandom random = TestingRandom.seeded(SEED);

    for (int i = 0; i < 5_000; i++) {
      String body = "62" + TestingRandom.digits(random, 13 + random.nextInt(4));
      String card = body + PiiFormats.luhnCheckDigit(body);
      char[] changed = card.toCharArray();
      int position = random.nextInt(changed.length);
      char original = changed[position];
      do {
        changed[position] = (char) ('0' + random.nextInt(10));
      } while (changed[position] == original);

      assertThatCode(() -> check(PiiType.BANK_CARD, card))
          .as("seed %d", SEED)
          .doesNotThrowAnyException();
      assertVaultException(
          () -> check(PiiType.BANK_CARD, new String(changed)),
          ErrorCode.USER_ERROR,
          "column v: not a valid bank card number (Luhn checksum)");
    }
  }

  @Test
  void bankCard_wellKnownTestNumber_passes() {
    assertThatCode(() -> check(PiiType.BANK_CARD, "4111111111111111")).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "411111111111111",
        "41111111111111111111",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "411111111111111a"
      })
  void bankCard_wrongShape_isRefused(String card) {
    assertRefused(
        PiiType.BANK_CARD, card, "column v: not a valid bank card number (16 to 19 digits)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a@b.cn",
        "zhang.san@example.com.cn",
        "first.last+tag@mail.example.org",
        "user_name-1%x@sub-domain.example.co",
        "x@xn--fiqs8s.cn"
      })
  void email_conservativeAddress_passes(String email) {
    assertThatCode(() -> check(PiiType.EMAIL, email)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a@b",
        "@b.cn",
        "a@",
        "a@.cn",
        "a@b..cn",
        "a..b@c.cn",
        ".a@c.cn",
        "a.@c.cn",
        "a@b.c",
        "a@b.c1",
        "a@-b.cn",
        "a@b-.cn",
        "a b@c.cn",
        "a@b@c.cn",
        "\"a\"@c.cn",
        "a@[127.0.0.1]",
        "张三@例子.cn",
        "a@b.cn ",
        "a@b.cn\n"
      })
  void email_otherText_isRefused(String email) {
    assertRefused(PiiType.EMAIL, email, "column v: not a valid email address (ASCII local@domain)");
  }

  @Test
  void email_overLengthLimits_isRefused() {
    String message = "column v: not a valid email address (ASCII local@domain)";

    assertRefused(PiiType.EMAIL, "a".repeat(65) + "@b.cn", message);
    assertRefused(PiiType.EMAIL, "a@" + "b".repeat(64) + ".cn", message);
    assertRefused(PiiType.EMAIL, "a@" + "b.".repeat(126) + "cn", message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2000-02-29", "1800-01-01", "2025-06-30"})
  void birthDate_realPastDate_passes(String date) {
    assertThatCode(() -> check(PiiType.BIRTH_DATE, date)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-07-01", "1799-12-31", "9999-12-31"})
  void birthDate_futureOrBefore1800_isRefused(String date) {
    assertRefused(
        PiiType.BIRTH_DATE,
        date,
        "column v: not a valid birth date (before 1800-01-01 or after today)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2001-02-29", "2000-13-01", "20000101", "2000-1-1", "2000-01-01 "})
  void birthDate_notARealDate_isRefused(String date) {
    assertRefused(
        PiiType.BIRTH_DATE, date, "column v: not a valid birth date (a real date as yyyy-MM-dd)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NAME", "ADDRESS", "GEO", "NONE"})
  void check_typeWithoutFormat_acceptsAnything(String pii) {
    Column column =
        new Column("v", ColumnType.STRING, Level.SENSITIVE, PiiType.valueOf(pii), false, false);

    assertThatCode(() -> PiiFormats.check(column, "anything at all", TODAY))
        .doesNotThrowAnyException();
  }

  @Test
  void check_columnWithoutCheckFormat_acceptsAnything() {
    Column column =
        new Column("v", ColumnType.STRING, Level.SENSITIVE, PiiType.PHONE, false, false);

    assertThatCode(() -> PiiFormats.check(column, "not a phone", TODAY)).doesNotThrowAnyException();
  }

  private static final String MARKER = "4417";

  /** Refused values never reach the message. */
  @ParameterizedTest
  @CsvSource({
    "ID_CARD,441705194912310021",
    "ID_CARD,4417051949123100",
    "ID_CARD,44170519490231002X",
    "PHONE,1234417",
    "BANK_CARD,4417441744174417",
    "BANK_CARD,4417",
    "EMAIL,4417@4417",
    "BIRTH_DATE,4417-01-01",
    "BIRTH_DATE,4417"
  })
  void check_refusedValue_isNeverInTheMessage(String pii, String value) {
    VaultException thrown =
        catchThrowableOfType(VaultException.class, () -> check(PiiType.valueOf(pii), value));

    assertThat(thrown).isNotNull();
    assertThat(thrown.getMessage()).doesNotContain(MARKER);
  }
}
