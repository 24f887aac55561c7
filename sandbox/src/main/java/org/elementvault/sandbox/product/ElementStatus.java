package org.elementvault.sandbox.product;

import java.util.Objects;

/**
 * An element a product lists, with where it stands now: a product's consumers see at once when an
 * element they use is suspended, retired or expired.
 *
 * @param element the element as the product lists it
 * @param state its state ({@code PUBLISHED}, {@code SUSPENDED}, …), or {@code GONE} when its owner
 *     no longer exists
 */
public record ElementStatus(ProductElement element, String state) {

  /** The state of an element whose owner tenant was destroyed. */
  static final String GONE = "GONE";

  public ElementStatus {
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(state, "state");
  }
}
