package org.elementvault.server.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.elementvault.engine.budget.BudgetStatus;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.OpenCategory;
import org.elementvault.engine.dataset.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A dataset as callers see it: its name, its schema with the columns' classification, and its
 * visible versions. No internal ids and no statistics derived from the data.
 *
 * <p>In JSON the schema is flat ({@code subject}, {@code openCategory}, {@code columns} beside
 * {@code name}), with the newest version's {@code rows} and every version's {@code storedBytes}
 * added for scripts; those two are derived again when read back.
 *
 * @param name unique within its tenant
 * @param schema columns, classification, subject column, open category
 * @param versions visible versions, oldest first
 * @param budget its ε budget and what the current window has used, as {@code dataset describe}
 *     shows it; null without a budget and in every other operation's reply
 */
@JsonPropertyOrder({
  "name",
  "rows",
  "storedBytes",
  "subject",
  "openCategory",
  "columns",
  "versions",
  "budget"
})
public record DatasetInfo(
    String name,
    @JsonIgnore Schema schema,
    List<VersionInfo> versions,
    @Nullable BudgetStatus budget) {

  public DatasetInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
    versions = List.copyOf(versions);
  }

  /** The caller's view of {@code dataset}, without its budget. */
  public static DatasetInfo of(Dataset dataset) {
    return of(dataset, Optional.empty());
  }

  /** The caller's view of {@code dataset} with its {@code budget}, if it has one. */
  public static DatasetInfo of(Dataset dataset, Optional<BudgetStatus> budget) {
    return new DatasetInfo(
        dataset.name(),
        dataset.schema(),
        dataset.versions().stream().map(VersionInfo::of).toList(),
        budget.orElse(null));
  }

  /** Reads the flat JSON form; {@code rows} and {@code storedBytes} are derived, not read. */
  @JsonCreator
  static DatasetInfo fromJson(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "subject", required = true) String subject,
      @JsonProperty(value = "openCategory", required = true) OpenCategory openCategory,
      @JsonProperty(value = "columns", required = true) List<Column> columns,
      @JsonProperty(value = "versions", required = true) List<VersionInfo> versions,
      @JsonProperty("budget") @Nullable BudgetStatus budget,
      @JsonProperty("rows") long unusedRows,
      @JsonProperty("storedBytes") long unusedStoredBytes) {
    return new DatasetInfo(name, new Schema(subject, openCategory, columns), versions, budget);
  }

  /** Rows in the newest version, 0 without one. */
  @JsonProperty("rows")
  public long latestRows() {
    return versions.isEmpty() ? 0 : versions.get(versions.size() - 1).rows();
  }

  /** Bytes stored by every version. */
  @JsonProperty("storedBytes")
  public long storedBytes() {
    return versions.stream().mapToLong(VersionInfo::storedBytes).sum();
  }

  @JsonProperty("subject")
  String subject() {
    return schema.subject();
  }

  @JsonProperty("openCategory")
  OpenCategory openCategory() {
    return schema.openCategory();
  }

  @JsonProperty("columns")
  List<Column> columns() {
    return schema.columns();
  }
}
