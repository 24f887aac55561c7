package org.elementvault.engine.dataset;

import java.util.List;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.keys.KeyName;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.Tenants;

/**
 * The datasets' keys in the key directory: each dataset has one key per version, wrapped under (a
 * version of) its tenant's key for a place that names the dataset and the version, so a key file
 * renamed to another dataset or version fails to unwrap. The newest version seals new chunks; more
 * than one version exists only while a rotation re-encrypts the chunks the older ones sealed.
 * Thread-safe as far as {@link KeyDirectory} is.
 */
final class DatasetKeys {

  /** The kind of dataset key names ({@code dataset-7}, {@code dataset-7-v2}). */
  static final String KIND = "dataset";

  private final KeyDirectory keys;
  private final Tenants tenants;
  private final Primitives primitives;

  DatasetKeys(KeyDirectory keys, Tenants tenants, Primitives primitives) {
    this.keys = keys;
    this.tenants = tenants;
    this.primitives = primitives;
  }

  static KeyName name(long datasetId, int version) {
    return new KeyName(KIND, datasetId, version);
  }

  /** Version 1 keeps the place it had before versions existed, so its wrapping still opens. */
  static String place(KeyName name) {
    return "dataset/" + name.number() + (name.version() == 1 ? "" : "/v" + name.version());
  }

  /** Creates version 1 of a new dataset's key. */
  void create(Tenant tenant, long datasetId) {
    write(tenant, name(datasetId, 1));
  }

  /**
   * Creates the next version of the dataset's key, one above the newest stored, and returns it.
   * Versions only grow: the newest is destroyed only with the dataset.
   */
  int addVersion(Tenant tenant, long datasetId) {
    int next = newest(datasetId) + 1;
    write(tenant, name(datasetId, next));
    return next;
  }

  /** The versions stored, oldest first; empty for a dataset without a key. */
  List<Integer> versions(long datasetId) {
    return keys.versions(KIND, datasetId);
  }

  /** The newest version stored, or 0 if there is none. */
  int newest(long datasetId) {
    List<Integer> versions = versions(datasetId);
    return versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
  }

  /** The dataset's key ring for sealing and opening its chunks. */
  DatasetKeyRing ring(Tenant tenant, Dataset dataset) {
    return new DatasetKeyRing(keys, tenants, primitives, tenant, dataset);
  }

  /** Crypto-shreds every version older than {@code version}, with its backup shield. */
  void shredOlderThan(long datasetId, int version) {
    for (int older : versions(datasetId)) {
      if (older < version) {
        keys.shred(name(datasetId, older).toString());
      }
    }
  }

  /** Crypto-shreds every version of the dataset's key, with its backup shields. */
  void shredAll(long datasetId) {
    shredOlderThan(datasetId, Integer.MAX_VALUE);
  }

  /** The ids of the datasets with at least one key version stored, in no order. */
  List<Long> datasetIds() {
    return keys.names(KIND).stream()
        .map(name -> KeyName.parse(name).orElseThrow().number())
        .distinct()
        .toList();
  }

  /**
   * Rewraps every version of the dataset's key under the newest version of its tenant's key.
   *
   * @return how many versions were rewrapped (those already under it are not)
   */
  long rewrap(Tenant tenant, long datasetId) {
    long rewrapped = 0;
    for (int version : versions(datasetId)) {
      KeyName name = name(datasetId, version);
      if (tenants.rewrap(tenant, name.toString(), place(name))) {
        rewrapped++;
      }
    }
    return rewrapped;
  }

  private void write(Tenant tenant, KeyName name) {
    KeyMaterial key = primitives.newKey();
    try {
      keys.write(name.toString(), tenants.wrap(tenant, key, place(name)));
    } finally {
      key.destroy();
    }
  }
}
