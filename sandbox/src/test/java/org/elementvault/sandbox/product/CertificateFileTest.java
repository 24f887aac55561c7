package org.elementvault.sandbox.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.oplog.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A registration certificate signed with a real vault's log key and checked offline against the
 * public key {@code log export} writes, as {@code evault product verify-certificate} does.
 */
class CertificateFileTest {

  private static final ProductCertificate CERTIFICATE =
      new ProductCertificate(
          "regional",
          "beta",
          List.of(new ProductElement("e1", "by-district", "acme")),
          "credit risk pricing",
          "beta's loan desk",
          Period.parse("2026-03-01", "2026-04-30"),
          42,
          Instant.parse("2026-03-01T08:00:00Z"),
          List.of("acme/residents"));

  @TempDir Path dir;

  private Vault vault;
  private Path publicKey;

  @BeforeEach
  void exportThePublicKey() {
    vault = TestingVaults.create(dir.resolve("vault"), CipherSuite.INTL);
    var unused = vault.auditLog().export(vault.admin(), dir.resolve("log.json"));
    publicKey = dir.resolve("log.json.pub");
  }

  @AfterEach
  void close() {
    vault.close();
  }

  private Path write(Vault signer, ProductCertificate certificate) throws IOException {
    byte[] signature =
        signer.auditLog().signRecord(ProductCertificate.KIND, certificate.canonical());
    SignedCertificate signed =
        new SignedCertificate(certificate, Base64.getEncoder().encodeToString(signature));
    return Files.write(dir.resolve("regional.cert.json"), CertificateFile.encode(signed));
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void verify_signedCertificate_returnsIt(CipherSuite suite) throws IOException {
    try (Vault other = TestingVaults.create(dir.resolve("vault-" + suite), suite)) {
      var unused = other.auditLog().export(other.admin(), dir.resolve(suite + ".json"));
      Path file = write(other, CERTIFICATE);

      ProductCertificate verified = CertificateFile.verify(file, dir.resolve(suite + ".json.pub"));

      assertThat(verified).isEqualTo(CERTIFICATE);
    }
  }

  /** Each pair changes one byte of one certified value. */
  @ParameterizedTest
  @CsvSource({
    "credit risk pricing, credit risk pricinh",
    "2026-04-30, 2026-04-20",
    "\"acme\", \"acmf\"",
    "\"logSequence\" : 42, \"logSequence\" : 43",
    "08:00:00Z, 08:00:01Z"
  })
  void verify_oneChangedByte_failsTheSignature(String from, String to) throws IOException {
    Path file = write(vault, CERTIFICATE);
    replace(file, from, to);

    assertVaultException(
        () -> CertificateFile.verify(file, publicKey),
        ErrorCode.INTEGRITY,
        "certificate: its signature does not verify with the public key");
  }

  @Test
  void verify_treeHeadSignature_doesNotVerifyAsACertificate() throws IOException {
    Path file = write(vault, CERTIFICATE);
    Checkpoint checkpoint = vault.auditLog().checkpoint(vault.admin(), dir.resolve("cp.json"));
    String signature =
        Files.readString(file, StandardCharsets.UTF_8)
            .replaceAll("(?s).*\"signature\" : \"([^\"]+)\".*", "$1");
    replace(file, signature, Base64.getEncoder().encodeToString(checkpoint.treeHead().signature()));

    assertVaultException(
        () -> CertificateFile.verify(file, publicKey),
        ErrorCode.INTEGRITY,
        "certificate: its signature does not verify with the public key");
  }

  @Test
  void verify_anotherVaultsSignature_fails() throws IOException {
    try (Vault other = TestingVaults.create(dir.resolve("other"), CipherSuite.INTL)) {
      Path file = write(other, CERTIFICATE);

      assertVaultException(
          () -> CertificateFile.verify(file, publicKey),
          ErrorCode.INTEGRITY,
          "certificate: its signature does not verify with the public key");
    }
  }

  @Test
  void verify_extraField_isMalformed() throws IOException {
    Path file = write(vault, CERTIFICATE);
    replace(file, "\"scope\" :", "\"note\" : \"x\", \"scope\" :");

    assertVaultException(
        () -> CertificateFile.verify(file, publicKey),
        ErrorCode.USER_ERROR,
        "certificate: not a product registration certificate (certificate must be an object with"
            + " exactly the fields conditionalDatasets, elements, from, issuedAt, logSequence,"
            + " ownerTenant, product, purpose, scope, until)");
  }

  /** A removed conditional approval changes what was certified: the signature no longer holds. */
  @Test
  void verify_conditionalDatasetRemoved_fails() throws IOException {
    Path file = write(vault, CERTIFICATE);
    replace(file, "\"acme/residents\"", "");

    assertVaultException(
        () -> CertificateFile.verify(file, publicKey),
        ErrorCode.INTEGRITY,
        "certificate: its signature does not verify with the public key");
  }

  @Test
  void verify_duplicateField_isMalformed() throws IOException {
    Path file = write(vault, CERTIFICATE);
    replace(file, "\"scope\" :", "\"scope\" : \"anywhere\", \"scope\" :");

    assertVaultException(
        () -> CertificateFile.verify(file, publicKey),
        ErrorCode.USER_ERROR,
        "certificate: not a product registration certificate (not readable JSON)");
  }
}
