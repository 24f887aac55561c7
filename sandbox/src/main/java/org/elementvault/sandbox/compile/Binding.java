package org.elementvault.sandbox.compile;

import java.util.Objects;

/**
 * The value a template parameter binds for one compilation, already checked against its domain. It
 * enters the query as a literal node of the parsed tree, never as text spliced into the SQL.
 *
 * @param value the value's text: a whole number's digits when {@code numeric}, else the text itself
 * @param numeric whether it binds as an exact number rather than a character string
 */
public record Binding(String value, boolean numeric) {

  public Binding {
    Objects.requireNonNull(value, "value");
    if (numeric && !value.matches("-?[0-9]{1,18}")) {
      throw new IllegalArgumentException("a numeric binding must be a whole number");
    }
  }
}
