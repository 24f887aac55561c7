package org.elementvault.sandbox;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQueryBase;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.sandbox.catalog.ElementSchema;
import org.elementvault.sandbox.compile.Binding;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.compile.ElementCompiler;
import org.elementvault.sandbox.element.Assessment;
import org.elementvault.sandbox.element.ColumnUse;
import org.elementvault.sandbox.element.Element;
import org.jspecify.annotations.Nullable;

/**
 * The parsed, validated, planned and policy-checked compilations of element runs, kept between runs
 * so that a warm run of the same element skips those steps (issue 14's fixed cost).
 *
 * <p><b>What a kept compilation is valid for.</b> It is found by tenant, element and parameter
 * values, and reused only if it was compiled against the same {@link Basis}: the element as it
 * stands now (spec, assessment, state, validity) and the datasets as the run just described them
 * (schema and classification of every column, subject, versions). Any difference — a column
 * reclassified, a version imported, a dataset dropped (its metadata can no longer be described) or
 * re-created (a new id), an element suspended, resumed or published — compiles and checks the query
 * again. Everything else a run depends on is not here and is checked on every run by its caller:
 * the element's state and expiry, the tenant's state, quotas and threshold floor, budgets.
 *
 * <p><b>What it never holds.</b> Results, rows or anything read from a dataset: a compilation holds
 * only the plan, the policy report, a catalog of metadata, attached to one run's source and limits
 * at a time ({@link ElementSchema#attach}), and once it has run, its release prepared for the
 * element's k (the noise rules' verdict, the threshold rewrite, and the last step's generated code,
 * which takes each run's protected groups as an argument and keeps none). Tenants never share an
 * entry.
 *
 * <p>Thread-safe. A run {@linkplain #lease leases} its compilation exclusively: a second run of the
 * same element meanwhile compiles its own, and of the two the first returned is kept.
 */
final class CheckedPlans {

  /** The most compilations kept; the least recently used goes first. */
  static final int MAX_PLANS = 256;

  /** Which element run a compilation serves. */
  private record Key(long tenantId, String elementId, Map<String, Binding> bindings) {
    Key {
      Objects.requireNonNull(elementId, "elementId");
      bindings = Map.copyOf(bindings);
    }
  }

  /** What a compilation was checked against: reused only for an equal basis. */
  private record Basis(Element element, List<Dataset> datasets) {
    Basis {
      Objects.requireNonNull(element, "element");
      datasets = List.copyOf(datasets);
    }
  }

  private record Kept(Basis basis, ElementSchema catalog, Compilation compilation) {}

  private final Map<Key, Kept> idle =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Kept> eldest) {
          if (size() <= MAX_PLANS) {
            return false;
          }
          eldest.getValue().compilation().close();
          return true;
        }
      };

  /**
   * The compilation of {@code element}'s query with {@code bindings} over {@code datasets}: the
   * kept one if it was checked against this very element and these very datasets, else a new one.
   * The caller attaches its run to {@link Lease#catalog()} and closes the lease after the run.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} if the query does not compile
   */
  Lease lease(Element element, List<Dataset> datasets, Map<String, Binding> bindings) {
    Key key = new Key(element.tenantId(), element.id(), bindings);
    Basis basis = new Basis(element, datasets);
    Kept found;
    synchronized (idle) {
      found = idle.remove(key);
    }
    if (found != null && found.basis().equals(basis)) {
      // Calcite finds its metadata handlers per thread; a server runs each job on a pool thread
      // that may never have compiled one.
      RelOptCluster cluster = found.compilation().plan().getCluster();
      RelMetadataQueryBase.THREAD_PROVIDERS.set(
          JaninoRelMetadataProvider.of(cluster.getMetadataProvider()));
      cluster.invalidateMetadataQuery();
      return new Lease(key, found);
    }
    if (found != null) {
      found.compilation().close();
    }
    ElementSchema catalog = ElementSchema.forRuns(datasets, readable(element.assessment()));
    Compilation compilation = ElementCompiler.compile(element.spec().query(), bindings, catalog);
    return new Lease(key, new Kept(basis, catalog, compilation));
  }

  /** How many compilations are kept now. */
  int size() {
    synchronized (idle) {
      return idle.size();
    }
  }

  /** One run's exclusive use of a compilation; closing it keeps the compilation for later runs. */
  final class Lease implements AutoCloseable {
    private final Key key;
    private final Kept kept;

    private Lease(Key key, Kept kept) {
      this.key = key;
      this.kept = kept;
    }

    /** The catalog the compilation's tables live in, for the run to attach to. */
    ElementSchema catalog() {
      return kept.catalog();
    }

    /** The compiled and checked query. */
    Compilation compilation() {
      return kept.compilation();
    }

    @Override
    public void close() {
      // Statistics Calcite memoised for the run's rewritten plans: the next run makes its own.
      kept.compilation().plan().getCluster().invalidateMetadataQuery();
      @Nullable Kept present;
      synchronized (idle) {
        present = idle.putIfAbsent(key, kept);
      }
      if (present != null) {
        kept.compilation().close();
      }
    }
  }

  /** The columns each dataset exposes to a run: those the assessment lists. */
  private static Map<String, Set<String>> readable(Assessment assessment) {
    Map<String, Set<String>> readable = new HashMap<>();
    for (ColumnUse column : assessment.columns()) {
      readable.computeIfAbsent(column.dataset(), d -> new LinkedHashSet<>()).add(column.column());
    }
    return readable;
  }
}
