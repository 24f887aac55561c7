package org.elementvault.sandbox.element;

import static org.elementvault.sandbox.element.ElementMessages.userError;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.tenant.Quotas;
import org.elementvault.sandbox.protection.Protection;
import org.jspecify.annotations.Nullable;

/**
 * An element's design spec ({@code E.yaml}, DESIGN.md File formats), validated: names follow the
 * vault's name rule, free text is bounded, the threshold is at least {@link #MIN_THRESHOLD}.
 *
 * @param name the element's name
 * @param type what it releases
 * @param scenario where the element is used (free text)
 * @param purpose what the element is for (free text)
 * @param datasets the datasets its query reads, by name, in the tenant of the submitter
 * @param query the SQL query
 * @param threshold k: the minimum number of distinct subjects behind every released group or row
 *     class
 * @param validDays how long an approval lasts
 * @param functionDesign an optional free-text description of the element's function
 * @param protection how its released aggregates are protected; {@link Protection#NOISE} when the
 *     spec names none (and in elements stored before dp existed)
 * @param parameters the template parameters its query names {@code :name}; empty for a plain
 *     element (and in elements stored before templates existed)
 * @param model for a {@code FEATURE} element that trains a model, its {@code model} block; else
 *     null
 */
public record ElementSpec(
    String name,
    ElementType type,
    String scenario,
    String purpose,
    List<String> datasets,
    String query,
    int threshold,
    int validDays,
    @Nullable String functionDesign,
    Protection protection,
    List<Parameter> parameters,
    @Nullable ModelSpec model,
    @Nullable ScoringSpec scoring) {

  /** The threshold when a spec does not name one: the default floor of every tenant. */
  public static final int DEFAULT_THRESHOLD = Quotas.DEFAULT_MIN_THRESHOLD;

  /**
   * The smallest threshold a spec may ask for. A tenant's floor ({@link Quotas#minThreshold()}) may
   * require more; the floor's range is the threshold's.
   */
  public static final int MIN_THRESHOLD = Quotas.MIN_THRESHOLD_LOWEST;

  /** The largest threshold: beyond it no group of any real dataset would be released. */
  public static final int MAX_THRESHOLD = Quotas.MIN_THRESHOLD_HIGHEST;

  /** The validity when a spec does not name one. */
  public static final int DEFAULT_VALID_DAYS = 90;

  /** The shortest validity of an approval, in days. */
  public static final int MIN_VALID_DAYS = 1;

  /** The longest validity of an approval, in days (ten years). */
  public static final int MAX_VALID_DAYS = 3650;

  /** The most datasets one element reads. */
  public static final int MAX_DATASETS = 8;

  /** The longest query, in UTF-8 bytes. */
  public static final int MAX_QUERY_BYTES = 16 * 1024;

  /** The longest function design, in characters. */
  public static final int MAX_FUNCTION_DESIGN = 2000;

  /** A spec under the default protection, noise. */
  public ElementSpec(
      String name,
      ElementType type,
      String scenario,
      String purpose,
      List<String> datasets,
      String query,
      int threshold,
      int validDays,
      @Nullable String functionDesign) {
    this(
        name,
        type,
        scenario,
        purpose,
        datasets,
        query,
        threshold,
        validDays,
        functionDesign,
        Protection.NOISE);
  }

  /** A spec without template parameters that trains no model. */
  public ElementSpec(
      String name,
      ElementType type,
      String scenario,
      String purpose,
      List<String> datasets,
      String query,
      int threshold,
      int validDays,
      @Nullable String functionDesign,
      Protection protection) {
    this(
        name,
        type,
        scenario,
        purpose,
        datasets,
        query,
        threshold,
        validDays,
        functionDesign,
        protection,
        List.of(),
        null,
        null);
  }

  /**
   * Checks every component.
   *
   * @throws VaultException {@code USER_ERROR} with a message starting {@code spec:} that names the
   *     field and the rule, never the value
   */
  public ElementSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(datasets, "datasets");
    Objects.requireNonNull(query, "query");
    // Elements stored before protections existed have none: theirs is the default.
    protection = Objects.requireNonNullElse(protection, Protection.NOISE);
    datasets = List.copyOf(datasets);
    // Elements stored before templates existed have no parameters.
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
    checked(() -> Names.check("element", name));
    checked(() -> Names.checkText("scenario", scenario));
    checked(() -> Names.checkText("purpose", purpose));
    if (datasets.isEmpty() || datasets.size() > MAX_DATASETS) {
      throw userError(ElementMessages.NO_DATASETS);
    }
    Set<String> seen = new HashSet<>();
    for (String dataset : datasets) {
      checked(() -> Names.check("dataset", dataset));
      if (!seen.add(dataset)) {
        throw userError(ElementMessages.datasetTwice(dataset));
      }
    }
    if (query.isBlank()) {
      throw userError(ElementMessages.QUERY_BLANK);
    }
    if (query.getBytes(StandardCharsets.UTF_8).length > MAX_QUERY_BYTES) {
      throw userError(ElementMessages.QUERY_TOO_LONG);
    }
    if (hasControlOtherThanLineBreaks(query)) {
      throw userError(ElementMessages.QUERY_CONTROL);
    }
    if (threshold < MIN_THRESHOLD || threshold > MAX_THRESHOLD) {
      throw userError(ElementMessages.THRESHOLD);
    }
    if (validDays < MIN_VALID_DAYS || validDays > MAX_VALID_DAYS) {
      throw userError(ElementMessages.VALID_DAYS);
    }
    if (parameters.size() > Parameter.MAX_PARAMETERS
        || parameters.stream().mapToInt(p -> p.domain().size()).sum() > Parameter.MAX_VALUES) {
      throw userError(ElementMessages.TOO_MANY_PARAMETERS);
    }
    Set<String> names = new HashSet<>();
    for (Parameter parameter : parameters) {
      if (!names.add(parameter.name())) {
        throw userError(ElementMessages.parameterTwice(parameter.name()));
      }
    }
    if (functionDesign != null
        && (functionDesign.isBlank()
            || functionDesign.length() > MAX_FUNCTION_DESIGN
            || hasControlOtherThanLineBreaks(functionDesign))) {
      throw userError(ElementMessages.FUNCTION_DESIGN);
    }
    boolean hasModel = model != null || scoring != null;
    if (hasModel && type != ElementType.FEATURE) {
      throw userError(ElementMessages.MODEL_NEEDS_FEATURE);
    }
    if (hasModel && !parameters.isEmpty()) {
      throw userError(ElementMessages.MODEL_PARAMETERS);
    }
  }

  /**
   * The value of each parameter for one run, checked against its domain before anything runs.
   *
   * @param arguments parameter name to the value as the caller typed it
   * @return each parameter's name and the value it binds, in declaration order
   * @throws VaultException {@code USER_ERROR} for a missing or undeclared parameter or a value
   *     outside its domain; the message names the parameter, never the value
   */
  public Map<String, String> bind(Map<String, String> arguments) {
    for (String given : arguments.keySet()) {
      if (parameters.stream().noneMatch(p -> p.name().equals(given))) {
        throw userError(ElementMessages.parameterUndeclared(given));
      }
    }
    Map<String, String> bound = new LinkedHashMap<>();
    for (Parameter parameter : parameters) {
      String given = arguments.get(parameter.name());
      if (given == null) {
        throw userError(ElementMessages.parameterMissing(parameter.name()));
      }
      bound.put(
          parameter.name(),
          parameter
              .admit(given)
              .orElseThrow(
                  () -> userError(ElementMessages.parameterOutOfDomain(parameter.name()))));
    }
    return bound;
  }

  private static boolean hasControlOtherThanLineBreaks(String text) {
    return text.chars()
        .anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
  }

  /** Runs a check of the engine's name and text rules, prefixing its message with {@code spec:}. */
  private static void checked(Runnable check) {
    try {
      check.run();
    } catch (VaultException e) {
      throw userError(ElementMessages.spec(e.getMessage()));
    }
  }
}
