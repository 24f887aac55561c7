package org.elementvault.sandbox.product;

import java.util.List;
import java.util.Objects;
import org.elementvault.sandbox.element.DatasetCategory;

/**
 * A product as {@code product show} presents it: the stored product, the states of its elements
 * now, and the datasets behind them with their open categories (what the vault admin's review
 * weighs). Dataset names and categories only: never a column, a query or a value.
 *
 * @param product the product
 * @param elements its elements, in the order registered, with their states now
 * @param datasets the datasets behind its elements that still exist, with their categories now
 */
public record ProductView(
    Product product, List<ElementStatus> elements, List<DatasetCategory> datasets) {

  public ProductView {
    Objects.requireNonNull(product, "product");
    elements = List.copyOf(elements);
    datasets = List.copyOf(datasets);
  }
}
