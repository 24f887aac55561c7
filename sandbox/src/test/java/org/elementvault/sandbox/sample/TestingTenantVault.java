package org.elementvault.sandbox.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Datasets;

/** A real vault with one approved tenant, {@code acme}, whose tenant admin imports datasets. */
final class TestingTenantVault implements AutoCloseable {

  private final Vault vault;
  private final Principal tenantAdmin;

  TestingTenantVault(Path directory) {
    vault = TestingVaults.create(directory.resolve("vault"), CipherSuite.INTL);
    Principal admin = vault.admin();
    var unused = vault.tenants().apply(admin, "acme", "ops", null);
    unused = vault.tenants().review(admin, "acme", true, "ok");
    tenantAdmin = vault.addUser(admin, "alice", Role.TENANT_ADMIN, "acme", null).principal();
  }

  /** Imports {@code file} as a new version of {@code name}; returns the dataset's record. */
  Dataset importFile(String name, Path file, String schemaYaml) throws IOException {
    var unused =
        vault
            .datasets()
            .importFile(
                tenantAdmin,
                null,
                name,
                file,
                schemaYaml.getBytes(StandardCharsets.UTF_8),
                Datasets.Progress.NONE);
    return vault.datasets().describe(tenantAdmin, null, name);
  }

  @Override
  public void close() {
    vault.close();
  }
}
