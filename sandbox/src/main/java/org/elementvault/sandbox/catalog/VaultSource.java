package org.elementvault.sandbox.catalog;

import java.util.List;
import java.util.Optional;
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
 * allocator} (a split scan's parts from children of it), whose limit bounds the job's memory for
 * batches.
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
      public int index() {
        return scan.index();
      }

      @Override
      public Optional<List<BatchStream>> split(int parts) {
        return Optional.of(scan.parts(parts).stream().map(VaultSource::stream).toList());
      }

      @Override
      public void close() {
        scan.close();
      }
    };
  }

  private static BatchStream stream(DatasetScan.Part part) {
    return new BatchStream() {
      @Override
      public boolean next() {
        return part.next();
      }

      @Override
      public VectorSchemaRoot batch() {
        return part.batch();
      }

      @Override
      public int index() {
        return part.index();
      }

      @Override
      public void close() {
        part.close();
      }
    };
  }
}
