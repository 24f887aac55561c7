package org.elementvault.engine.tenant;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;

/**
 * Seals values of the modules above the engine (trained models) under their tenant's sealing key
 * ({@link Tenants#key}), bound to the vault, the tenant, a kind and an id: a sealed value moved to
 * another place, tenant or vault fails to open, a rotation of the tenant key leaves it readable
 * (the sealing key is rewrapped, not replaced), and exiting the tenant shreds it with the tenant's
 * keys. The caller stores the sealed bytes (typically inside a {@link
 * org.elementvault.engine.seal.Records} record, so the value is sealed twice: under the master key
 * as metadata, under the tenant key as tenant data).
 *
 * <p>Thread-safe; key bytes are wiped after each call.
 */
public final class TenantSealer {

  private final Tenants tenants;
  private final Primitives primitives;
  private final String vaultId;

  public TenantSealer(Tenants tenants, Primitives primitives, String vaultId) {
    this.tenants = tenants;
    this.primitives = primitives;
    this.vaultId = vaultId;
  }

  /** {@code plaintext} sealed under {@code tenant}'s key for the place {@code kind}/{@code id}. */
  public byte[] seal(Tenant tenant, String kind, long id, byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    KeyMaterial key = tenants.key(tenant);
    try {
      return primitives.aead(key).seal(plaintext, place(tenant, kind, id));
    } finally {
      key.destroy();
    }
  }

  /**
   * The plaintext of a value {@link #seal} sealed for the same tenant and place.
   *
   * @throws VaultException {@code INTEGRITY} if it was changed, moved or sealed elsewhere
   */
  public byte[] open(Tenant tenant, String kind, long id, byte[] sealed) {
    Objects.requireNonNull(sealed, "sealed");
    KeyMaterial key = tenants.key(tenant);
    try {
      return primitives.aead(key).open(sealed, place(tenant, kind, id));
    } catch (CryptoException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "sealed " + kind + " " + id + " fails its integrity check", e);
    } finally {
      key.destroy();
    }
  }

  /** Distinct from the results' and the key-wrapping contexts, so the key's uses never overlap. */
  private byte[] place(Tenant tenant, String kind, long id) {
    if (!Names.isValid(kind)) {
      throw new IllegalArgumentException("kind must be a valid name");
    }
    return ("vault/" + vaultId + "/tenant/" + tenant.id() + "/sealed/" + kind + "/" + id)
        .getBytes(StandardCharsets.UTF_8);
  }
}
