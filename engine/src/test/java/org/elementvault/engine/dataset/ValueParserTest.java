package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParserTest {

  private static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
  private static final long SEED = 20_250_630L;

  private static final String INT_RULE =
      "column v: not an INT (an optional sign and digits, -2147483648 to 2147483647)";
  private static final String BIGINT_RULE =
      "column v: not a BIGINT (an optional sign and digits, -9223372036854775808 to"
          + " 9223372036854775807)";
  private static final String DOUBLE_RULE =
      "column v: not a DOUBLE (a finite decimal number such as -12.5 or 1.5e-3)";
  private static final String DATE_RULE = "column v: not a DATE (a real date as yyyy-MM-dd)";
  private static final String TIMESTAMP_RULE =
      "column v: not a TIMESTAMP (yyyy-MM-dd HH:mm:ss[.ffffff] in UTC, or with a T, Z or an offset"
          + " such as +08:00)";

  /** The parser of a column {@code v} of {@code type}, beside a subject column {@code id}. */
  private static ValueParser parser(ColumnType type) {
    return parser(Column.of("v", type, Level.GENERAL));
  }

  private static ValueParser parser(Column column) {
    Schema schema =
        new Schema(
            "id",
            OpenCategory.NONE,
            List.of(Column.of("id", ColumnType.STRING, Level.GENERAL), column));
    return ValueParser.of(schema, column, TODAY);
  }

  /** A typed method of {@link ValueParser}, which reads a field as bytes. */
  @FunctionalInterface
  private interface FieldReader<T> {
    T read(byte[] bytes, int from, int to);
  }

  /** Reads {@code field} as the UTF-8 bytes a CSV file would hold, inside a larger array. */
  private static <T> T on(FieldReader<T> reader, String field) {
    byte[] text = field.getBytes(StandardCharsets.UTF_8);
    byte[] padded = new byte[text.length + 2];
    padded[0] = ',';
    padded[padded.length - 1] = ',';
    System.arraycopy(text, 0, padded, 1, text.length);
    return reader.read(padded, 1, 1 + text.length);
  }

  private static void assertRefused(ColumnType type, String field, String message) {
    assertVaultException(() -> on(parser(type)::parse, field), ErrorCode.USER_ERROR, message);
  }

  @Test
  void parse_emptyField_isNullForEveryType() {
    for (ColumnType type :
        List.of(
            ColumnType.BOOLEAN,
            ColumnType.INT,
            ColumnType.BIGINT,
            ColumnType.DOUBLE,
            ColumnType.decimal(10, 2),
            ColumnType.STRING,
            ColumnType.DATE,
            ColumnType.TIMESTAMP)) {
      assertThat(on(parser(type)::parse, "")).as(type.toString()).isNull();
    }
  }

  @Test
  void parse_emptySubject_isRefused() {
    Schema schema =
        new Schema(
            "id", OpenCategory.NONE, List.of(Column.of("id", ColumnType.STRING, Level.CORE)));
    ValueParser subject = ValueParser.forSchema(schema, TODAY).get(0);

    assertVaultException(
        () -> on(subject::parse, ""),
        ErrorCode.USER_ERROR,
        "column id: the subject column must not be empty (NULL)");
  }

  @ParameterizedTest
  @CsvSource({
    "true,true",
    "TRUE,true",
    "True,true",
    "1,true",
    "false,false",
    "FaLsE,false",
    "0,false"
  })
  void parseBoolean_acceptedSpellings_areRead(String field, boolean expected) {
    assertThat(on(parser(ColumnType.BOOLEAN)::parseBoolean, field)).isEqualTo(expected);
  }

  /** {@code ſ} (U+017F) upper-cases to {@code S}: String.equalsIgnoreCase would take "falſe". */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "yes", "no", "t", "f", "2", "-1", "tru", "truee", " true", "true ", "falſe", "TRUΕ"
      })
  void parseBoolean_otherText_isRefused(String field) {
    assertRefused(ColumnType.BOOLEAN, field, "column v: not a BOOLEAN (true, false, 1 or 0)");
  }

  @ParameterizedTest
  @CsvSource({
    "0,0",
    "-0,0",
    "+5,5",
    "007,7",
    "2147483647,2147483647",
    "-2147483648,-2147483648",
    "-000000000000000000001,-1"
  })
  void parseInt_validText_isRead(String field, int expected) {
    assertThat(on(parser(ColumnType.INT)::parseInt, field)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2147483648",
        "-2147483649",
        "99999999999999999999",
        " 1",
        "1 ",
        "\t1",
        "1.0",
        "1e3",
        "+",
        "-",
        "--1",
        "+-1",
        "1-",
        "0x10",
        "1_000",
        "1,000",
        "١٢",
        "１２"
      })
  void parseInt_invalidText_isRefused(String field) {
    assertRefused(ColumnType.INT, field, INT_RULE);
  }

  @ParameterizedTest
  @CsvSource({
    "9223372036854775807,9223372036854775807",
    "-9223372036854775808,-9223372036854775808",
    "-0,0",
    "+42,42"
  })
  void parseBigint_validText_isRead(String field, long expected) {
    assertThat(on(parser(ColumnType.BIGINT)::parseBigint, field)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "1 ", "1L", ""})
  void parseBigint_invalidText_isRefused(String field) {
    assertVaultException(
        () -> on(parser(ColumnType.BIGINT)::parseBigint, field.isEmpty() ? "x" : field),
        ErrorCode.USER_ERROR,
        BIGINT_RULE);
  }

  @Test
  void parseIntAndBigint_randomValues_matchTheJdk() {
    SecureRandom random = TestingRandom.seeded(SEED);
    ValueParser ints = parser(ColumnType.INT);
    ValueParser longs = parser(ColumnType.BIGINT);

    for (int i = 0; i < 10_000; i++) {
      int anInt = random.nextInt();
      long aLong = random.nextLong() >> random.nextInt(64);

      assertThat(on(ints::parseInt, Integer.toString(anInt))).as("seed %d", SEED).isEqualTo(anInt);
      assertThat(on(longs::parseBigint, Long.toString(aLong))).as("seed %d", SEED).isEqualTo(aLong);
    }
  }

  @ParameterizedTest
  @CsvSource({"1.5,1.5", ".5,0.5", "1.,1.0", "+2,2.0", "1e10,1e10", "1E-3,0.001", "-12.5e+2,-1250"})
  void parseDouble_validText_isRead(String field, double expected) {
    assertThat(on(parser(ColumnType.DOUBLE)::parseDouble, field)).isEqualTo(expected);
  }

  @Test
  void parseDouble_negativeZero_staysNegativeZero() {
    double value = on(parser(ColumnType.DOUBLE)::parseDouble, "-0");

    assertThat(Double.doubleToRawLongBits(value)).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "-1e309",
        "0x1p3",
        "1d",
        "1f",
        " 1",
        "1 ",
        "1,5",
        "e5",
        ".",
        "1e",
        "1e+",
        "1.2.3",
        "--1",
        "1e5.5"
      })
  void parseDouble_invalidText_isRefused(String field) {
    assertRefused(ColumnType.DOUBLE, field, DOUBLE_RULE);
  }

  @ParameterizedTest
  @CsvSource({
    "1234567890.12,1234567890.12",
    "5,5.00",
    "-0.5,-0.50",
    "+.5,0.50",
    "1.,1.00",
    "1.230,1.23",
    "1.2300000,1.23",
    "0000000000001.00,1.00",
    "-0,0.00",
    "9999999999.99,9999999999.99"
  })
  void parseDecimal_validText_hasTheColumnsScale(String field, String expected) {
    BigDecimal value = on(parser(ColumnType.decimal(12, 2))::parseDecimal, field);

    assertThat(value).isEqualTo(new BigDecimal(expected));
    assertThat(value.scale()).isEqualTo(2);
  }

  @Test
  void parseDecimal_moreFractionalDigitsThanScale_isRefusedNotRounded() {
    assertRefused(
        ColumnType.decimal(12, 2),
        "1.234",
        "column v: not a DECIMAL(12,2) (more than 2 fractional digits)");
  }

  @Test
  void parseDecimal_moreIntegerDigitsThanPrecisionAllows_isRefused() {
    assertRefused(
        ColumnType.decimal(12, 2),
        "12345678901",
        "column v: not a DECIMAL(12,2) (more than 10 integer digits)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e3", "1.2.3", ".", "-", "+", " 1", "1 ", "1,5", "0x1", "NaN", "١"})
  void parseDecimal_invalidText_isRefused(String field) {
    assertRefused(
        ColumnType.decimal(12, 2),
        field,
        "column v: not a DECIMAL(12,2) (an optional sign and digits with at most one decimal"
            + " point)");
  }

  @Test
  void parseDecimal_38Digits_isReadExactly() {
    String digits = "12345678901234567890123456789012345678";

    BigDecimal value =
        on(
            parser(ColumnType.decimal(38, 10))::parseDecimal,
            "-" + digits.substring(0, 28) + "." + digits.substring(28));

    assertThat(value)
        .isEqualTo(new BigDecimal("-" + digits.substring(0, 28) + "." + digits.substring(28)));
    assertThat(value.scale()).isEqualTo(10);
  }

  @Test
  void parseDecimal_39IntegerDigits_isRefused() {
    assertRefused(
        ColumnType.decimal(38, 0),
        "1".repeat(39),
        "column v: not a DECIMAL(38,0) (more than 38 integer digits)");
  }

  @Test
  void parseDecimal_randomValues_matchBigDecimal() {
    SecureRandom random = TestingRandom.seeded(SEED);
    ValueParser parser = parser(ColumnType.decimal(30, 6));

    for (int i = 0; i < 5_000; i++) {
      String text =
          (random.nextBoolean() ? "-" : "")
              + TestingRandom.digits(random, 1 + random.nextInt(24))
              + "."
              + TestingRandom.digits(random, random.nextInt(7));

      assertThat(on(parser::parseDecimal, text))
          .as("seed %d", SEED)
          .isEqualTo(new BigDecimal(text).setScale(6));
    }
  }

  @Test
  void parseDecimalUnscaled_smallDecimal_isTheNumberTimesTenToTheScale() {
    assertThat(on(parser(ColumnType.decimal(12, 2))::parseDecimalUnscaled, "-12.3"))
        .isEqualTo(-1230L);
  }

  @Test
  void parseDecimalUnscaled_wideDecimal_isAProgrammerError() {
    assertThatThrownBy(() -> on(parser(ColumnType.decimal(19, 2))::parseDecimalUnscaled, "1"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void parse_anyText_isKeptExactly() {
    assertThat(on(parser(ColumnType.STRING)::parse, "  张三, \"quoted\"\n"))
        .isEqualTo("  张三, \"quoted\"\n");
  }

  @Test
  void parse_stringOfExactlyOneMebibyte_isAccepted() {
    String chinese = "张".repeat(ValueParser.MAX_STRING_BYTES / 3) + "a"; // 1048575 + 1 bytes

    assertThat(on(parser(ColumnType.STRING)::parse, chinese)).isEqualTo(chinese);
    assertThat(on(parser(ColumnType.STRING)::parse, "a".repeat(1 << 20)))
        .isEqualTo("a".repeat(1 << 20));
  }

  @Test
  void checkString_malformedUtf8_isRefused() {
    byte[] overlongSlash = {'a', (byte) 0xC0, (byte) 0xAF};

    assertVaultException(
        () -> parser(ColumnType.STRING).checkString(overlongSlash, 0, overlongSlash.length),
        ErrorCode.USER_ERROR,
        "column v: not valid UTF-8");
  }

  @Test
  void parseString_overOneMebibyteOfUtf8_isRefused() {
    String chinese = "张".repeat(ValueParser.MAX_STRING_BYTES / 3) + "ab";

    assertRefused(ColumnType.STRING, chinese, "column v: a STRING longer than 1 MiB");
    assertRefused(
        ColumnType.STRING, "a".repeat((1 << 20) + 1), "column v: a STRING longer than 1 MiB");
  }

  @ParameterizedTest
  @CsvSource({"1970-01-01,0", "2024-02-29,19782", "0001-01-01,-719162", "9999-12-31,2932896"})
  void parseDate_realDates_areEpochDays(String field, int expected) {
    assertThat(on(parser(ColumnType.DATE)::parseDate, field)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2023-02-29",
        "1900-02-29",
        "2023-04-31",
        "2023-13-01",
        "2023-00-10",
        "2023-01-00",
        "2023-1-01",
        "20230101",
        "2023/01/01",
        "0000-01-01",
        "+2023-01-01",
        "2023-01-01 ",
        "2023-01-01T00:00:00",
        "２０２３-01-01"
      })
  void parseDate_invalidText_isRefused(String field) {
    assertRefused(ColumnType.DATE, field, DATE_RULE);
  }

  @Test
  void parseDate_randomDates_matchLocalDate() {
    SecureRandom random = TestingRandom.seeded(SEED);
    ValueParser parser = parser(ColumnType.DATE);
    long first = LocalDate.of(1, 1, 1).toEpochDay();
    long last = LocalDate.of(9999, 12, 31).toEpochDay();

    for (int i = 0; i < 10_000; i++) {
      LocalDate date = LocalDate.ofEpochDay(first + (long) (random.nextDouble() * (last - first)));

      assertThat(on(parser::parseDate, date.toString()))
          .as("seed %d", SEED)
          .isEqualTo(date.toEpochDay());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "2024-01-02 03:04:05,2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05,2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05Z,2024-01-02T03:04:05Z",
    "2024-01-02 03:04:05.123456,2024-01-02T03:04:05.123456Z",
    "2024-01-02 03:04:05.1,2024-01-02T03:04:05.100Z",
    "2024-01-02 03:04:05.123456000,2024-01-02T03:04:05.123456Z",
    "2024-01-02T03:04:05+08:00,2024-01-01T19:04:05Z",
    "2024-01-02 03:04:05.5-05:30,2024-01-02T08:34:05.5Z",
    "2024-01-02T03:04:05+18:00,2024-01-01T09:04:05Z",
    "1969-12-31 23:59:59.999999,1969-12-31T23:59:59.999999Z",
    "0001-01-01 00:00:00,0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999-18:00,+10000-01-01T17:59:59.999999Z"
  })
  void parseTimestamp_acceptedForms_areEpochMicros(String field, String instant) {
    Instant parsed = Instant.parse(instant);
    long expected = parsed.getEpochSecond() * 1_000_000L + parsed.getNano() / 1_000;

    assertThat(on(parser(ColumnType.TIMESTAMP)::parseTimestamp, field)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-01-02",
        "2024-01-02 03:04",
        "2024-01-02 3:04:05",
        "2024-01-02 24:00:00",
        "2024-01-02 23:60:00",
        "2024-01-02 23:59:60",
        "2023-02-29 00:00:00",
        "2024-01-02_03:04:05",
        "2024-01-02 03:04:05.",
        "2024-01-02 03:04:05.1234567",
        "2024-01-02 03:04:05.1234560000",
        "2024-01-02 03:04:05z",
        "2024-01-02 03:04:05 Z",
        "2024-01-02 03:04:05 ",
        "2024-01-02 03:04:05+0800",
        "2024-01-02 03:04:05+08",
        "2024-01-02 03:04:05+19:00",
        "2024-01-02 03:04:05+18:01",
        "2024-01-02 03:04:05+08:60",
        "2024-01-02 03:04:05ZZ",
        "2024-01-02 03:04:05[Asia/Shanghai]",
        "1704164645"
      })
  void parseTimestamp_invalidText_isRefused(String field) {
    assertRefused(ColumnType.TIMESTAMP, field, TIMESTAMP_RULE);
  }

  @Test
  void parseTimestamp_randomInstants_matchJavaTime() {
    SecureRandom random = TestingRandom.seeded(SEED);
    ValueParser parser = parser(ColumnType.TIMESTAMP);

    for (int i = 0; i < 10_000; i++) {
      long second = (long) (random.nextDouble() * 4_000_000_000L) - 1_000_000_000L;
      int micros = random.nextInt(1_000_000);
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 1800);
      OffsetDateTime time =
          OffsetDateTime.ofInstant(Instant.ofEpochSecond(second, micros * 1000L), offset);
      LocalDateTime local = time.toLocalDateTime();
      String text =
          local.toLocalDate()
              + (random.nextBoolean() ? "T" : " ")
              + String.format(
                  java.util.Locale.ROOT,
                  "%02d:%02d:%02d.%06d",
                  local.getHour(),
                  local.getMinute(),
                  local.getSecond(),
                  micros)
              + offset.getId().replace("Z", random.nextBoolean() ? "Z" : "+00:00");

      assertThat(on(parser::parseTimestamp, text))
          .as("seed %d: %s", SEED, text)
          .isEqualTo(second * 1_000_000L + micros);
    }
  }

  @Test
  void parse_eachType_returnsItsBoxedValue() {
    assertThat(on(parser(ColumnType.BOOLEAN)::parse, "1")).isEqualTo(true);
    assertThat(on(parser(ColumnType.INT)::parse, "7")).isEqualTo(7);
    assertThat(on(parser(ColumnType.BIGINT)::parse, "7")).isEqualTo(7L);
    assertThat(on(parser(ColumnType.DOUBLE)::parse, "7")).isEqualTo(7.0);
    assertThat(on(parser(ColumnType.decimal(3, 1))::parse, "7")).isEqualTo(new BigDecimal("7.0"));
    assertThat(on(parser(ColumnType.STRING)::parse, "7")).isEqualTo("7");
    assertThat(on(parser(ColumnType.DATE)::parse, "1970-01-08")).isEqualTo(7);
    assertThat(on(parser(ColumnType.TIMESTAMP)::parse, "1970-01-01 00:00:00.000007")).isEqualTo(7L);
  }

  @Test
  void typedMethod_otherType_isAProgrammerError() {
    assertThatThrownBy(() -> on(parser(ColumnType.DATE)::parseInt, "1"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void typedMethod_emptyField_isAProgrammerError() {
    assertThatThrownBy(() -> on(parser(ColumnType.DATE)::parseDate, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_checkFormatColumn_checksThePiiFormatBeforeTheType() {
    ValueParser phone =
        parser(new Column("v", ColumnType.BIGINT, Level.SENSITIVE, PiiType.PHONE, false, true));

    assertThat(on(phone::parse, "13800138000")).isEqualTo(13_800_138_000L);
    assertVaultException(
        () -> on(phone::parse, "12800138000"),
        ErrorCode.USER_ERROR,
        "column v: not a valid mainland mobile number (11 digits starting 13 to 19)");
  }

  @Test
  void parse_piiColumnWithoutCheckFormat_acceptsAnyText() {
    ValueParser phone =
        parser(new Column("v", ColumnType.STRING, Level.SENSITIVE, PiiType.PHONE, false, false));

    assertThat(on(phone::parse, "not a phone")).isEqualTo("not a phone");
  }

  private static final String MARKER = "731955";

  /** No refusal repeats the value: each refused field carries a marker that must not appear. */
  @ParameterizedTest
  @CsvSource({
    "BOOLEAN,x731955",
    "INT,99731955999999",
    "INT,a731955",
    "BIGINT,731955731955731955731955",
    "DOUBLE,731955e999",
    "DOUBLE,NaN731955",
    "'DECIMAL(12,2)',1.731955",
    "'DECIMAL(12,2)',731955731955731955",
    "DATE,731955-01-01",
    "TIMESTAMP,2024-01-02 03:04:05.731955Q",
    "TIMESTAMP,731955"
  })
  void parse_refusedValue_isNeverInTheMessage(String type, String field) {
    VaultException thrown =
        catchThrowableOfType(
            VaultException.class, () -> on(parser(ColumnType.parse(type))::parse, field));

    assertThat(thrown).isNotNull();
    assertThat(thrown.getMessage()).startsWith("column v: ").doesNotContain(MARKER);
  }
}
