package org.elementvault.sandbox.catalog;

import java.util.List;
import java.util.OptionalInt;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.DatasetScan;

/**
 * Reads the caller's datasets, at the version the catalog saw, through the vault's scan, which
 * authorizes, logs, decrypts and enforces the tenant's rows-per-job quota; vectors come from {@code
 * allocator}, whose limit bounds the job's memory for batches.
 */
public record VaultSource(Vault vault, Principal caller, BufferAllocator allocator)
    implements TableSource {

  @Override
  public BatchStream open(Dataset dataset, List<String> columns) {
    OptionalInt version =
        dataset.latest().map(v -> OptionalInt.of(v.number())).orElse(OptionalInt.empty());
    DatasetScan scan =
        vault.datasets().scan(caller, null, dataset.name(), version, columns, List.of(), allocator);
    return new BatchStream() {
      @Override
      public boolean next() {
        return scan.next();
      }

      @Override
      public VectorSchemaRoot batch() {
        return scan.batch();
      }

      @Override
      public void close() {
        scan.close();
      }
    };
  }
}
