package org.elementvault.engine.tenant;

import java.util.List;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyHierarchy;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.crypto.WrappedKey;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.keys.KeyName;

/**
 * A tenant's keys in the key directory. The tenant key ({@code tenant-7}, {@code tenant-7-v2}, …)
 * is a key-encryption key, wrapped under the master key, that wraps only other key files: the
 * tenant's dataset keys and its sealing key ({@code sealing-7}), which seals the tenant's results,
 * release ledger and models. A rotation adds a tenant key version, rewraps those files under it and
 * destroys the older versions; the sealing key itself stays, so nothing sealed under it needs
 * rewriting and its pseudonyms stay stable. While more than one version exists, a file may be
 * wrapped under any of them, so unwrapping tries each, newest first (a wrong key fails its
 * authentication, never yields a wrong key). Thread-safe as far as {@link KeyDirectory} is.
 */
final class TenantKeys {

  private static final String KIND = "tenant";
  private static final String SEALING_KIND = "sealing";

  private final KeyDirectory keys;
  private final KeyHierarchy master;
  private final Primitives primitives;

  TenantKeys(KeyDirectory keys, KeyHierarchy master, Primitives primitives) {
    this.keys = keys;
    this.master = master;
    this.primitives = primitives;
  }

  static KeyName name(long tenantId, int version) {
    return new KeyName(KIND, tenantId, version);
  }

  /** Version 1 keeps the place it had before versions existed, so its wrapping still opens. */
  private static String place(KeyName name) {
    return "tenant/" + name.number() + (name.version() == 1 ? "" : "/v" + name.version());
  }

  private static String sealingName(long tenantId) {
    return KeyName.first(SEALING_KIND, tenantId).toString();
  }

  private static String sealingPlace(long tenantId) {
    return "sealing/" + tenantId;
  }

  /** Creates version 1 of a new tenant's key and, wrapped under it, the tenant's sealing key. */
  void create(long tenantId) {
    write(name(tenantId, 1));
    KeyMaterial sealing = primitives.newKey();
    try {
      keys.write(sealingName(tenantId), wrap(tenantId, sealing, sealingPlace(tenantId)));
    } finally {
      sealing.destroy();
    }
  }

  /** Creates the next tenant key version, one above the newest stored, and returns it. */
  int addVersion(long tenantId) {
    adoptLegacySealingKey(tenantId);
    int next = newest(tenantId) + 1;
    write(name(tenantId, next));
    return next;
  }

  /** The tenant key versions stored, oldest first; more than one while a rotation is pending. */
  List<Integer> versions(long tenantId) {
    return keys.versions(KIND, tenantId);
  }

  /** Whether any key of the tenant is still stored. */
  boolean hasAny(long tenantId) {
    return !versions(tenantId).isEmpty() || keys.contains(sealingName(tenantId));
  }

  /** {@code key} wrapped for {@code place} under the newest tenant key version. */
  WrappedKey wrap(long tenantId, KeyMaterial key, String place) {
    KeyMaterial parent = unwrapVersion(tenantId, newest(tenantId));
    try {
      return KeyHierarchy.of(primitives, parent).wrap(key, place);
    } finally {
      parent.destroy();
    }
  }

  /**
   * The key stored under {@code name}, wrapped for {@code place} under one of the tenant key's
   * versions. The file is read a second time if no version opens it: a rotation may have rewrapped
   * it and destroyed the version it was read under in between.
   *
   * @throws CryptoException if no version opens it
   */
  KeyMaterial unwrap(long tenantId, String name, String place) throws CryptoException {
    try {
      return unwrapAny(tenantId, read(name), place);
    } catch (CryptoException e) {
      return unwrapAny(tenantId, read(name), place);
    }
  }

  /** The tenant's sealing key. */
  KeyMaterial sealingKey(long tenantId) throws CryptoException {
    adoptLegacySealingKey(tenantId);
    return unwrap(tenantId, sealingName(tenantId), sealingPlace(tenantId));
  }

  /**
   * A vault made before sealing keys sealed the tenant's results, ledger and models under version 1
   * of the tenant key itself: that key becomes the sealing key, wrapped under the newest version,
   * so that everything it sealed still opens and a rotation does not shred it. Does nothing when
   * the sealing key exists or the tenant has no key.
   */
  private void adoptLegacySealingKey(long tenantId) {
    List<Integer> versions = versions(tenantId);
    if (keys.contains(sealingName(tenantId)) || versions.isEmpty() || versions.get(0) != 1) {
      return;
    }
    KeyMaterial legacy = unwrapVersion(tenantId, 1);
    try {
      keys.write(sealingName(tenantId), wrap(tenantId, legacy, sealingPlace(tenantId)));
    } finally {
      legacy.destroy();
    }
  }

  /**
   * Rewraps the key stored under {@code name} (wrapped for {@code place}) under the newest tenant
   * key version, unless it is already; a file that is gone (its dataset dropped) is skipped.
   *
   * @return whether it was rewrapped
   */
  boolean rewrap(long tenantId, String name, String place) {
    List<Integer> versions = versions(tenantId);
    if (!keys.contains(name) || versions.isEmpty()) {
      return false;
    }
    WrappedKey wrapped = read(name);
    KeyHierarchy newest = hierarchy(tenantId, versions.get(versions.size() - 1));
    try {
      newest.unwrap(wrapped, place).destroy();
      return false;
    } catch (CryptoException e) {
      // Wrapped under an older version: rewrap it below.
    }
    for (int i = versions.size() - 2; i >= 0; i--) {
      try {
        keys.rewrap(name, hierarchy(tenantId, versions.get(i)).rewrap(wrapped, place, newest));
        return true;
      } catch (CryptoException e) {
        // Not this version either: try the next older one.
      }
    }
    throw new VaultException(
        ErrorCode.INTEGRITY, "key " + name + " opens under no version of its tenant's key");
  }

  /** Rewraps the sealing key under the newest tenant key version; returns whether it was. */
  boolean rewrapSealingKey(long tenantId) {
    return rewrap(tenantId, sealingName(tenantId), sealingPlace(tenantId));
  }

  /**
   * Crypto-shreds every tenant key version older than the newest, with its backup shield. The
   * caller has rewrapped every file wrapped under them first.
   */
  void shredOlderVersions(long tenantId) {
    List<Integer> versions = versions(tenantId);
    for (int version : versions.subList(0, Math.max(0, versions.size() - 1))) {
      keys.shred(name(tenantId, version).toString());
    }
  }

  /** Crypto-shreds every version of the tenant key and the sealing key, with their shields. */
  void shredAll(long tenantId) {
    for (int version : versions(tenantId)) {
      keys.shred(name(tenantId, version).toString());
    }
    keys.shred(sealingName(tenantId));
  }

  private int newest(long tenantId) {
    List<Integer> versions = versions(tenantId);
    return versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
  }

  private void write(KeyName name) {
    KeyMaterial key = primitives.newKey();
    try {
      keys.write(name.toString(), master.wrap(key, place(name)));
    } finally {
      key.destroy();
    }
  }

  private KeyMaterial unwrapAny(long tenantId, WrappedKey wrapped, String place)
      throws CryptoException {
    List<Integer> versions = versions(tenantId);
    CryptoException last = new CryptoException("tenant " + tenantId + " has no key");
    for (int i = versions.size() - 1; i >= 0; i--) {
      // A version destroyed since the listing is skipped: what it wrapped is rewrapped by now.
      if (!keys.contains(name(tenantId, versions.get(i)).toString())) {
        continue;
      }
      try {
        return hierarchy(tenantId, versions.get(i)).unwrap(wrapped, place);
      } catch (CryptoException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The hierarchy below one tenant key version; its key bytes live on only inside the AEAD. */
  private KeyHierarchy hierarchy(long tenantId, int version) {
    KeyMaterial parent = unwrapVersion(tenantId, version);
    try {
      return KeyHierarchy.of(primitives, parent);
    } finally {
      parent.destroy();
    }
  }

  private KeyMaterial unwrapVersion(long tenantId, int version) {
    KeyName name = name(tenantId, version);
    try {
      return master.unwrap(read(name.toString()), place(name));
    } catch (CryptoException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY,
          "tenant " + tenantId + "'s key version " + version + " fails to unwrap",
          e);
    }
  }

  private WrappedKey read(String name) {
    return keys.read(name)
        .orElseThrow(() -> new VaultException(ErrorCode.INTEGRITY, "key " + name + " is missing"));
  }
}
