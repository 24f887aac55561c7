package org.elementvault.server.api;

import java.util.Objects;
import org.elementvault.crypto.CipherSuite;
import org.jspecify.annotations.Nullable;

/**
 * What {@code evault status} shows of the vault that answered.
 *
 * @param vaultId the vault's id
 * @param suite the cipher suite chosen at {@code init}
 * @param logSize entries in the operation log; null for tenant-scoped callers, whose tenant's
 *     activity is all they may learn, and the log's growth would tell them of other tenants'
 */
public record VaultStatus(String vaultId, CipherSuite suite, @Nullable Long logSize) {

  public VaultStatus {
    Objects.requireNonNull(vaultId, "vaultId");
    Objects.requireNonNull(suite, "suite");
  }
}
