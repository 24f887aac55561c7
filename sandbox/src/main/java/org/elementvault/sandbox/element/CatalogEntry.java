package org.elementvault.sandbox.element;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.elementvault.sandbox.protection.Protection;
import org.jspecify.annotations.Nullable;

/**
 * A published element as every tenant's principals see it in the catalog: what it is for and what
 * its result looks like. Deliberately without the query text, the datasets' contents or anything
 * about the columns it reads beyond their names and levels: those stay with the owning tenant.
 *
 * @param id the element's id
 * @param name its name
 * @param tenant the owning tenant
 * @param scenario where it is used
 * @param purpose what it is for
 * @param outputs the columns of its result
 * @param reads the columns it reads, by name and level
 * @param parameters its template parameters and their domains; empty if it has none
 * @param protection how its released aggregates are protected
 * @param epsilon dp only: the ε one run costs; null under noise
 * @param threshold k, the minimum number of distinct subjects behind every released group
 * @param publishedAt when its release review published it
 * @param validUntil when its approval ends
 */
public record CatalogEntry(
    String id,
    String name,
    String tenant,
    String scenario,
    String purpose,
    List<OutputColumn> outputs,
    List<ReadColumn> reads,
    List<Parameter> parameters,
    Protection.Mechanism protection,
    @Nullable BigDecimal epsilon,
    int threshold,
    Instant publishedAt,
    Instant validUntil) {

  public CatalogEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(purpose, "purpose");
    outputs = List.copyOf(outputs);
    reads = List.copyOf(reads);
    parameters = List.copyOf(parameters);
    Objects.requireNonNull(protection, "protection");
    Objects.requireNonNull(publishedAt, "publishedAt");
    Objects.requireNonNull(validUntil, "validUntil");
  }

  /** The catalog's view of a published element. */
  static CatalogEntry of(Element element) {
    ElementSpec spec = element.spec();
    return new CatalogEntry(
        element.id(),
        spec.name(),
        element.tenant(),
        spec.scenario(),
        spec.purpose(),
        element.assessment().outputs(),
        element.assessment().columns().stream()
            .map(c -> new ReadColumn(c.column(), c.level()))
            .toList(),
        spec.parameters(),
        spec.protection().mechanism(),
        spec.protection().epsilon(),
        spec.threshold(),
        Objects.requireNonNull(element.publishedAt()),
        Objects.requireNonNull(element.validUntil()));
  }
}
