package org.elementvault.sandbox.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The catalogue is the one description of element functions: everything else derives from it. */
class FunctionCatalogTest {

  private final RelDataTypeFactory types = new JavaTypeFactoryImpl();

  @Test
  void sqlFunctions_everyPublicMethodImplementsAnEntry() {
    List<String> implemented =
        FunctionCatalog.vaultFunctions().stream().map(e -> e.javaName().orElseThrow()).toList();

    assertThat(
            Arrays.stream(SqlFunctions.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName)
                .filter(name -> !name.equals("register")))
        .allMatch(implemented::contains);
  }

  @ParameterizedTest
  @EnumSource(FunctionCatalog.class)
  void entry_isImplementedOnce(FunctionCatalog entry) {
    assertThat(entry.standard().isPresent()).isNotEqualTo(entry.javaName().isPresent());
  }

  @ParameterizedTest
  @EnumSource(FunctionCatalog.class)
  void entry_isFoundByItsOwnOperator(FunctionCatalog entry) {
    entry.standard().ifPresent(op -> assertThat(FunctionCatalog.of(op)).contains(entry));
  }

  @Test
  void of_unlistedOperator_isEmpty() {
    assertThat(FunctionCatalog.of(SqlStdOperatorTable.REPLACE)).isEmpty();
  }

  @Test
  void of_singleValueAggregate_isEmpty() {
    assertThat(FunctionCatalog.of(SqlStdOperatorTable.SINGLE_VALUE)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = PiiType.class,
      names = {"ID_CARD", "PHONE", "NAME", "ADDRESS", "BANK_CARD", "EMAIL"})
  void maskFor_textIdentifier_fitsItsColumn(PiiType pii) {
    Column column = column(ColumnType.STRING, pii);

    assertThat(FunctionCatalog.maskFor(column))
        .hasValueSatisfying(m -> assertThat(m.fits(column)).isTrue());
  }

  @Test
  void maskPhone_onNameColumn_doesNotFit() {
    assertThat(FunctionCatalog.MASK_PHONE.fits(column(ColumnType.STRING, PiiType.NAME))).isFalse();
  }

  @Test
  void bucket_onDate_doesNotFit() {
    assertThat(FunctionCatalog.BUCKET.fits(column(ColumnType.DATE, PiiType.NONE))).isFalse();
  }

  @Test
  void cast_textToInteger_isNotTotal() {
    assertThat(FunctionCatalog.isTotalCast(sql(SqlTypeName.VARCHAR), sql(SqlTypeName.INTEGER)))
        .isFalse();
  }

  @Test
  void cast_integerToBigint_isTotalAndLossless() {
    RelDataType from = sql(SqlTypeName.INTEGER);
    RelDataType to = sql(SqlTypeName.BIGINT);

    assertThat(FunctionCatalog.isTotalCast(from, to)).isTrue();
    assertThat(FunctionCatalog.isLossless(from, to)).isTrue();
  }

  @Test
  void cast_narrowingDecimal_isNotTotal() {
    assertThat(
            FunctionCatalog.isTotalCast(
                types.createSqlType(SqlTypeName.DECIMAL, 12, 2),
                types.createSqlType(SqlTypeName.DECIMAL, 6, 2)))
        .isFalse();
  }

  @Test
  void cast_shorterText_isTotalButLossy() {
    RelDataType from = types.createSqlType(SqlTypeName.VARCHAR, 20);
    RelDataType to = types.createSqlType(SqlTypeName.VARCHAR, 3);

    assertThat(FunctionCatalog.isTotalCast(from, to)).isTrue();
    assertThat(FunctionCatalog.isLossless(from, to)).isFalse();
  }

  @Test
  void cast_doubleToDecimal_isNotTotal() {
    assertThat(
            FunctionCatalog.isTotalCast(
                sql(SqlTypeName.DOUBLE), types.createSqlType(SqlTypeName.DECIMAL, 38, 2)))
        .isFalse();
  }

  private RelDataType sql(SqlTypeName name) {
    return types.createSqlType(name);
  }

  private static Column column(ColumnType type, PiiType pii) {
    return new Column("c", type, Level.SENSITIVE, pii, false, false);
  }
}
