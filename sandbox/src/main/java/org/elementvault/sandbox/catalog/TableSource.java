package org.elementvault.sandbox.catalog;

import java.util.List;

/** Opens the batches a query reads from one table: the vault's scan, or synthetic samples. */
@FunctionalInterface
public interface TableSource {

  /** Streams {@code columns} of {@code dataset}, in that order. The caller closes the stream. */
  BatchStream open(String dataset, List<String> columns);
}
