package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.util.ArrayList;
import java.util.List;
import org.elementvault.engine.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The value types: column types, levels, PII types, columns and schemas built in code. */
class ClassificationTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "BOOLEAN",
        "INT",
        "BIGINT",
        "DOUBLE",
        "STRING",
        "DATE",
        "TIMESTAMP",
        "DECIMAL(1,0)",
        "DECIMAL(12,2)",
        "DECIMAL(38,38)"
      })
  void columnType_canonicalSpelling_roundTrips(String text) {
    assertThat(ColumnType.parse(text).toString()).isEqualTo(text);
  }

  @Test
  void columnType_decimalWithSpaces_printsCanonically() {
    assertThat(ColumnType.parse("DECIMAL( 12, 2 )")).hasToString("DECIMAL(12,2)");
  }

  @Test
  void columnType_unknownName_isRefusedNamingTheTypes() {
    assertVaultException(
        () -> ColumnType.parse("MONEY"),
        ErrorCode.USER_ERROR,
        "unknown type MONEY; types are BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p,s), STRING, DATE,"
            + " TIMESTAMP");
  }

  @Test
  void columnType_decimalOutOfRange_isRefused() {
    assertVaultException(
        () -> ColumnType.decimal(12, 13),
        ErrorCode.USER_ERROR,
        "type DECIMAL(12,13) out of range; DECIMAL(p,s) needs 1 <= p <= 38 and 0 <= s <= p");
  }

  @Test
  void columnType_precisionOnAnotherKind_isAProgrammerError() {
    assertThatThrownBy(() -> new ColumnType(ColumnType.Kind.INT, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void columnType_smallDecimal_isUpTo18Digits() {
    assertThat(ColumnType.decimal(18, 2).isSmallDecimal()).isTrue();
    assertThat(ColumnType.decimal(19, 2).isSmallDecimal()).isFalse();
    assertThat(ColumnType.BIGINT.isSmallDecimal()).isFalse();
  }

  @Test
  void level_order_isTheOrderOfProtection() {
    assertThat(Level.CORE.isAbove(Level.IMPORTANT)).isTrue();
    assertThat(Level.IMPORTANT.isAbove(Level.SENSITIVE)).isTrue();
    assertThat(Level.SENSITIVE.isAbove(Level.GENERAL)).isTrue();
    assertThat(Level.GENERAL.isAbove(Level.GENERAL)).isFalse();
    assertThat(Level.SENSITIVE.isAtLeast(Level.SENSITIVE)).isTrue();
    assertThat(Level.GENERAL.isAtLeast(Level.SENSITIVE)).isFalse();
    assertThat(Level.values()).isSorted();
  }

  @Test
  void level_terms_areTheVaultRulesTerms() {
    assertThat(Level.values())
        .extracting(Level::term)
        .containsExactly("一般数据", "敏感数据", "重要数据", "核心数据");
    assertThat(OpenCategory.values())
        .extracting(OpenCategory::term)
        .containsExactly("不予开放", "有条件开放", "无条件开放");
  }

  @Test
  void piiType_checkableFormats_areTheFiveWithAFormat() {
    assertThat(PiiType.values())
        .filteredOn(PiiType::hasCheckableFormat)
        .containsExactly(
            PiiType.ID_CARD, PiiType.PHONE, PiiType.BANK_CARD, PiiType.EMAIL, PiiType.BIRTH_DATE);
  }

  @Test
  void column_invalidName_isRefused() {
    assertVaultException(
        () -> Column.of("Name", ColumnType.STRING, Level.GENERAL),
        ErrorCode.USER_ERROR,
        "invalid column name: names are 1 to 63 characters of a-z, 0-9, '_' and '-', starting with"
            + " a letter or digit");
  }

  @Test
  void column_namedPin_isRefusedInCodeToo() {
    assertVaultException(
        () -> Column.of("pin", ColumnType.STRING, Level.CORE),
        ErrorCode.USER_ERROR,
        "schema: column pin is named like a password or PIN: passwords and PINs must not be stored"
            + " in the vault (see Column.looksLikePasswordOrPin)");
  }

  @Test
  void column_checkFormatOnName_isRefusedInCodeToo() {
    assertVaultException(
        () -> new Column("name", ColumnType.STRING, Level.SENSITIVE, PiiType.NAME, false, true),
        ErrorCode.USER_ERROR,
        "schema: column name has check_format but PII type NAME has no checkable format; only"
            + " ID_CARD, PHONE, BANK_CARD, EMAIL, BIRTH_DATE have one");
  }

  private static Schema residents() {
    return new Schema(
        "id_card",
        OpenCategory.CONDITIONAL,
        List.of(
            new Column("id_card", ColumnType.STRING, Level.SENSITIVE, PiiType.ID_CARD, false, true),
            Column.of("income", ColumnType.decimal(12, 2), Level.IMPORTANT)));
  }

  @Test
  void schema_columnLookup_ignoresAsciiCaseOnly() {
    Schema schema = residents();

    assertThat(schema.column("INCOME")).map(Column::name).contains("income");
    assertThat(schema.columnIndex("Income")).hasValue(1);
    assertThat(schema.column("ıncome")).isEmpty();
    assertThat(schema.column("missing")).isEmpty();
  }

  @Test
  void schema_subjectColumn_isTheNamedColumn() {
    Schema schema = residents();

    assertThat(schema.subjectColumn()).isEqualTo(schema.columns().get(0));
    assertThat(schema.isSubject(schema.columns().get(0))).isTrue();
    assertThat(schema.isSubject(schema.columns().get(1))).isFalse();
  }

  @Test
  void schema_columns_areCopied() {
    List<Column> columns = new ArrayList<>(residents().columns());
    Schema schema = new Schema("id_card", OpenCategory.NONE, columns);

    columns.clear();

    assertThat(schema.columns()).hasSize(2);
  }

  @Test
  void schema_noColumns_isRefused() {
    assertVaultException(
        () -> new Schema("a", OpenCategory.NONE, List.of()),
        ErrorCode.USER_ERROR,
        "schema: no columns; a schema lists at least one column");
  }

  @Test
  void schema_subjectNotAColumn_isRefused() {
    assertVaultException(
        () ->
            new Schema("a", OpenCategory.NONE, List.of(Column.of("b", ColumnType.INT, Level.CORE))),
        ErrorCode.USER_ERROR,
        "schema: subject column a is not among the columns");
  }

  @Test
  void valueParsers_forSchema_followColumnOrder() {
    List<ValueParser> parsers =
        ValueParser.forSchema(residents(), java.time.LocalDate.of(2025, 1, 1));

    assertThat(parsers).extracting(ValueParser::column).isEqualTo(residents().columns());
  }
}
