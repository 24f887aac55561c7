package org.elementvault.sandbox.product;

import java.util.List;
import java.util.Objects;

/**
 * A product registration as typed: {@code product register --name P --elements E1,E2 --purpose TEXT
 * --scope TEXT --from DATE --until DATE}. Checked by {@link Products#register}.
 */
public record ProductApplication(
    String name, List<String> elements, String purpose, String scope, String from, String until) {

  public ProductApplication {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    elements = List.copyOf(elements);
  }
}
