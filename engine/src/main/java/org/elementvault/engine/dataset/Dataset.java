package org.elementvault.engine.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's dataset: its schema with the columns' classification, and its visible versions. Its
 * name, column names and statistics exist only in sealed metadata.
 *
 * @param id internal number; part of every chunk key
 * @param tenantId the owning tenant
 * @param name unique within the tenant
 * @param schema columns, classification, subject column, open category
 * @param createdAt when it was first imported
 * @param versions visible versions, oldest first
 */
public record Dataset(
    long id,
    long tenantId,
    String name,
    Schema schema,
    Instant createdAt,
    List<DatasetVersion> versions) {

  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(createdAt, "createdAt");
    versions = List.copyOf(versions);
  }

  /** The newest version, if any. */
  public Optional<DatasetVersion> latest() {
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /** The version numbered {@code number}, if it is visible. */
  public Optional<DatasetVersion> version(int number) {
    return versions.stream().filter(v -> v.number() == number).findFirst();
  }

  /** The number the next imported version gets. */
  public int nextVersion() {
    return latest().map(v -> v.number() + 1).orElse(1);
  }

  /** Bytes stored by every version. */
  public long storedBytes() {
    return versions.stream().mapToLong(DatasetVersion::storedBytes).sum();
  }

  Dataset withVersion(DatasetVersion version) {
    List<DatasetVersion> all = new ArrayList<>(versions);
    all.add(version);
    return new Dataset(id, tenantId, name, schema, createdAt, all);
  }

  Dataset withSchema(Schema newSchema) {
    return new Dataset(id, tenantId, name, newSchema, createdAt, versions);
  }
}
