package org.elementvault.engine.dataset;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.chunk.ChunkKeys;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.keys.KeyName;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.Tenants;

/**
 * The versions of one dataset's key, each unwrapped from the key directory the first time a chunk
 * needs it: a scan that started before a rotation still opens the chunks re-encrypted under the new
 * version meanwhile. Key bytes are wiped once the version's {@link Aead} is built. Thread-safe.
 */
final class DatasetKeyRing implements ChunkKeys {

  private final KeyDirectory keys;
  private final Tenants tenants;
  private final Primitives primitives;
  private final Tenant tenant;
  private final Dataset dataset;
  private final int sealingVersion;
  private final Map<Integer, Aead> unwrapped = new ConcurrentHashMap<>();

  /**
   * The dataset's key ring; new chunks are sealed under its newest version.
   *
   * @throws VaultException {@code INTEGRITY} if the dataset has no key
   */
  DatasetKeyRing(
      KeyDirectory keys, Tenants tenants, Primitives primitives, Tenant tenant, Dataset dataset) {
    this.keys = keys;
    this.tenants = tenants;
    this.primitives = primitives;
    this.tenant = tenant;
    this.dataset = dataset;
    this.sealingVersion =
        keys.versions(DatasetKeys.KIND, dataset.id()).stream()
            .reduce((older, newer) -> newer)
            .orElseThrow(
                () ->
                    new VaultException(
                        ErrorCode.INTEGRITY, "dataset " + dataset.name() + " has no key"));
  }

  @Override
  public int sealingVersion() {
    return sealingVersion;
  }

  @Override
  public Aead aead(int version) {
    return unwrapped.computeIfAbsent(version, this::unwrap);
  }

  private Aead unwrap(int version) {
    KeyName name = DatasetKeys.name(dataset.id(), version);
    if (!keys.contains(name.toString())) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "dataset " + dataset.name() + " has no key version " + version);
    }
    try {
      KeyMaterial key = tenants.unwrap(tenant, name.toString(), DatasetKeys.place(name));
      try {
        return primitives.aead(key);
      } finally {
        key.destroy();
      }
    } catch (CryptoException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY,
          "dataset " + dataset.name() + "'s key version " + version + " fails to unwrap",
          e);
    }
  }
}
