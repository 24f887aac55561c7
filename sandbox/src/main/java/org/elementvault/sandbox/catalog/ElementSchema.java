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
  private final RunSlot slot;

  private ElementSchema(Map<String, Table> tables, RunSlot slot) {
    this.tables = tables;
    this.slot = slot;
  }

  /** A run's use of a catalog kept between runs; closing it frees the catalog for the next run. */
  public interface Attachment extends AutoCloseable {
    @Override
    void close();
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
    ElementSchema schema = forRuns(datasets, readable);
    // The catalog of one run, discarded with it: never detached.
    var unused = schema.attach(source, limits);
    return schema;
  }

  /**
   * Exposes {@code datasets} as {@link #of} does, for a catalog kept between runs: its tables read
   * nothing until a run {@linkplain #attach attaches} its source and limits.
   */
  public static ElementSchema forRuns(
      List<Dataset> datasets, @Nullable Map<String, Set<String>> readable) {
    RunSlot slot = new RunSlot();
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
      tables.put(dataset.name(), new VaultTable(dataset, columns, slot));
    }
    return new ElementSchema(Map.copyOf(tables), slot);
  }

  /**
   * Makes every table read from {@code source} under {@code limits} until the attachment is closed.
   *
   * @throws IllegalStateException if another run is attached: one run at a time
   */
  public Attachment attach(TableSource source, JobLimits limits) {
    RunSlot.Run run = new RunSlot.Run(source, limits);
    slot.attach(run);
    return () -> slot.detach(run);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
