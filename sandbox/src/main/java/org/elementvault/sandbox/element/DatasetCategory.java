package org.elementvault.sandbox.element;

import java.util.Objects;
import org.elementvault.engine.dataset.OpenCategory;

/**
 * A dataset behind an element, with the open category (开放类别) that gates who may use it.
 *
 * @param tenant the tenant that owns the dataset (the element's owner)
 * @param dataset the dataset's name
 * @param category how far it may be opened
 */
public record DatasetCategory(String tenant, String dataset, OpenCategory category) {

  public DatasetCategory {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(category, "category");
  }

  /** Whether this names the same dataset as {@code other}, whatever the categories. */
  public boolean isSameDataset(DatasetCategory other) {
    return tenant.equals(other.tenant) && dataset.equals(other.dataset);
  }

  /** {@code acme/residents}: the dataset's name qualified by its tenant's. */
  public String qualifiedName() {
    return tenant + "/" + dataset;
  }

  /** {@code dataset residents of tenant acme is CONDITIONAL (有条件开放)}: how refusals name it. */
  public String describe() {
    return "dataset "
        + dataset
        + " of tenant "
        + tenant
        + " is "
        + category
        + " ("
        + category.term()
        + ")";
  }
}
