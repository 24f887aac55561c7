package org.elementvault.sandbox.element;

import static org.elementvault.sandbox.element.ElementMessages.userError;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.elementvault.engine.Names;
import org.elementvault.engine.StrictYaml;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.protection.Bounds;
import org.elementvault.sandbox.protection.Protection;
import org.jspecify.annotations.Nullable;

/**
 * Reads an element design spec ({@code E.yaml}, DESIGN.md "File formats") strictly:
 *
 * <pre>{@code
 * name: income-by-district
 * type: DATASET                    # DATASET | FEATURE
 * scenario: regional income statistics for a credit product
 * purpose: credit risk pricing
 * datasets: [residents]
 * query: |
 *   SELECT district, COUNT(*) AS people FROM residents GROUP BY district
 * threshold: 10                    # optional, default 10, 2 to 1,000,000
 * valid_days: 90                   # optional, default 90, 1 to 3650
 * protection: noise                # optional: noise (the default) or dp
 * epsilon: 0.5                     # dp only, required: the ε one run costs, 0 < ε ≤ 10, exact
 * delta: 1e-6                      # dp only, optional, default 1e-6, 0 < δ ≤ 0.001
 * bounds: {income: [0, 200000]}    # dp only: clamping bounds of each column a SUM/AVG reads
 * max_groups: 1                    # dp only, optional, default 1, 1 to 100
 * function_design: free text       # optional
 * parameters:                      # optional: a template; the query names them :district
 *   - {name: district, type: STRING, values: [金水区, 二七区]}
 *   - {name: min_age, type: INT, range: [20, 60], step: 10}
 * model:                           # FEATURE only, no parameters, optional: a trained model
 *   task: train                    # required: train
 *   algorithm: linear_regression   # required: linear_regression | logistic_regression | …
 *   target: income                 # required: an output column of the query
 *   features: [age, has_loan]      # required: 1 to 50 other output columns
 *   min_subjects: 1000             # optional, default the vault's floor for the features
 * model:                           # or: scores rows with a registered model
 *   task: score
 *   model: risk                    # required: a registered model's name or id
 *   output: SELECT district, AVG(score) AS s FROM scored GROUP BY district   # required
 * }</pre>
 *
 * Numbers of ε, δ and bounds are read from their text as exact decimals, never through a double.
 *
 * <h2>What is refused</h2>
 *
 * Every refusal is a {@link VaultException} {@code USER_ERROR} whose message starts with {@code
 * spec:} and names the key and the rule: unknown keys (a typo is not ignored), a key given twice, a
 * missing required key, a list or map where a single value belongs, numbers that are not whole or
 * out of range, and every rule of {@link ElementSpec}'s constructor.
 *
 * <h2>Hostile files</h2>
 *
 * The file is refused above {@value #MAX_FILE_BYTES} bytes before it is parsed, must be UTF-8 and a
 * single document, and may not use anchors, aliases or tags, which rules out alias-expansion bombs.
 * The reader walks the token stream and refuses any nesting the format does not have at its first
 * token. Values are never echoed, and the YAML library's own exception is not attached, because its
 * message may quote the file. Thread-safe: it keeps no state between calls.
 */
public final class ElementSpecParser {

  /** The largest spec file read. */
  public static final int MAX_FILE_BYTES = 64 * 1024;

  private static final String NAME = "name";
  private static final String TYPE = "type";
  private static final String SCENARIO = "scenario";
  private static final String PURPOSE = "purpose";
  private static final String DATASETS = "datasets";
  private static final String QUERY = "query";
  private static final String THRESHOLD = "threshold";
  private static final String VALID_DAYS = "valid_days";
  private static final String FUNCTION_DESIGN = "function_design";
  private static final String PROTECTION = "protection";

  private static final String EPSILON = "epsilon";
  private static final String DELTA = "delta";
  private static final String BOUNDS = "bounds";
  private static final String MAX_GROUPS = "max_groups";
  private static final String PARAMETERS = "parameters";
  private static final String MODEL = "model";

  private static final String TASK = "task";
  private static final String ALGORITHM = "algorithm";
  private static final String TARGET = "target";
  private static final String FEATURES = "features";
  private static final String MIN_SUBJECTS = "min_subjects";
  private static final String TRAIN = "train";
  private static final String SCORE = "score";
  private static final String SCORED_BY = "model";
  private static final String OUTPUT = "output";

  /** The release protections (DESIGN.md, Release protection). */
  private static final String NOISE = "noise";

  private static final String DP = "dp";

  /** A plain decimal or scientific number, as YAML writes one, short enough to be exact. */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?[0-9]{1,24}(\\.[0-9]{1,32})?([eE][+-]?[0-9]{1,2})?");

  private static final StrictYaml YAML = new StrictYaml("spec", MAX_FILE_BYTES, 4);

  private ElementSpecParser() {}

  /**
   * Reads a spec file.
   *
   * @param yaml the file's bytes, UTF-8 (a leading byte order mark is skipped)
   * @throws VaultException {@code USER_ERROR} naming the key and the rule broken
   */
  public static ElementSpec parse(byte[] yaml) {
    return YAML.read(yaml, tokens -> new Reader(tokens).spec());
  }

  /** One pass over one file's tokens. */
  private static final class Reader {
    private final StrictYaml.Tokens tokens;
    private final JsonParser parser;
    private final Map<String, Scalar> scalars = new HashMap<>();
    private @Nullable List<String> datasets;
    private @Nullable Map<String, Bounds> bounds;
    private @Nullable List<Parameter> parameters;
    private @Nullable ModelSpec model;
    private @Nullable ScoringSpec scoring;

    Reader(StrictYaml.Tokens tokens) {
      this.tokens = tokens;
      this.parser = tokens.parser();
    }

    ElementSpec spec() throws IOException {
      if (tokens.current() != JsonToken.START_OBJECT) {
        throw userError(ElementMessages.NOT_A_MAP);
      }
      for (JsonToken token = next(); token != JsonToken.END_OBJECT; token = next()) {
        String key = parser.currentName();
        if (!ElementMessages.KEYS.contains(key)) {
          throw userError(ElementMessages.unknownKey(key));
        }
        if (scalars.containsKey(key)
            || (DATASETS.equals(key) && datasets != null)
            || (BOUNDS.equals(key) && bounds != null)
            || (PARAMETERS.equals(key) && parameters != null)
            || (MODEL.equals(key) && (model != null || scoring != null))) {
          throw userError(ElementMessages.duplicateKey(key));
        }
        JsonToken value = next();
        if (DATASETS.equals(key)) {
          datasets = datasets(value);
        } else if (BOUNDS.equals(key)) {
          bounds = bounds(value);
        } else if (PARAMETERS.equals(key)) {
          parameters = parameters(value);
        } else if (MODEL.equals(key)) {
          modelBlock(value);
        } else if (value.isScalarValue()) {
          scalars.put(key, new Scalar(value, parser.getText()));
        } else {
          throw userError(
              THRESHOLD.equals(key) || VALID_DAYS.equals(key) || MAX_GROUPS.equals(key)
                  ? ElementMessages.notWholeNumber(key)
                  : EPSILON.equals(key)
                      ? ElementMessages.EPSILON
                      : DELTA.equals(key) ? ElementMessages.DELTA : ElementMessages.notText(key));
        }
      }
      return build();
    }

    private ElementSpec build() {
      String name = required(NAME, true);
      String typeText = required(TYPE, false);
      ElementType type = null;
      for (ElementType candidate : ElementType.values()) {
        if (candidate.name().equals(typeText)) {
          type = candidate;
        }
      }
      if (type == null) {
        throw userError(ElementMessages.unknownType(typeText));
      }
      String scenario = required(SCENARIO, false);
      String purpose = required(PURPOSE, false);
      if (datasets == null) {
        throw userError(ElementMessages.missingKey(DATASETS));
      }
      String query = required(QUERY, false);
      int threshold = number(THRESHOLD, ElementSpec.DEFAULT_THRESHOLD, ElementMessages.THRESHOLD);
      int validDays =
          number(VALID_DAYS, ElementSpec.DEFAULT_VALID_DAYS, ElementMessages.VALID_DAYS);
      String functionDesign = optionalText(FUNCTION_DESIGN);
      return new ElementSpec(
          name,
          type,
          scenario,
          purpose,
          datasets,
          query,
          threshold,
          validDays,
          functionDesign,
          protection(),
          parameters == null ? List.of() : parameters,
          model,
          scoring);
    }

    /** {@code [{name, type, values} | {name, type, range, step}, …]}. */
    private List<Parameter> parameters(JsonToken token) throws IOException {
      if (token != JsonToken.START_ARRAY) {
        throw userError(ElementMessages.PARAMETERS_NOT_A_LIST);
      }
      List<Parameter> declared = new ArrayList<>();
      for (JsonToken entry = next(); entry != JsonToken.END_ARRAY; entry = next()) {
        if (entry != JsonToken.START_OBJECT) {
          throw userError(ElementMessages.PARAMETERS_NOT_A_LIST);
        }
        if (declared.size() == Parameter.MAX_PARAMETERS) {
          throw userError(ElementMessages.TOO_MANY_PARAMETERS);
        }
        declared.add(parameter());
      }
      return declared;
    }

    /** One parameter's map, its opening brace read. */
    private Parameter parameter() throws IOException {
      Map<String, String> fields = new HashMap<>();
      List<String> values = null;
      List<String> range = null;
      boolean malformed = false;
      for (JsonToken token = next(); token != JsonToken.END_OBJECT; token = next()) {
        String key = parser.currentName();
        if (!List.of("name", "type", "values", "range", "step").contains(key)) {
          throw userError(ElementMessages.parameterKey(key));
        }
        if (fields.containsKey(key)
            || ("values".equals(key) && values != null)
            || ("range".equals(key) && range != null)) {
          throw userError(ElementMessages.duplicateKey(PARAMETERS + "." + key));
        }
        JsonToken value = next();
        if ("values".equals(key) || "range".equals(key)) {
          List<String> list = scalarList(value);
          if (list == null) {
            malformed = true;
            list = List.of();
          }
          if ("values".equals(key)) {
            values = list;
          } else {
            range = list;
          }
        } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          fields.put(key, parser.getText());
        } else {
          throw userError(ElementMessages.notText(PARAMETERS + "." + key));
        }
      }
      String name = fields.get("name");
      if (name == null) {
        throw userError(ElementMessages.missingKey(PARAMETERS + ".name"));
      }
      if (!Parameter.isValidName(name)) {
        throw userError(ElementMessages.PARAMETER_NAME);
      }
      ParameterType type = null;
      for (ParameterType candidate : ParameterType.values()) {
        if (candidate.name().equals(fields.get("type"))) {
          type = candidate;
        }
      }
      if (type == null) {
        throw userError(ElementMessages.parameterType(name));
      }
      if (malformed) {
        throw userError(ElementMessages.parameterDomain(name));
      }
      if (range == null) {
        if (fields.containsKey("step")) {
          throw userError(ElementMessages.parameterDomain(name));
        }
        return new Parameter(name, type, values == null ? List.of() : values, null);
      }
      String step = fields.get("step");
      if (values != null || step == null || range.size() != 2) {
        throw userError(ElementMessages.parameterRange(name));
      }
      try {
        return new Parameter(
            name,
            type,
            List.of(),
            new Parameter.Range(
                Long.parseLong(range.get(0)), Long.parseLong(range.get(1)), Long.parseLong(step)));
      } catch (NumberFormatException e) {
        throw userError(ElementMessages.parameterRange(name));
      }
    }

    /**
     * A flow or block list of scalars, as text; null for anything else (refused once the
     * parameter's name is known), its tokens skipped.
     */
    private @Nullable List<String> scalarList(JsonToken token) throws IOException {
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        boolean wellFormed = token == JsonToken.START_ARRAY;
        List<String> list = new ArrayList<>();
        int depth = 1;
        while (depth > 0) {
          JsonToken entry = next();
          if (entry == JsonToken.START_ARRAY || entry == JsonToken.START_OBJECT) {
            depth++;
            wellFormed = false;
          } else if (entry == JsonToken.END_ARRAY || entry == JsonToken.END_OBJECT) {
            depth--;
          } else if (entry == JsonToken.VALUE_NULL || list.size() > Parameter.MAX_VALUES) {
            wellFormed = false;
          } else if (entry.isScalarValue()) {
            list.add(parser.getText());
          }
        }
        return wellFormed ? list : null;
      }
      return null;
    }

    /**
     * The {@code model} block: a map of scalars and one list, {@code features}; {@code task: train}
     * sets {@link #model}, {@code task: score} sets {@link #scoring}.
     */
    private void modelBlock(JsonToken token) throws IOException {
      if (token != JsonToken.START_OBJECT) {
        throw userError(ElementMessages.MODEL_NOT_A_MAP);
      }
      Map<String, Scalar> values = new HashMap<>();
      @Nullable List<String> features = null;
      for (JsonToken entry = next(); entry != JsonToken.END_OBJECT; entry = next()) {
        String key = parser.currentName();
        if (!ElementMessages.MODEL_KEYS.contains(key)
            && !ElementMessages.SCORING_KEYS.contains(key)) {
          throw userError(ElementMessages.modelUnknownKey(key));
        }
        if (values.containsKey(key) || (FEATURES.equals(key) && features != null)) {
          throw userError(ElementMessages.modelDuplicateKey(key));
        }
        JsonToken value = next();
        if (FEATURES.equals(key)) {
          features = names(value, ElementMessages.MODEL_FEATURES, ModelSpec.MAX_FEATURES);
        } else if (value.isScalarValue()) {
          values.put(key, new Scalar(value, parser.getText()));
        } else {
          throw userError(ElementMessages.notText("model." + key));
        }
      }
      String task = modelText(values, TASK);
      if (SCORE.equals(task)) {
        for (String key : values.keySet()) {
          if (!ElementMessages.SCORING_KEYS.contains(key)) {
            throw userError(ElementMessages.scoringUnknownKey(key));
          }
        }
        if (features != null) {
          throw userError(ElementMessages.scoringUnknownKey(FEATURES));
        }
        scoring = new ScoringSpec(modelText(values, SCORED_BY), modelText(values, OUTPUT));
        return;
      }
      if (!TRAIN.equals(task)) {
        throw userError(ElementMessages.MODEL_TASK);
      }
      for (String key : values.keySet()) {
        if (!ElementMessages.MODEL_KEYS.contains(key)) {
          throw userError(ElementMessages.modelUnknownKey(key));
        }
      }
      ModelAlgorithm algorithm =
          ModelAlgorithm.fromSpecName(modelText(values, ALGORITHM))
              .orElseThrow(() -> userError(ElementMessages.MODEL_ALGORITHM));
      String target = modelText(values, TARGET);
      if (features == null) {
        throw userError(ElementMessages.modelMissingKey(FEATURES));
      }
      Scalar minSubjects = values.get(MIN_SUBJECTS);
      int min;
      if (minSubjects == null) {
        min = ModelSpec.floor(features.size());
      } else if (minSubjects.token() != JsonToken.VALUE_NUMBER_INT
          || !minSubjects.text().matches("[0-9]{1,10}")
          || Long.parseLong(minSubjects.text()) > ModelSpec.MAX_MIN_SUBJECTS) {
        throw userError(ElementMessages.MODEL_MIN_SUBJECTS);
      } else {
        min = Integer.parseInt(minSubjects.text());
      }
      model = new ModelSpec(algorithm, target, features, min);
    }

    private static String modelText(Map<String, Scalar> values, String key) {
      Scalar value = values.get(key);
      if (value == null || value.token() == JsonToken.VALUE_NULL) {
        throw userError(ElementMessages.modelMissingKey(key));
      }
      if (value.token() != JsonToken.VALUE_STRING) {
        throw userError(ElementMessages.notText("model." + key));
      }
      return value.text();
    }

    /** A list of at most {@code max} names; {@code message} for anything else. */
    private List<String> names(JsonToken token, String message, int max) throws IOException {
      if (token != JsonToken.START_ARRAY) {
        throw userError(message);
      }
      List<String> names = new ArrayList<>();
      for (JsonToken entry = next(); entry != JsonToken.END_ARRAY; entry = next()) {
        if (entry != JsonToken.VALUE_STRING || names.size() == max) {
          throw userError(message);
        }
        names.add(parser.getText());
      }
      return names;
    }

    private Protection protection() {
      String protection = optionalText(PROTECTION);
      if (protection == null || protection.equals(NOISE)) {
        for (String key : List.of(EPSILON, DELTA, MAX_GROUPS)) {
          if (scalars.containsKey(key)) {
            throw userError(ElementMessages.dpOnly(key));
          }
        }
        if (bounds != null) {
          throw userError(ElementMessages.dpOnly(BOUNDS));
        }
        return Protection.NOISE;
      }
      if (!protection.equals(DP)) {
        throw userError(ElementMessages.unknownProtection(protection));
      }
      BigDecimal epsilon = decimal(EPSILON, ElementMessages.EPSILON);
      if (epsilon == null) {
        throw userError(ElementMessages.EPSILON_MISSING);
      }
      if (!Protection.isValidEpsilon(epsilon)) {
        throw userError(ElementMessages.EPSILON);
      }
      BigDecimal delta = decimal(DELTA, ElementMessages.DELTA);
      if (delta == null) {
        delta = Protection.DEFAULT_DELTA;
      } else if (!Protection.isValidDelta(delta)) {
        throw userError(ElementMessages.DELTA);
      }
      int maxGroups = number(MAX_GROUPS, 1, ElementMessages.MAX_GROUPS);
      if (maxGroups < 1 || maxGroups > Protection.MAX_GROUPS) {
        throw userError(ElementMessages.MAX_GROUPS);
      }
      return Protection.dp(epsilon, delta, bounds == null ? Map.of() : bounds, maxGroups);
    }

    /** An optional exact decimal; {@code message} if it is not a plain number. */
    private @Nullable BigDecimal decimal(String key, String message) {
      Scalar value = scalars.get(key);
      if (value == null || value.token() == JsonToken.VALUE_NULL) {
        return null;
      }
      return exact(value, message);
    }

    /**
     * A number's exact value. YAML 1.1 reads {@code 1e-6} (no point) as text, so text in the form
     * of a number is taken too.
     */
    private static BigDecimal exact(Scalar value, String message) {
      boolean number =
          value.token() == JsonToken.VALUE_NUMBER_INT
              || value.token() == JsonToken.VALUE_NUMBER_FLOAT
              || value.token() == JsonToken.VALUE_STRING;
      if (!number || !DECIMAL.matcher(value.text()).matches()) {
        throw userError(message);
      }
      return new BigDecimal(value.text());
    }

    /** {@code {column: [lower, upper], …}}. */
    private Map<String, Bounds> bounds(JsonToken token) throws IOException {
      if (token != JsonToken.START_OBJECT) {
        throw userError(ElementMessages.BOUNDS);
      }
      Map<String, Bounds> columns = new HashMap<>();
      for (JsonToken entry = next(); entry != JsonToken.END_OBJECT; entry = next()) {
        String column = parser.currentName();
        if (!Names.isValid(column)) {
          throw userError(ElementMessages.BOUNDS);
        }
        if (next() != JsonToken.START_ARRAY) {
          throw userError(ElementMessages.BOUNDS);
        }
        List<BigDecimal> ends = new ArrayList<>();
        for (JsonToken end = next(); end != JsonToken.END_ARRAY; end = next()) {
          if (ends.size() == 2) {
            throw userError(ElementMessages.BOUNDS);
          }
          BigDecimal value = exact(new Scalar(end, parser.getText()), ElementMessages.BOUNDS);
          if (!Bounds.isValidEnd(value)) {
            throw userError(ElementMessages.BOUNDS);
          }
          ends.add(value);
        }
        if (ends.size() != 2 || ends.get(0).compareTo(ends.get(1)) > 0) {
          throw userError(ElementMessages.BOUNDS);
        }
        if (columns.put(column, new Bounds(ends.get(0), ends.get(1))) != null) {
          throw userError(ElementMessages.boundsTwice(column));
        }
      }
      return columns;
    }

    /** A required single value; names may be written as numbers ({@code 2024}), text may not. */
    private String required(String key, boolean nameLike) {
      Scalar value = scalars.get(key);
      if (value == null || value.token() == JsonToken.VALUE_NULL) {
        throw userError(ElementMessages.missingKey(key));
      }
      boolean text =
          value.token() == JsonToken.VALUE_STRING
              || (nameLike && value.token() == JsonToken.VALUE_NUMBER_INT);
      if (!text) {
        throw userError(ElementMessages.notText(key));
      }
      return value.text();
    }

    private @Nullable String optionalText(String key) {
      Scalar value = scalars.get(key);
      if (value == null || value.token() == JsonToken.VALUE_NULL) {
        return null;
      }
      return required(key, false);
    }

    private int number(String key, int defaultValue, String rangeMessage) {
      Scalar value = scalars.get(key);
      if (value == null || value.token() == JsonToken.VALUE_NULL) {
        return defaultValue;
      }
      if (value.token() != JsonToken.VALUE_NUMBER_INT) {
        throw userError(ElementMessages.notWholeNumber(key));
      }
      String digits = value.text().startsWith("+") ? value.text().substring(1) : value.text();
      if (!digits.matches("-?[0-9]{1,9}")) {
        // Hexadecimal, octal or underscored forms are not plain numbers; longer ones overflow.
        throw userError(
            digits.matches("-?[0-9]+") ? rangeMessage : ElementMessages.notWholeNumber(key));
      }
      return Integer.parseInt(digits);
    }

    private List<String> datasets(JsonToken token) throws IOException {
      if (token != JsonToken.START_ARRAY) {
        throw userError(ElementMessages.DATASETS_NOT_A_LIST);
      }
      List<String> names = new ArrayList<>();
      for (JsonToken entry = next(); entry != JsonToken.END_ARRAY; entry = next()) {
        if (entry != JsonToken.VALUE_STRING && entry != JsonToken.VALUE_NUMBER_INT) {
          throw userError(ElementMessages.DATASETS_NOT_A_LIST);
        }
        if (names.size() == ElementSpec.MAX_DATASETS) {
          throw userError(ElementMessages.NO_DATASETS);
        }
        names.add(parser.getText());
      }
      return names;
    }

    private JsonToken next() throws IOException {
      return tokens.next();
    }
  }

  /** A scalar value as YAML read it: its token (string, number, boolean, null) and its text. */
  private record Scalar(JsonToken token, String text) {}
}
