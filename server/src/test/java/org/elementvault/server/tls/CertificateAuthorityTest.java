package org.elementvault.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

  @Test
  void identityFor_secondStart_reusesCaAndServerCertificate(@TempDir Path directory) {
    try (Vault vault = TestingVaults.create(directory.resolve("v"), CipherSuite.INTL)) {
      CertificateAuthority ca =
          new CertificateAuthority(vault, Clock.systemUTC(), new SecureRandom());

      ServerIdentity first = ca.identityFor("127.0.0.1");
      ServerIdentity second = ca.identityFor("localhost");

      assertThat(second.caFingerprint()).isEqualTo(first.caFingerprint());
      assertThat(second.chain().get(0)).isEqualTo(first.chain().get(0));
      assertThat(first.caPem()).isEqualTo(vault.directory().resolve("tls/ca.pem"));
    }
  }

  @Test
  void identityFor_newHost_reissuesServerCertificateFromTheSameCa(@TempDir Path directory)
      throws Exception {
    try (Vault vault = TestingVaults.create(directory.resolve("v"), CipherSuite.INTL)) {
      CertificateAuthority ca =
          new CertificateAuthority(vault, Clock.systemUTC(), new SecureRandom());
      ServerIdentity first = ca.identityFor("127.0.0.1");

      ServerIdentity other = ca.identityFor("vault.example.org");
      X509Certificate leaf = other.chain().get(0);

      assertThat(other.caFingerprint()).isEqualTo(first.caFingerprint());
      leaf.verify(other.chain().get(1).getPublicKey());
      assertThat(leaf.getSubjectAlternativeNames())
          .contains(List.of(2, "vault.example.org"), List.of(2, "localhost"));
    }
  }

  @Test
  void toString_redactsTheKey(@TempDir Path directory) {
    try (Vault vault = TestingVaults.create(directory.resolve("v"), CipherSuite.INTL)) {
      ServerIdentity identity =
          new CertificateAuthority(vault, Clock.systemUTC(), new SecureRandom())
              .identityFor("localhost");

      assertThat(identity.toString())
          .doesNotContain("PRIVATE")
          .startsWith("ServerIdentity[O=ElementVault,CN=localhost");
    }
  }
}
