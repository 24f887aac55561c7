package org.elementvault.server.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.elementvault.engine.budget.BudgetStatus;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A dataset as callers see it: its name, its schema with the columns' classification, and its
 * visible versions. No internal ids and no statistics derived from the data.
 *
 * @param name unique within its tenant
 * @param schema columns, classification, subject column, open category
 * @param versions visible versions, oldest first
 * @param budget its ε budget and what the current window has used, as {@code dataset describe}
 *     shows it; null without a budget and in every other operation's reply
 */
public record DatasetInfo(
    String name, Schema schema, List<VersionInfo> versions, @Nullable BudgetStatus budget) {

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

  /** Rows in the newest version, 0 without one. */
  public long latestRows() {
    return versions.isEmpty() ? 0 : versions.get(versions.size() - 1).rows();
  }

  /** Bytes stored by every version. */
  public long storedBytes() {
    return versions.stream().mapToLong(VersionInfo::storedBytes).sum();
  }
}
