package org.elementvault.sandbox.element;

import static org.elementvault.sandbox.element.ElementMessages.userError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.elementvault.sandbox.compile.ElementCompiler;
import org.jspecify.annotations.Nullable;

/**
 * A template parameter of an element (DESIGN.md, Element lifecycle): the query names it {@code
 * :name}, and a run gives it one value of its closed domain. The policy assesses the query with
 * every value of the domain, so whatever a run binds has passed it.
 *
 * @param name the placeholder's name: a lower-case letter, then lower-case letters, digits or
 *     underscores
 * @param type the value's type
 * @param values the domain as a list (text for {@code STRING}, whole numbers for {@code INT});
 *     empty when {@code range} gives it
 * @param range an {@code INT} domain as {@code from}, {@code from + step}, … up to {@code to}; null
 *     when {@code values} gives it
 */
public record Parameter(
    String name, ParameterType type, List<String> values, @Nullable Range range) {

  /**
   * The most values one domain, and all of a spec's domains together, may hold: each value is
   * assessed at check and submission, one compilation each.
   */
  public static final int MAX_VALUES = 64;

  /** The most parameters one spec may declare. */
  public static final int MAX_PARAMETERS = 8;

  /** Whole numbers of a domain stay far from overflow in any comparison or arithmetic. */
  private static final long MAX_MAGNITUDE = 1_000_000_000_000_000L;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,18}");

  /**
   * A whole-number range.
   *
   * @param from the first value
   * @param to the last value at most
   * @param step the distance between values, above 0
   */
  public record Range(long from, long to, long step) {}

  /**
   * Checks the name, the domain's shape and every value.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} naming the parameter (when
   *     its name is valid) and the rule, never a value
   */
  public Parameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    values = List.copyOf(values);
    if (!isValidName(name)) {
      throw userError(ElementMessages.PARAMETER_NAME);
    }
    if (values.isEmpty() == (range == null)) {
      throw userError(ElementMessages.parameterDomain(name));
    }
    if (range != null) {
      if (type != ParameterType.INT
          || range.step() < 1
          || range.from() > range.to()
          || Math.abs(range.from()) > MAX_MAGNITUDE
          || Math.abs(range.to()) > MAX_MAGNITUDE
          || (range.to() - range.from()) / range.step() >= MAX_VALUES) {
        throw userError(ElementMessages.parameterRange(name));
      }
    } else {
      if (values.size() > MAX_VALUES || new HashSet<>(values).size() != values.size()) {
        throw userError(ElementMessages.parameterValues(name));
      }
      for (String value : values) {
        if (!isWellFormed(type, value)) {
          throw userError(ElementMessages.parameterValues(name));
        }
      }
    }
  }

  /** Whether {@code name} may name a parameter. */
  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  /** Every value of the domain, in order. */
  public List<String> domain() {
    if (range == null) {
      return values;
    }
    List<String> domain = new ArrayList<>();
    for (long v = range.from(); v <= range.to(); v += range.step()) {
      domain.add(Long.toString(v));
    }
    return domain;
  }

  /**
   * The value {@code given} as it binds, if it is in the domain: a whole number is compared by its
   * value ({@code 030} is {@code 30}); text exactly.
   */
  public Optional<String> admit(String given) {
    String value = given;
    if (type == ParameterType.INT) {
      if (!WHOLE.matcher(given).matches()) {
        return Optional.empty();
      }
      value = Long.toString(Long.parseLong(given));
    }
    return domain().contains(value) ? Optional.of(value) : Optional.empty();
  }

  private static boolean isWellFormed(ParameterType type, String value) {
    return switch (type) {
      case STRING ->
          !value.isEmpty()
              && value.length() <= ElementCompiler.MAX_LITERAL_CHARS
              && value.chars().noneMatch(Character::isISOControl);
      case INT ->
          WHOLE.matcher(value).matches()
              && Math.abs(Long.parseLong(value)) <= MAX_MAGNITUDE
              && Long.toString(Long.parseLong(value)).equals(value);
    };
  }
}
