package org.elementvault.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.kdf.Argon2Params;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.chunk.ChunkCacheBudget;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.tenant.Quotas;

/**
 * A fresh vault with one approved tenant, {@code acme}, whose quotas are raised far above any
 * benchmark's data, and its tenant admin {@code alice}: the fixture of the dataset benchmarks. The
 * key-file unlock and the test-only Argon2id cost keep creating it well under a second, so it can
 * be made anew for each single-shot iteration.
 *
 * @param directory the vault's directory, removed by {@link #close()}
 * @param vault the open vault
 * @param tenantAdmin {@code alice}, tenant admin of {@code acme}
 */
record BenchVaults(Path directory, Vault vault, Principal tenantAdmin) implements AutoCloseable {

  /** The tenant every dataset benchmark imports into. */
  static final String TENANT = "acme";

  /** Creates the vault in a new directory under {@code parent}, with the default chunk cache. */
  static BenchVaults create(Path parent, CipherSuite suite) throws IOException {
    return create(parent, suite, ChunkCacheBudget.DEFAULT);
  }

  /**
   * Creates the vault in a new directory under {@code parent}, with a chunk cache of {@code cache}.
   */
  static BenchVaults create(Path parent, CipherSuite suite, ChunkCacheBudget cache)
      throws IOException {
    Path directory = Files.createTempDirectory(parent, "evault-dataset-bench");
    SecureRandom random = new SecureRandom();
    byte[] keyFile = new byte[KeyMaterial.LENGTH];
    random.nextBytes(keyFile);
    Unlock unlock = Unlock.keyFile(keyFile);
    Arrays.fill(keyFile, (byte) 0);
    Vault vault;
    try {
      vault =
          Vault.init(
              directory.resolve("vault"),
              suite,
              unlock,
              new VaultOptions(
                  Clock.systemUTC(),
                  random,
                  Argon2Params.TESTING_ONLY_INSECURE,
                  Argon2Params.TESTING_ONLY_INSECURE,
                  cache));
    } finally {
      unlock.destroy();
    }
    Principal admin = vault.admin();
    var unused = vault.tenants().apply(admin, TENANT, "ops", null);
    unused = vault.tenants().review(admin, TENANT, true, "benchmark");
    unused =
        vault
            .tenants()
            .setQuotas(
                admin, TENANT, new Quotas(1L << 40, 4, 1L << 40, Quotas.DEFAULT_MIN_THRESHOLD));
    Principal alice = vault.addUser(admin, "alice", Role.TENANT_ADMIN, TENANT, null).principal();
    return new BenchVaults(directory, vault, alice);
  }

  /** Imports {@code file} as dataset {@code name} of {@code acme}, as its tenant admin. */
  void importDataset(String name, Path file, String schemaYaml) {
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
  }

  /** Adds {@code dev}, a developer of {@code acme}. */
  Principal addDeveloper() {
    return vault.addUser(vault.admin(), "dev", Role.DEVELOPER, TENANT, null).principal();
  }

  /** {@code /dev/shm} where it exists, so that a setup's writes do not wait on the disk. */
  static Path memoryBackedTemp() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** Closes the vault and deletes its directory. */
  @Override
  public void close() throws IOException {
    vault.close();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
