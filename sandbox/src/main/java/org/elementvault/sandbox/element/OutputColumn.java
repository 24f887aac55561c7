package org.elementvault.sandbox.element;

import java.util.Objects;

/**
 * One column an element's result has: what the catalog tells other tenants of its output.
 *
 * @param name the column's name in the result
 * @param type its SQL type name ({@code VARCHAR}, {@code BIGINT}, {@code DECIMAL}, …)
 */
public record OutputColumn(String name, String type) {

  public OutputColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
