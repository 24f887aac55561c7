package org.elementvault.sandbox.catalog;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.elementvault.sandbox.exec.JobLimits;
import org.jspecify.annotations.Nullable;

/**
 * The one run a catalog's tables serve at a time: where their batches come from and the limits
 * their scans count against. A catalog kept between runs (a cached, checked plan) is attached to
 * each run in turn, never to two at once, so a run never reads through another run's source.
 */
final class RunSlot {

  /** What one run reads through. */
  record Run(TableSource source, JobLimits limits) {
    Run {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(limits, "limits");
    }
  }

  private final AtomicReference<@Nullable Run> current = new AtomicReference<>();

  /** The attached run. */
  Run current() {
    Run run = current.get();
    if (run == null) {
      throw new IllegalStateException("a table of the element's catalog was read outside a run");
    }
    return run;
  }

  /** Attaches {@code run}; throws if another run is attached. */
  void attach(Run run) {
    if (!current.compareAndSet(null, run)) {
      throw new IllegalStateException("the element's catalog already serves a run");
    }
  }

  /** Detaches {@code run} if it is the attached one. */
  void detach(Run run) {
    var unused = current.compareAndSet(run, null);
  }
}
