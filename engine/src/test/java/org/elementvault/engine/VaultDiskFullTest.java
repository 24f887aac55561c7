package org.elementvault.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.tenant.Tenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A full disk fails the write with {@code no space left on device} and what to free, and leaves
 * nothing of it behind. It needs a real small filesystem, which only root can mount, so it runs
 * when {@code -Devault.smallFilesystem=DIR} names an empty one (e.g. {@code mount -t tmpfs -o
 * size=8m tmpfs DIR}).
 */
@EnabledIfSystemProperty(named = "evault.smallFilesystem", matches = ".+")
class VaultDiskFullTest {

  private static final String CONTACT = "ops desk";

  private final Path root = Path.of(System.getProperty("evault.smallFilesystem", "."));
  private final Path vaultDir = root.resolve("vault");
  private final Path filler = root.resolve("filler");

  @Test
  void write_diskFull_failsWithNoSpaceAndLeavesNothingAfterSpaceReturns() throws IOException {
    String refused;
    try (Vault vault = TestingVaults.create(vaultDir, CipherSuite.INTL)) {
      fillDiskLeaving(64 * 1024);

      refused = applyUntilRefused(vault);
    }
    Files.delete(filler);

    try (Vault vault = TestingVaults.open(vaultDir)) {
      var unused = vault.tenants().apply(vault.admin(), "after", CONTACT, null);

      assertThat(vault.tenants().list(vault.admin()))
          .extracting(Tenant::name)
          .doesNotContain(refused)
          .contains("after");
      assertThat(vault.auditLog().verify(vault.admin(), Optional.empty()).ok()).isTrue();
    }
  }

  /** Applies tenants until the disk refuses one; asserts the refusal and returns its name. */
  private static String applyUntilRefused(Vault vault) {
    for (int i = 0; i < 100_000; i++) {
      String name = "t" + i;
      try {
        var unused = vault.tenants().apply(vault.admin(), name, CONTACT, null);
      } catch (VaultException e) {
        assertThat(e)
            .hasMessage(
                "no space left on device: free space under " + vault.directory() + " and retry")
            .extracting(VaultException::code)
            .isEqualTo(ErrorCode.RESOURCE_LIMIT);
        return name;
      }
    }
    throw new AssertionError("the disk never filled up");
  }

  private void fillDiskLeaving(long bytes) throws IOException {
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] block = new byte[4096];
      while (root.toFile().getUsableSpace() > bytes) {
        out.write(block);
      }
    }
  }
}
