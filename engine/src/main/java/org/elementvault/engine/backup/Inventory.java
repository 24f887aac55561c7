package org.elementvault.engine.backup;

import java.util.List;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.DatasetVersion;

/**
 * What a vault holds, counted the same way in a live vault and a restored one so a drill can
 * compare them.
 *
 * @param datasets datasets of every tenant
 * @param versions their visible versions
 * @param rows rows over every visible version
 */
public record Inventory(long datasets, long versions, long rows) {

  public Inventory {
    if (datasets < 0 || versions < 0 || rows < 0) {
      throw new IllegalArgumentException("counts must be at least 0");
    }
  }

  /** The inventory of {@code all}, every dataset of a vault. */
  public static Inventory of(List<Dataset> all) {
    long versions = 0;
    long rows = 0;
    for (Dataset dataset : all) {
      versions += dataset.versions().size();
      rows += dataset.versions().stream().mapToLong(DatasetVersion::rows).sum();
    }
    return new Inventory(all.size(), versions, rows);
  }
}
