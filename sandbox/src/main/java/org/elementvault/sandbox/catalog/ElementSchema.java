package org.elementvault.sandbox.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.sandbox.exec.JobLimits;
import org.jspecify.annotations.Nullable;

/**
 * The catalog one element query is validated against: only the datasets its spec names, and of
 * those only the columns it may read (least privilege). Nothing else exists for the query: no other
 * tenant's data, no metadata schemas.
 */
public final class ElementSchema extends AbstractSchema {

  private final Map<String, Table> tables;

  private ElementSchema(Map<String, Table> tables) {
    this.tables = tables;
  }

  /**
   * Exposes {@code datasets} with only the columns in {@code readable} (by dataset name) plus each
   * dataset's subject column, which the threshold counts; with every column if {@code readable} is
   * null (to assess a query before its columns are known).
   */
  public static ElementSchema of(
      List<Dataset> datasets,
      @Nullable Map<String, Set<String>> readable,
      TableSource source,
      JobLimits limits) {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (Dataset dataset : datasets) {
      Set<String> allowed =
          readable == null ? null : readable.getOrDefault(dataset.name(), Set.of());
      List<Column> columns =
          dataset.schema().columns().stream()
              .filter(
                  c ->
                      allowed == null
                          || allowed.contains(c.name())
                          || dataset.schema().isSubject(c))
              .toList();
      tables.put(dataset.name(), new VaultTable(dataset, columns, source, limits));
    }
    return new ElementSchema(Map.copyOf(tables));
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
