package org.elementvault.sandbox.element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.protection.Bounds;
import org.elementvault.sandbox.protection.Protection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ElementSpecParserTest {

  private static final String NAMES_RULE =
      "names are 1 to 63 characters of a-z, 0-9, '_' and '-', starting with a letter or digit";

  static final String SPEC =
      """
      name: income-by-district
      type: DATASET
      scenario: regional income statistics for a credit product
      purpose: credit risk pricing
      datasets: [residents]
      query: |
        SELECT district, COUNT(*) AS people
        FROM residents GROUP BY district
      """;

  private static ElementSpec parse(String yaml) {
    return ElementSpecParser.parse(yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(String yaml, String message) {
    assertVaultException(() -> parse(yaml), ErrorCode.USER_ERROR, message);
  }

  @Test
  void parse_designExample_readsEveryKeyWithDefaults() {
    ElementSpec spec = parse(SPEC);

    assertThat(spec)
        .isEqualTo(
            new ElementSpec(
                "income-by-district",
                ElementType.DATASET,
                "regional income statistics for a credit product",
                "credit risk pricing",
                List.of("residents"),
                "SELECT district, COUNT(*) AS people\nFROM residents GROUP BY district\n",
                10,
                90,
                null));
  }

  @Test
  void parse_optionalKeys_areRead() {
    ElementSpec spec =
        parse(
            SPEC
                + "threshold: 25\nvalid_days: 3650\nfunction_design: counts people per district\n");

    assertThat(List.of(spec.threshold(), spec.validDays())).containsExactly(25, 3650);
    assertThat(spec.functionDesign()).isEqualTo("counts people per district");
  }

  @Test
  void parse_unknownKey_isRefusedNamingIt() {
    assertRefused(
        SPEC + "treshold: 5\n",
        "spec: unknown key treshold; keys are [name, type, scenario, purpose, datasets, query,"
            + " threshold, valid_days, function_design, protection, epsilon, delta, bounds,"
            + " max_groups, parameters, model]");
  }

  @Test
  void parse_unknownKeyThatIsNotAPlainWord_isNotEchoed() {
    assertRefused(
        SPEC + "\"secret value 123-45\": 5\n",
        "spec: unknown key; keys are [name, type, scenario, purpose, datasets, query,"
            + " threshold, valid_days, function_design, protection, epsilon, delta, bounds,"
            + " max_groups, parameters, model]");
  }

  @ParameterizedTest
  @CsvSource({"name", "type", "scenario", "purpose", "datasets", "query"})
  void parse_requiredKeyMissing_isRefusedNamingIt(String key) {
    String without =
        String.join(
            "\n",
            SPEC.lines()
                .filter(line -> !line.startsWith(key + ":"))
                .filter(line -> !key.equals("query") || !line.startsWith("  "))
                .toList());

    assertRefused(without + "\n", "spec: missing key " + key);
  }

  @Test
  void parse_keyTwice_isRefused() {
    assertRefused(SPEC + "purpose: another\n", "spec: the key purpose appears twice");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "threshold: 1|spec: threshold must be 2 to 1000000 distinct subjects",
        "threshold: 0|spec: threshold must be 2 to 1000000 distinct subjects",
        "threshold: -5|spec: threshold must be 2 to 1000000 distinct subjects",
        "threshold: 1000001|spec: threshold must be 2 to 1000000 distinct subjects",
        "threshold: 99999999999999999999|spec: threshold must be 2 to 1000000 distinct subjects",
        "threshold: 10.5|spec: threshold must be a whole number",
        "threshold: ten|spec: threshold must be a whole number",
        "threshold: true|spec: threshold must be a whole number",
        "threshold: 0x10|spec: threshold must be a whole number",
        "threshold: [10]|spec: threshold must be a whole number",
        "valid_days: 0|spec: valid_days must be 1 to 3650",
        "valid_days: 3651|spec: valid_days must be 1 to 3650",
        "purpose: {a: b}|spec: purpose must be text",
        "purpose: 42|spec: purpose must be text",
      })
  void parse_badValue_isRefused(String line, String message) {
    String yaml =
        SPEC.lines()
                .filter(l -> !l.startsWith(line.substring(0, line.indexOf(':') + 1)))
                .reduce("", (a, b) -> a + b + "\n")
            + line
            + "\n";

    assertRefused(yaml, message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "datasets: residents|spec: datasets must be a list of dataset names",
        "datasets: []|spec: datasets must list 1 to 8 datasets",
        "datasets: [a, b, c, d, e, f, g, h, i]|spec: datasets must list 1 to 8 datasets",
        "datasets: [a, a]|spec: dataset a is listed twice",
        "datasets: [[a]]|spec: datasets must be a list of dataset names",
        "datasets: [Residents]|spec: invalid dataset name: " + NAMES_RULE,
        "name: Income By District|spec: invalid element name: " + NAMES_RULE,
        "name: ../etc|spec: invalid element name: " + NAMES_RULE,
        "type: MODEL|spec: unknown type MODEL; types are [DATASET, FEATURE]",
        "type: dataset|spec: unknown type dataset; types are [DATASET, FEATURE]",
      })
  void parse_badNameListOrType_isRefusedWithoutTheValue(String line, String message) {
    String key = line.substring(0, line.indexOf(':') + 1);
    String yaml =
        SPEC.lines().filter(l -> !l.startsWith(key)).reduce("", (a, b) -> a + b + "\n")
            + line
            + "\n";

    assertRefused(yaml, message);
  }

  @Test
  void parse_purposeWithControlCharacter_isRefused() {
    String yaml = SPEC.replace("purpose: credit risk pricing", "purpose: \"credit\\u0007risk\"");

    assertRefused(
        yaml, "spec: purpose must be 1 to 500 characters on one line, without control characters");
  }

  @Test
  void parse_blankQuery_isRefused() {
    String yaml = SPEC.substring(0, SPEC.indexOf("query:")) + "query: \"   \"\n";

    assertRefused(yaml, "spec: query is blank");
  }

  @Test
  void parse_queryOver16KiB_isRefused() {
    String yaml =
        SPEC.substring(0, SPEC.indexOf("query:"))
            + "query: \"SELECT 1"
            + " ".repeat(16 * 1024)
            + "\"\n";

    assertRefused(yaml, "spec: query exceeds 16384 bytes");
  }

  @Test
  void parse_functionDesignOver2000Characters_isRefused() {
    assertRefused(
        SPEC + "function_design: " + "x".repeat(2001) + "\n",
        "spec: function_design must be 1 to 2000 characters, without control characters other"
            + " than line breaks and tabs");
  }

  @Test
  void parse_fileOver64KiB_isRefusedBeforeParsing() {
    byte[] large = (SPEC + "#" + "x".repeat(64 * 1024)).getBytes(StandardCharsets.UTF_8);

    assertVaultException(
        () -> ElementSpecParser.parse(large),
        ErrorCode.USER_ERROR,
        "spec: the file is larger than 64 KiB");
  }

  /** An alias-expansion bomb ("billion laughs") is refused at its first anchor. */
  @Test
  void parse_anchorsAndAliases_areRefused() {
    String bomb =
        """
        datasets: &a [x, x, x, x, x, x, x, x, x]
        query: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        scenario: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        """;

    assertRefused(bomb, "spec: YAML anchors (&), aliases (*) and tags (!) are not allowed");
  }

  @Test
  void parse_aliasOfAName_isRefused() {
    String yaml =
        SPEC.replace("name: income-by-district", "name: &n income-by-district")
            + "function_design: *n\n";

    assertRefused(yaml, "spec: YAML anchors (&), aliases (*) and tags (!) are not allowed");
  }

  @Test
  void parse_tag_isRefused() {
    assertRefused(
        SPEC.replace("purpose: credit", "purpose: !!str credit"),
        "spec: YAML anchors (&), aliases (*) and tags (!) are not allowed");
  }

  @Test
  void parse_twoDocuments_isRefused() {
    assertRefused(SPEC + "---\n" + SPEC, "spec: the file must hold exactly one YAML document");
  }

  @Test
  void parse_notAMap_isRefused() {
    assertRefused(
        "- name\n- type\n",
        "spec: the file must be a map of keys [name, type, scenario, purpose, datasets, query,"
            + " threshold, valid_days, function_design, protection, epsilon, delta, bounds,"
            + " max_groups, parameters, model]");
  }

  @Test
  void parse_emptyOrCommentOnly_isRefused() {
    assertRefused("  \n", "spec: the file is empty");
    assertRefused("# nothing\n", "spec: the file is empty");
  }

  @Test
  void parse_invalidUtf8_isRefused() {
    byte[] bytes = {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28};

    assertVaultException(
        () -> ElementSpecParser.parse(bytes),
        ErrorCode.USER_ERROR,
        "spec: the file is not valid UTF-8");
  }

  @Test
  void parse_malformedYaml_isRefusedWithItsPositionOnly() {
    VaultException thrown =
        catchThrowableOfType(
            VaultException.class, () -> parse("name: x\npurpose: \"secret-value\n  : ]\n"));

    assertThat(thrown.code()).isEqualTo(ErrorCode.USER_ERROR);
    assertThat(thrown).hasMessageStartingWith("spec: not valid YAML (line ").hasNoCause();
    assertThat(thrown.getMessage()).doesNotContain("secret");
  }

  @Test
  void parse_protectionNoise_isAccepted() {
    ElementSpec spec = parse(SPEC + "protection: noise\n");

    assertThat(spec.name()).isEqualTo(parse(SPEC).name());
  }

  @Test
  void parse_protectionDp_readsExactParameters() {
    ElementSpec spec =
        parse(
            SPEC
                + "protection: dp\nepsilon: 0.1\ndelta: 1e-7\nmax_groups: 3\n"
                + "bounds: {income: [0, 200000.50], age: [-5, 120]}\n");

    assertThat(spec.protection())
        .isEqualTo(
            Protection.dp(
                new BigDecimal("0.1"),
                new BigDecimal("1e-7"),
                Map.of(
                    "income",
                    new Bounds(BigDecimal.ZERO, new BigDecimal("200000.50")),
                    "age",
                    new Bounds(new BigDecimal("-5"), new BigDecimal("120"))),
                3));
  }

  @Test
  void parse_protectionDpWithoutDelta_defaultsDeltaAndMaxGroups() {
    Protection protection = parse(SPEC + "protection: dp\nepsilon: 1\n").protection();

    assertThat(protection.delta()).isEqualByComparingTo("0.000001");
    assertThat(protection.maxGroups()).isEqualTo(1);
    assertThat(protection.bounds()).isEmpty();
  }

  @Test
  void parse_noProtection_isNoise() {
    assertThat(parse(SPEC).protection()).isEqualTo(Protection.NOISE);
  }

  @Test
  void parse_protectionDpWithoutEpsilon_isRefused() {
    assertRefused(
        SPEC + "protection: dp\n",
        "spec: protection dp needs epsilon, the ε one run costs (above 0, at most 10)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"0", "-1", "10.5", "0.0000001", "1e400", "abc", "[1]", "0x10", ".nan"})
  void parse_epsilonOutOfRangeOrNotExact_isRefused(String epsilon) {
    assertRefused(
        SPEC + "protection: dp\nepsilon: " + epsilon + "\n",
        "spec: epsilon must be a decimal number above 0 and at most 10, with at most 6 decimal"
            + " places");
  }

  @ParameterizedTest
  @CsvSource({"0", "0.01", "-1e-6", "1e-40"})
  void parse_deltaOutOfRange_isRefused(String delta) {
    assertRefused(
        SPEC + "protection: dp\nepsilon: 1\ndelta: " + delta + "\n",
        "spec: delta must be a decimal number above 0 and at most 0.001, with at most 30 decimal"
            + " places");
  }

  @ParameterizedTest
  @CsvSource({"0", "101"})
  void parse_maxGroupsOutOfRange_isRefused(String groups) {
    assertRefused(
        SPEC + "protection: dp\nepsilon: 1\nmax_groups: " + groups + "\n",
        "spec: max_groups must be 1 to 100");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{income: [10, 0]}",
        "{income: [0]}",
        "{income: [0, 1, 2]}",
        "{income: 5}",
        "[0, 1]",
        "{income: [0, 1e30]}",
        "{income: [0, 0.0000001]}",
        "{income: [a, 1]}",
        "{\"Not a name\": [0, 1]}"
      })
  void parse_malformedBounds_isRefused(String bounds) {
    assertRefused(
        SPEC + "protection: dp\nepsilon: 1\nbounds: " + bounds + "\n",
        "spec: bounds must map column names to [lower, upper]: two numbers, lower at most upper,"
            + " each with at most 18 digits before and 6 after the decimal point");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "epsilon: 1|epsilon",
        "delta: 1e-6|delta",
        "max_groups: 2|max_groups",
        "bounds: {income: [0, 1]}|bounds"
      })
  void parse_dpParameterUnderNoise_isRefused(String line, String key) {
    assertRefused(
        SPEC + "protection: noise\n" + line + "\n",
        "spec: " + key + " applies only to protection: dp; remove it, or set protection: dp");
  }

  @Test
  void parse_unknownProtection_isRefused() {
    assertRefused(
        SPEC + "protection: laplace\n",
        "spec: protection laplace is not available; protections are noise (the default: sticky"
            + " noise, no budget) and dp (differential privacy, needs epsilon)");
  }

  private static final String FEATURE = SPEC.replace("type: DATASET", "type: FEATURE");

  @Test
  void parse_modelBlock_readsEveryKey() {
    ElementSpec spec =
        parse(
            FEATURE
                + "model: {task: train, algorithm: logistic_regression, target: has_loan,"
                + " features: [age, income], min_subjects: 2000}\n");

    assertThat(spec.model())
        .isEqualTo(
            new ModelSpec(
                ModelAlgorithm.LOGISTIC_REGRESSION, "has_loan", List.of("age", "income"), 2000));
  }

  @Test
  void parse_modelWithoutMinSubjects_takesTheVaultFloorForItsFeatures() {
    List<String> features = java.util.stream.IntStream.range(0, 30).mapToObj(i -> "f" + i).toList();

    ElementSpec spec =
        parse(
            FEATURE
                + "model: {task: train, algorithm: linear_regression, target: y, features: "
                + features
                + "}\n");

    assertThat(Objects.requireNonNull(spec.model()).minSubjects()).isEqualTo(1500);
  }

  @Test
  void parse_modelOnADatasetElement_isRefused() {
    assertRefused(
        SPEC + "model: {task: train, algorithm: linear_regression, target: y, features: [x]}\n",
        "spec: a model block needs type: FEATURE");
  }

  @Test
  void parse_modelUnknownKey_isRefusedNamingIt() {
    assertRefused(
        FEATURE
            + "model: {task: train, algorithm: linear_regression, target: y, features: [x],"
            + " export: yes}\n",
        "spec: unknown key in model export; keys are [task, algorithm, target, features,"
            + " min_subjects]");
  }

  @Test
  void parse_modelScoreTask_readsTheModelAndTheOutput() {
    ElementSpec spec =
        parse(
            FEATURE
                + "model: {task: score, model: risk, output: \"SELECT AVG(score) FROM scored\"}\n");

    assertThat(spec.scoring()).isEqualTo(new ScoringSpec("risk", "SELECT AVG(score) FROM scored"));
    assertThat(spec.model()).isNull();
  }

  @Test
  void parse_modelScoreTaskWithTrainingKeys_isRefusedNamingTheKey() {
    assertRefused(
        FEATURE + "model: {task: score, model: risk, output: x, algorithm: linear_regression}\n",
        "spec: unknown key in a task: score model algorithm; keys are [task, model, output]");
  }

  @Test
  void parse_modelUnknownTask_isRefused() {
    assertRefused(
        FEATURE
            + "model: {task: predict, algorithm: linear_regression, target: y, features: [x]}\n",
        "spec: model.task must be train or score");
  }

  @Test
  void parse_modelTargetAmongFeatures_isRefused() {
    assertRefused(
        FEATURE + "model: {task: train, algorithm: linear_regression, target: x, features: [x]}\n",
        "spec: model.target may not also be one of model.features");
  }

  @Test
  void parse_modelUnknownAlgorithm_isRefused() {
    assertRefused(
        FEATURE + "model: {task: train, algorithm: neural_net, target: y, features: [x]}\n",
        "spec: model.algorithm must be one of linear_regression, logistic_regression,"
            + " decision_tree, gradient_boosting");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "1.5", "1000000001", "many"})
  void parse_modelMinSubjectsNotAWholeNumberInRange_isRefused(String value) {
    assertRefused(
        FEATURE
            + "model: {task: train, algorithm: linear_regression, target: y, features: [x],"
            + " min_subjects: "
            + value
            + "}\n",
        "spec: model.min_subjects must be a whole number from 1 to 1000000000");
  }

  @Test
  void parse_parameters_readsAListDomainAndARangeDomain() {
    ElementSpec parsed =
        parse(
            SPEC
                + "parameters:\n"
                + "  - {name: district, type: STRING, values: [金水区, 二七区]}\n"
                + "  - {name: min_age, type: INT, range: [20, 60], step: 10}\n");

    assertThat(parsed.parameters())
        .containsExactly(
            new Parameter("district", ParameterType.STRING, List.of("金水区", "二七区"), null),
            new Parameter(
                "min_age", ParameterType.INT, List.of(), new Parameter.Range(20, 60, 10)));
    assertThat(parsed.parameters().get(1).domain()).containsExactly("20", "30", "40", "50", "60");
  }

  @Test
  void parse_parameterRangeWithoutStep_isRefusedNamingIt() {
    assertRefused(
        SPEC + "parameters:\n  - {name: min_age, type: INT, range: [20, 60]}\n",
        "spec: parameter min_age: range must be [from, to] of whole numbers, from at most to, with"
            + " a step above 0 and at most 64 values");
  }

  @Test
  void parse_parameterWithAnInvalidName_isRefused() {
    assertRefused(
        SPEC + "parameters:\n  - {name: Bad-Name, type: STRING, values: [a]}\n",
        "spec: a parameter name must be a lower-case letter, then up to 62 lower-case letters,"
            + " digits or underscores");
  }

  @Test
  void parse_parameterDeclaredTwice_isRefused() {
    assertRefused(
        SPEC
            + "parameters:\n"
            + "  - {name: d, type: STRING, values: [a]}\n"
            + "  - {name: d, type: STRING, values: [b]}\n",
        "spec: parameter d is declared twice");
  }

  @Test
  void bind_valueOutsideTheDomain_isRefusedWithoutEchoingIt() {
    ElementSpec parsed =
        parse(SPEC + "parameters:\n  - {name: min_age, type: INT, range: [20, 60], step: 10}\n");

    assertVaultException(
        () -> parsed.bind(Map.of("min_age", "25")),
        ErrorCode.USER_ERROR,
        "parameter min_age: value not in its declared domain");
  }

  @Test
  void bind_wholeNumberWithLeadingZero_bindsItsValue() {
    ElementSpec parsed =
        parse(SPEC + "parameters:\n  - {name: min_age, type: INT, range: [20, 60], step: 10}\n");

    assertThat(parsed.bind(Map.of("min_age", "030"))).containsExactly(Map.entry("min_age", "30"));
  }

  @Test
  void parse_parametersWithMoreThan64ValuesInAll_isRefused() {
    assertRefused(
        SPEC
            + "parameters:\n"
            + "  - {name: a, type: INT, range: [1, 40], step: 1}\n"
            + "  - {name: b, type: INT, range: [1, 40], step: 1}\n",
        "spec: parameters may declare at most 8 parameters with at most 64 values in all (each is"
            + " assessed)");
  }

  @Test
  void parse_parameterValuesBeforeItsNameThatAreNotAList_isRefusedNamingIt() {
    assertRefused(
        SPEC + "parameters:\n  - {values: {a: b}, name: district, type: STRING}\n",
        "spec: parameter district: give its domain either as values or as range and step (INT"
            + " only)");
  }

  @Test
  void bind_undeclaredNameThatIsNotAName_isRefusedWithoutEchoingIt() {
    ElementSpec parsed = parse(SPEC);

    assertVaultException(
        () -> parsed.bind(Map.of("x\ny' OR 1=1", "v")),
        ErrorCode.USER_ERROR,
        "parameter names are lower-case letters, digits and underscores, starting with a letter");
  }

  @Test
  void parse_modelWithParameters_isRefused() {
    assertRefused(
        FEATURE
            + "model: {task: train, algorithm: linear_regression, target: y, features: [x]}\n"
            + "parameters:\n  - {name: d, type: STRING, values: [a]}\n",
        "spec: a model element takes no parameters: each training set is its own element");
  }
}
