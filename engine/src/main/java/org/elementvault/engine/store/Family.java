package org.elementvault.engine.store;

import java.nio.charset.StandardCharsets;

/** The vault's RocksDB column families. Keys hold only ids and big-endian numbers. */
public enum Family {
  /** kind/id → sealed JSON metadata (tenants, principals, datasets, elements, jobs). */
  META("meta"),
  /** tenant/dataset/version/batch/column → sealed, compressed Arrow IPC of one column chunk. */
  DATA("data"),
  /** job id → sealed result batches with an expiry. */
  RESULTS("results"),
  /** big-endian sequence number → operation-log entry. */
  OPLOG("oplog");

  private final String familyName;

  Family(String familyName) {
    this.familyName = familyName;
  }

  byte[] nameBytes() {
    return familyName.getBytes(StandardCharsets.US_ASCII);
  }
}
