package org.elementvault.sandbox.catalog;

import java.util.List;
import org.elementvault.engine.dataset.Dataset;

/** Opens the batches a query reads from one table: the vault's scan, or synthetic samples. */
@FunctionalInterface
public interface TableSource {

  /**
   * Streams {@code columns} of {@code dataset}'s latest version as the catalog saw it (not a
   * version imported since), in that order. The caller closes the stream.
   */
  BatchStream open(Dataset dataset, List<String> columns);
}
