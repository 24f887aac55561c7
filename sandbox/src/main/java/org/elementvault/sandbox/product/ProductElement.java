package org.elementvault.sandbox.product;

import java.util.Objects;

/**
 * A published element a product uses, as its registration certificate names it.
 *
 * @param id the element's id ({@code e7})
 * @param name the element's name
 * @param ownerTenant the tenant that owns the element and its data
 */
public record ProductElement(String id, String name, String ownerTenant) {

  public ProductElement {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ownerTenant, "ownerTenant");
  }
}
