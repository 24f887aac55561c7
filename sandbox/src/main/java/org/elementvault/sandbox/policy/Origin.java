package org.elementvault.sandbox.policy;

import org.elementvault.engine.dataset.Column;

/**
 * A source column of a dataset: where a value in a query's plan comes from.
 *
 * @param dataset the dataset's name
 * @param column the column and its classification
 * @param subject whether it is the dataset's subject column
 */
public record Origin(String dataset, Column column, boolean subject) {

  /** {@code dataset.column}, as messages name it. */
  public String qualifiedName() {
    return dataset + "." + column.name();
  }

  /** {@code column residents.id_card (SENSITIVE, ID_CARD)}: how a problem names it. */
  public String describe() {
    return "column "
        + qualifiedName()
        + " ("
        + column.level()
        + (column.pii() == org.elementvault.engine.dataset.PiiType.NONE ? "" : ", " + column.pii())
        + ")";
  }

  boolean isText() {
    return column.type().kind() == org.elementvault.engine.dataset.ColumnType.Kind.STRING;
  }
}
