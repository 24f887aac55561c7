package org.elementvault.engine.dataset;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.util.Arrays;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaParserTest {

  private static final String NAMES_RULE =
      "names are 1 to 63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit";
  private static final String TYPES =
      "types are BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL(p,s), STRING, DATE, TIMESTAMP";
  private static final String COLUMN_KEYS =
      "keys are name, type, level, pii, quasi_identifier, check_format";

  /** DESIGN.md's example. */
  private static final String RESIDENTS =
      """
      subject: id_card                 # the column a row is about (person or entity)
      open_category: CONDITIONAL       # NONE | CONDITIONAL | UNCONDITIONAL
      columns:
        - {name: id_card,    type: STRING, level: SENSITIVE, pii: ID_CARD}
        - {name: birth_date, type: DATE,   level: SENSITIVE, pii: BIRTH_DATE, quasi_identifier: true}
        - {name: district,   type: STRING, level: GENERAL,   quasi_identifier: true}
        - {name: income,     type: DECIMAL(12,2), level: IMPORTANT}
      """;

  private static Schema parse(String yaml) {
    return SchemaParser.parse(yaml.getBytes(UTF_8));
  }

  private static void assertRefused(String yaml, String message) {
    assertVaultException(() -> parse(yaml), ErrorCode.USER_ERROR, message);
  }

  /** One column {@code c} with the given fields, under subject {@code c}. */
  private static String oneColumn(String fields) {
    return "subject: c\nopen_category: NONE\ncolumns:\n  - {name: c, " + fields + "}\n";
  }

  @Test
  void parse_designExample_readsEveryAttribute() {
    Schema schema = parse(RESIDENTS);

    assertThat(schema.subject()).isEqualTo("id_card");
    assertThat(schema.openCategory()).isEqualTo(OpenCategory.CONDITIONAL);
    assertThat(schema.columns())
        .containsExactly(
            new Column(
                "id_card", ColumnType.STRING, Level.SENSITIVE, PiiType.ID_CARD, false, false),
            new Column(
                "birth_date", ColumnType.DATE, Level.SENSITIVE, PiiType.BIRTH_DATE, true, false),
            new Column("district", ColumnType.STRING, Level.GENERAL, PiiType.NONE, true, false),
            Column.of("income", ColumnType.decimal(12, 2), Level.IMPORTANT));
    assertThat(schema.subjectColumn().name()).isEqualTo("id_card");
  }

  @Test
  void parse_blockStyleWithCheckFormatAndByteOrderMark_isAccepted() {
    String yaml =
        "\uFEFFsubject: phone\n"
            + "open_category: UNCONDITIONAL\n"
            + "columns:\n"
            + "  - name: phone\n"
            + "    type: STRING\n"
            + "    level: CORE\n"
            + "    pii: PHONE\n"
            + "    check_format: true\n"
            + "    quasi_identifier: false\n"
            + "  - name: paid_at\n"
            + "    type: TIMESTAMP\n"
            + "    level: GENERAL\n";

    Schema schema = parse(yaml);

    assertThat(schema.columns())
        .containsExactly(
            new Column("phone", ColumnType.STRING, Level.CORE, PiiType.PHONE, false, true),
            Column.of("paid_at", ColumnType.TIMESTAMP, Level.GENERAL));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2023", "007", "true", "null_count"})
  void parse_columnNamesYamlReadsAsNumbersOrWords_keepTheirText(String name) {
    String yaml =
        "subject: '"
            + name
            + "'\nopen_category: NONE\ncolumns:\n  - {name: "
            + name
            + ", type: INT, level: GENERAL}\n";

    assertThat(parse(yaml).subjectColumn().name()).isEqualTo(name);
  }

  @Test
  void parse_noSubject_isRefused() {
    assertRefused(
        "open_category: NONE\ncolumns:\n  - {name: a, type: INT, level: GENERAL}\n",
        "schema: no subject; name the column a row is about with subject: <column>");
  }

  @Test
  void parse_subjectNamingNoColumn_isRefused() {
    assertRefused(
        "subject: nobody\nopen_category: NONE\ncolumns:\n  - {name: a, type: INT, level: GENERAL}\n",
        "schema: subject column nobody is not among the columns");
  }

  @Test
  void parse_subjectNotAValidName_isRefusedWithoutEchoingIt() {
    assertRefused(
        "subject: 'Id Card'\nopen_category: NONE\ncolumns:\n  - {name: a, type: INT, level: GENERAL}\n",
        "schema: invalid subject column name: " + NAMES_RULE);
  }

  @Test
  void parse_unknownType_isRefusedNamingColumnAndTypes() {
    assertRefused(
        "subject: income\nopen_category: NONE\ncolumns:\n"
            + "  - {name: income, type: MONEY, level: GENERAL}\n",
        "schema: column income has unknown type MONEY; " + TYPES);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"int", "VARCHAR(10)", "DECIMAL", "DECIMAL(12)", "DECIMAL(1,2,3)", "'INT '"})
  void parse_typeNotSpelledAsAType_isRefused(String type) {
    assertVaultException(
        () -> parse(oneColumn("type: " + type + ", level: GENERAL")),
        ErrorCode.USER_ERROR,
        "schema: column c has unknown type"
            + org.elementvault.engine.StrictYaml.shown(type.replace("'", ""))
            + "; "
            + TYPES);
  }

  @ParameterizedTest
  @ValueSource(strings = {"DECIMAL(0,0)", "DECIMAL(39,2)", "DECIMAL(5,6)"})
  void parse_decimalOutOfRange_isRefused(String type) {
    assertRefused(
        oneColumn("type: " + type + ", level: GENERAL"),
        "schema: column c has type "
            + type
            + " out of range; DECIMAL(p,s) needs 1 <= p <= 38 and 0 <= s <= p");
  }

  @Test
  void parse_decimalWithSpaces_isAccepted() {
    Schema schema = parse(oneColumn("type: 'DECIMAL( 38 , 0 )', level: GENERAL"));

    assertThat(schema.subjectColumn().type()).isEqualTo(ColumnType.decimal(38, 0));
  }

  @Test
  void parse_noType_isRefused() {
    assertRefused(oneColumn("level: GENERAL"), "schema: column c has no type; " + TYPES);
  }

  @Test
  void parse_noLevel_isRefused() {
    assertRefused(
        oneColumn("type: INT"),
        "schema: column c has no level; levels are GENERAL, SENSITIVE, IMPORTANT, CORE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SECRET", "general", "TOP_SECRET"})
  void parse_unknownLevel_isRefused(String level) {
    assertRefused(
        oneColumn("type: INT, level: " + level),
        "schema: column c has unknown level "
            + level
            + "; levels are GENERAL, SENSITIVE, IMPORTANT, CORE");
  }

  @Test
  void parse_unknownPii_isRefused() {
    assertRefused(
        oneColumn("type: STRING, level: GENERAL, pii: PASSPORT"),
        "schema: column c has unknown pii PASSPORT; PII types are ID_CARD, PHONE, NAME, ADDRESS,"
            + " BANK_CARD, EMAIL, GEO, BIRTH_DATE, NONE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PASSWORD", "PIN", "pin", "Password", "PWD", "PIN_CODE"})
  void parse_columnMarkedPasswordOrPin_isRefused(String marking) {
    String yaml =
        "subject: id\nopen_category: NONE\ncolumns:\n"
            + "  - {name: id, type: STRING, level: GENERAL}\n"
            + "  - {name: secret_value, type: STRING, level: CORE, pii: "
            + marking
            + "}\n";

    assertRefused(
        yaml,
        "schema: column secret_value is marked "
            + Ascii.toUpperCase(marking)
            + ": passwords and PINs must not be stored in the vault");
  }

  @Test
  void parse_pinCodeMarkedPin_isRefusedAsMarked() {
    String yaml =
        "subject: id\nopen_category: NONE\ncolumns:\n"
            + "  - {name: id, type: STRING, level: GENERAL}\n"
            + "  - {name: pin_code, type: STRING, level: CORE, pii: PIN}\n";

    assertRefused(
        yaml,
        "schema: column pin_code is marked PIN: passwords and PINs must not be stored in the"
            + " vault");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "passwd",
        "pwd",
        "pin",
        "pin_code",
        "pincode",
        "password_hash",
        "login_password",
        "userpassword",
        "user_pwd",
        "atm-pin",
        "card_pin_hash",
        "passphrase",
        "passcode",
        "mima"
      })
  void parse_columnNamedLikePasswordOrPin_isRefused(String name) {
    String yaml =
        "subject: id\nopen_category: NONE\ncolumns:\n"
            + "  - {name: id, type: STRING, level: GENERAL}\n"
            + "  - {name: "
            + name
            + ", type: STRING, level: CORE}\n";

    assertRefused(
        yaml,
        "schema: column "
            + name
            + " is named like a password or PIN: passwords and PINs must not be stored in the"
            + " vault (see Column.looksLikePasswordOrPin)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pinyin", "spin_rate", "passport_no", "opinion", "pinned", "compass"})
  void parse_columnNameMerelyContainingPin_isAccepted(String name) {
    String yaml =
        "subject: "
            + name
            + "\nopen_category: NONE\ncolumns:\n  - {name: "
            + name
            + ", type: STRING, level: GENERAL}\n";

    Schema schema = parse(yaml);

    assertThat(schema.subjectColumn().name()).isEqualTo(name);
  }

  @Test
  void parse_duplicateColumnNames_isRefused() {
    String yaml =
        "subject: a\nopen_category: NONE\ncolumns:\n"
            + "  - {name: a, type: INT, level: GENERAL}\n"
            + "  - {name: b, type: INT, level: GENERAL}\n"
            + "  - {name: a, type: STRING, level: CORE}\n";

    assertRefused(yaml, "schema: column a appears twice (column names are case-insensitive)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Income",
        "'a b'",
        "''",
        "'-a'",
        "名字",
        "'a\\u0000b'",
        "\"x\\e[31m\"",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void parse_invalidColumnName_isRefusedByPosition(String name) {
    String yaml =
        "subject: a\nopen_category: NONE\ncolumns:\n"
            + "  - {name: a, type: INT, level: GENERAL}\n"
            + "  - {name: "
            + name
            + ", type: INT, level: GENERAL}\n";

    assertRefused(yaml, "schema: column 2: invalid column name: " + NAMES_RULE);
  }

  @Test
  void parse_columnWithoutName_isRefusedByPosition() {
    String yaml =
        "subject: a\nopen_category: NONE\ncolumns:\n"
            + "  - {name: a, type: INT, level: GENERAL}\n"
            + "  - {type: INT, level: GENERAL}\n";

    assertRefused(yaml, "schema: column 2 has no name");
  }

  @Test
  void parse_misspelledColumnKey_isRefused() {
    assertRefused(
        oneColumn("type: INT, levle: GENERAL"),
        "schema: column c has unknown key levle; " + COLUMN_KEYS);
  }

  @Test
  void parse_unknownColumnKeyBeforeName_isRefusedNamingTheColumn() {
    String yaml =
        "subject: c\nopen_category: NONE\ncolumns:\n"
            + "  - {masking: none, name: c, type: INT, level: GENERAL}\n";

    assertRefused(yaml, "schema: column c has unknown key masking; " + COLUMN_KEYS);
  }

  @Test
  void parse_misspelledTopLevelKey_isRefused() {
    assertRefused(
        oneColumn("type: INT, level: GENERAL").replace("open_category", "open_categroy"),
        "schema: unknown key open_categroy; keys are subject, open_category, columns");
  }

  @Test
  void parse_topLevelKeyTwice_isRefused() {
    assertRefused(
        "subject: c\n" + oneColumn("type: INT, level: GENERAL"),
        "schema: the key subject appears twice");
  }

  @Test
  void parse_columnKeyTwice_isRefused() {
    assertRefused(
        oneColumn("type: INT, level: GENERAL, level: CORE"),
        "schema: column c has the key level twice");
  }

  @Test
  void parse_noColumnsKey_isRefused() {
    assertRefused(
        "subject: c\nopen_category: NONE\n",
        "schema: no columns; a schema lists at least one column");
  }

  @Test
  void parse_emptyColumnList_isRefused() {
    assertRefused(
        "subject: c\nopen_category: NONE\ncolumns: []\n",
        "schema: no columns; a schema lists at least one column");
  }

  @Test
  void parse_columnsNotAList_isRefused() {
    assertRefused(
        "subject: c\nopen_category: NONE\ncolumns: {name: c}\n",
        "schema: columns must be a list of columns");
  }

  @Test
  void parse_columnNotAMap_isRefused() {
    assertRefused(
        "subject: c\nopen_category: NONE\ncolumns: [c]\n",
        "schema: column 1 must be a map with the keys name, type, level, pii, quasi_identifier,"
            + " check_format");
  }

  @Test
  void parse_listAsAColumnAttribute_isRefused() {
    assertRefused(
        oneColumn("type: INT, level: [GENERAL, CORE]"),
        "schema: column c: level must be a single value");
  }

  @Test
  void parse_listAsSubject_isRefused() {
    assertRefused(
        oneColumn("type: INT, level: GENERAL").replace("subject: c", "subject: [c, d]"),
        "schema: subject must be a single value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "'true'", "1", "y"})
  void parse_flagNotABoolean_isRefused(String flag) {
    assertRefused(
        oneColumn("type: INT, level: GENERAL, quasi_identifier: " + flag),
        "schema: column c: quasi_identifier must be true or false");
  }

  @Test
  void parse_noOpenCategory_isRefused() {
    assertRefused(
        "subject: c\ncolumns:\n  - {name: c, type: INT, level: GENERAL}\n",
        "schema: no open_category; categories are NONE (不予开放), CONDITIONAL (有条件开放),"
            + " UNCONDITIONAL (无条件开放)");
  }

  @Test
  void parse_unknownOpenCategory_isRefused() {
    assertRefused(
        oneColumn("type: INT, level: GENERAL").replace("NONE", "PUBLIC"),
        "schema: unknown open_category PUBLIC; categories are NONE (不予开放), CONDITIONAL (有条件开放),"
            + " UNCONDITIONAL (无条件开放)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"NAME", "ADDRESS", "GEO", "NONE"})
  void parse_checkFormatWithoutCheckableFormat_isRefused(String pii) {
    assertRefused(
        oneColumn("type: STRING, level: SENSITIVE, check_format: true, pii: " + pii),
        "schema: column c has check_format but PII type "
            + pii
            + " has no checkable format; only ID_CARD, PHONE, BANK_CARD, EMAIL, BIRTH_DATE have"
            + " one");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ID_CARD", "PHONE", "BANK_CARD", "EMAIL", "BIRTH_DATE"})
  void parse_checkFormatWithCheckableFormat_isAccepted(String pii) {
    Schema schema =
        parse(oneColumn("type: STRING, level: SENSITIVE, check_format: true, pii: " + pii));

    assertThat(schema.subjectColumn().checkFormat()).isTrue();
  }

  @Test
  void parse_1024Columns_isAccepted() {
    Schema schema = parse(columns(1024));

    assertThat(schema.columns()).hasSize(1024);
  }

  @Test
  void parse_1025Columns_isRefused() {
    assertRefused(columns(1025), "schema: more than 1024 columns; split the dataset");
  }

  private static String columns(int count) {
    StringBuilder yaml = new StringBuilder("subject: c1\nopen_category: NONE\ncolumns:\n");
    for (int i = 1; i <= count; i++) {
      yaml.append("  - {name: c").append(i).append(", type: INT, level: GENERAL}\n");
    }
    return yaml.toString();
  }

  @Test
  void parse_fileOverOneMebibyte_isRefusedBeforeParsing() {
    byte[] yaml = new byte[SchemaParser.MAX_FILE_BYTES + 1];
    Arrays.fill(yaml, (byte) '#');

    assertVaultException(
        () -> SchemaParser.parse(yaml),
        ErrorCode.USER_ERROR,
        "schema: the file is larger than 1 MiB");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n\n", "# only a comment\n"})
  void parse_emptyFile_isRefused(String yaml) {
    assertRefused(yaml, "schema: the file is empty");
  }

  @Test
  void parse_invalidUtf8_isRefused() {
    byte[] yaml = oneColumn("type: INT, level: GENERAL").getBytes(UTF_8);
    yaml[3] = (byte) 0xC3; // a lead byte followed by ASCII

    assertVaultException(
        () -> SchemaParser.parse(yaml),
        ErrorCode.USER_ERROR,
        "schema: the file is not valid UTF-8");
  }

  @Test
  void parse_listAtTopLevel_isRefused() {
    assertRefused(
        "- subject: c\n",
        "schema: the file must be a map with the keys subject, open_category, columns");
  }

  @Test
  void parse_twoDocuments_isRefused() {
    String yaml = oneColumn("type: INT, level: GENERAL");

    assertRefused(yaml + "---\n" + yaml, "schema: the file must hold exactly one YAML document");
  }

  @Test
  void parse_brokenYaml_isRefusedWithItsPosition() {
    assertRefused(
        "subject: c\nopen_category: NONE\ncolumns:\n  - {name: c, type: INT\n",
        "schema: not valid YAML (line 4, column 24)");
  }

  /** Pins the billion-laughs attack: refused at its first anchor, never expanded. */
  @Test
  void parse_aliasBomb_isRefused() {
    StringBuilder yaml = new StringBuilder("subject: c\nopen_category: NONE\ncolumns:\n");
    yaml.append("  - &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("  - &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }

    assertRefused(
        yaml.toString(), "schema: YAML anchors (&), aliases (*) and tags (!) are not allowed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"DECIMAL(12,2)", "DECIMAL(12, 2)", "'DECIMAL(12,2)'", "\"DECIMAL(12,2)\""})
  void parse_decimalInFlowMapQuotedOrNot_isOneType(String type) {
    Schema schema = parse(oneColumn("type: " + type + ", level: GENERAL"));

    assertThat(schema.subjectColumn().type()).isEqualTo(ColumnType.decimal(12, 2));
  }

  @Test
  void parse_decimalInBlockMap_isOneType() {
    Schema schema =
        parse(
            "subject: c\nopen_category: NONE\ncolumns:\n  - name: c\n    type: DECIMAL(12,2)\n"
                + "    level: GENERAL\n");

    assertThat(schema.subjectColumn().type()).isEqualTo(ColumnType.decimal(12, 2));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "subject: &s c\nopen_category: NONE\ncolumns:\n  - {name: *s, type: INT, level: GENERAL}\n",
        "subject: c\nopen_category: NONE\ncolumns:\n  - &col {name: c, type: INT, level: GENERAL}\n",
        "subject: !!str c\nopen_category: NONE\ncolumns:\n  - {name: c, type: INT, level: GENERAL}\n",
        "subject: c\nopen_category: NONE\ncolumns:\n  - {name: c, type: !custom INT, level: GENERAL}\n",
        "&top\nsubject: c\nopen_category: NONE\ncolumns:\n  - {name: c, type: INT, level: GENERAL}\n"
      })
  void parse_anchorsAliasesOrTags_areRefused(String yaml) {
    assertRefused(yaml, "schema: YAML anchors (&), aliases (*) and tags (!) are not allowed");
  }

  /** Deep nesting is refused at the first level the format does not have. */
  @Test
  void parse_deeplyNestedList_isRefusedWithoutDescending() {
    String yaml =
        "subject: c\nopen_category: NONE\ncolumns: "
            + "[".repeat(100_000)
            + "]".repeat(100_000)
            + "\n";

    assertRefused(
        yaml,
        "schema: column 1 must be a map with the keys name, type, level, pii, quasi_identifier,"
            + " check_format");
  }

  @Test
  void schemaParse_delegatesToTheParser() {
    assertThat(Schema.parse(RESIDENTS.getBytes(UTF_8))).isEqualTo(parse(RESIDENTS));
  }

  private static final String MARKER = "Zq7MarkerXv";

  /** Refused schemas never repeat hostile text that is not a valid column name. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "subject: c\nopen_category: NONE\ncolumns:\n  - {name: c, type: 'M <MARKER>', level: GENERAL}\n",
        "subject: c\nopen_category: NONE\ncolumns:\n  - {name: c, type: INT, level: '<MARKER>!'}\n",
        "subject: c\nopen_category: NONE\ncolumns:\n  - {name: c, type: INT, level: GENERAL, pii: '<MARKER>.'}\n",
        "subject: c\nopen_category: '<MARKER> x'\ncolumns:\n  - {name: c, type: INT, level: GENERAL}\n",
        "subject: c\nopen_category: NONE\ncolumns:\n  - {name: '<MARKER> x', type: INT, level: GENERAL}\n",
        "subject: '<MARKER>?'\nopen_category: NONE\ncolumns:\n  - {name: c, type: INT, level: GENERAL}\n",
        "subject: c\nopen_category: NONE\ncolumns:\n  - {name: c, '<MARKER>-key': 1, type: INT, level: GENERAL}\n",
        "'<MARKER>-top': 1\n",
        "subject: c\nopen_category: NONE\ncolumns:\n  - {name: c, type: INT, level: GENERAL\n<MARKER>\n",
        "subject: c\n\t<MARKER>: x\n",
        "subject: \"<MARKER>\\x01\"\n",
        "subject: c\nopen_category: NONE\ncolumns:\n  - {name: c, type: 'DECIMAL(<MARKER>)', level: GENERAL}\n"
      })
  void parse_hostileText_isNeverEchoed(String template) {
    String yaml = template.replace("<MARKER>", MARKER);

    VaultException thrown =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            VaultException.class, () -> parse(yaml));

    assertThat(thrown).as(yaml).isNotNull();
    assertThat(thrown.code()).isEqualTo(ErrorCode.USER_ERROR);
    assertThat(thrown.getMessage()).startsWith("schema: ").doesNotContain(MARKER);
    assertThat(thrown.getCause()).isNull();
  }
}
