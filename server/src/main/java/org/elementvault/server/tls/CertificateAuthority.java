package org.elementvault.server.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.keys.SealedSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's own certificate authority. At the first {@code serve} it issues itself a self-signed
 * ECDSA P-256 CA and a server certificate signed by it, with subject alternative names for the
 * listen host, {@code localhost} and the loopback addresses. Private keys are stored only in the
 * vault's {@link SealedSecrets}; certificates are written to {@code tls/} in the vault directory,
 * the CA as {@code tls/ca.pem} for clients to pin.
 *
 * <p>Later starts reuse both; the server certificate is reissued by the same CA when it does not
 * name the listen host or expires within {@link #RENEW_BEFORE}. ECDSA P-256 rather than Ed25519:
 * every JDK TLS stack and every curl accepts it.
 */
public final class CertificateAuthority {

  private static final Logger logger = LoggerFactory.getLogger(CertificateAuthority.class);

  /** The directory in the vault that holds the public certificates. */
  public static final String DIRECTORY = "tls";

  static final String CA_KEY = "tls-ca-key";
  static final String SERVER_KEY = "tls-server-key";
  static final String CA_FILE = "ca.pem";
  static final String SERVER_FILE = "server.pem";

  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration SERVER_VALIDITY = Duration.ofDays(397);

  /** A server certificate this close to its end is reissued at start. */
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private static final String SIGNATURE = "SHA256withECDSA";

  private final Vault vault;
  private final Clock clock;
  private final SecureRandom random;
  private final Path directory;

  public CertificateAuthority(Vault vault, Clock clock, SecureRandom random) {
    this.vault = vault;
    this.clock = clock;
    this.random = random;
    this.directory = vault.directory().resolve(DIRECTORY);
  }

  /**
   * The server identity for {@code host}: the stored one when it still fits, else one newly issued
   * (and the CA too, at the first start).
   */
  public ServerIdentity identityFor(String host) {
    try {
      Files.createDirectories(directory);
      Issued ca = loadCa().orElseGet(this::issueCa);
      Set<String> names = subjectNames(host);
      Issued server =
          loadServer(ca)
              .filter(s -> fits(s.certificate(), names))
              .orElseGet(() -> issueServer(ca, names));
      return new ServerIdentity(
          server.key(),
          List.of(server.certificate(), ca.certificate()),
          directory.resolve(CA_FILE),
          Pem.fingerprint(ca.certificate()));
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "cannot write the vault's certificates", e);
    }
  }

  /** A private key and its certificate. */
  private record Issued(PrivateKey key, X509Certificate certificate) {}

  private Optional<Issued> loadCa() {
    Path file = directory.resolve(CA_FILE);
    Optional<byte[]> key = vault.secrets().get(CA_KEY);
    if (key.isEmpty() || !Files.exists(file)) {
      return Optional.empty();
    }
    X509Certificate certificate = Pem.readCertificates(file).get(0);
    PrivateKey privateKey = privateKey(key.get());
    checkPair(certificate.getPublicKey(), privateKey, "CA");
    return Optional.of(new Issued(privateKey, certificate));
  }

  private Optional<Issued> loadServer(Issued ca) {
    Path file = directory.resolve(SERVER_FILE);
    Optional<byte[]> key = vault.secrets().get(SERVER_KEY);
    if (key.isEmpty() || !Files.exists(file)) {
      return Optional.empty();
    }
    X509Certificate certificate = Pem.readCertificates(file).get(0);
    try {
      certificate.verify(ca.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      // Signed by another CA: the stored CA was replaced, so the server certificate is reissued.
      return Optional.empty();
    }
    PrivateKey privateKey = privateKey(key.get());
    checkPair(certificate.getPublicKey(), privateKey, "server");
    return Optional.of(new Issued(privateKey, certificate));
  }

  private Issued issueCa() {
    KeyPair pair = newKeyPair();
    X500Name name = new X500Name("CN=ElementVault CA " + vault.id() + ",O=ElementVault");
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(CA_VALIDITY)),
                  name,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate certificate = sign(builder, pair.getPrivate());
      store(CA_KEY, pair.getPrivate(), CA_FILE, certificate);
      logger.info("issued the vault's TLS certificate authority");
      return new Issued(pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "issuing the vault's CA failed", e);
    }
  }

  private Issued issueServer(Issued ca, Set<String> names) {
    KeyPair pair = newKeyPair();
    Instant now = clock.instant();
    List<GeneralName> alternatives = new ArrayList<>();
    for (String name : names) {
      alternatives.add(
          isAddress(name)
              ? new GeneralName(GeneralName.iPAddress, name)
              : new GeneralName(GeneralName.dNSName, name));
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  ca.certificate(),
                  serial(),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(SERVER_VALIDITY)),
                  new X500Name("CN=" + names.iterator().next() + ",O=ElementVault"),
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(alternatives.toArray(GeneralName[]::new)))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(pair.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(ca.certificate()));
      X509Certificate certificate = sign(builder, ca.key());
      store(SERVER_KEY, pair.getPrivate(), SERVER_FILE, certificate);
      logger.info("issued the server's TLS certificate for {}", names);
      return new Issued(pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "issuing the server certificate failed", e);
    }
  }

  /** The names a certificate for {@code host} must carry, the host first. */
  static Set<String> subjectNames(String host) {
    Set<String> names = new LinkedHashSet<>();
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!bare.isEmpty() && !isWildcard(bare)) {
      names.add(bare.toLowerCase(Locale.ROOT));
    }
    names.add("localhost");
    names.add("127.0.0.1");
    names.add("::1");
    return names;
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("*");
  }

  private static boolean isAddress(String name) {
    return name.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
        && (name.contains(":") || name.chars().filter(c -> c == '.').count() == 3);
  }

  /** Whether {@code certificate} names every one of {@code names} and is not about to expire. */
  private boolean fits(X509Certificate certificate, Set<String> names) {
    if (certificate.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE))) {
      return false;
    }
    Set<String> present = new LinkedHashSet<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          present.add(canonical(String.valueOf(entry.get(1))));
        }
      }
    } catch (CertificateParsingException e) {
      return false;
    }
    return names.stream().map(CertificateAuthority::canonical).allMatch(present::contains);
  }

  /** IP addresses compare by value: the JDK spells {@code ::1} as {@code 0:0:0:0:0:0:0:1}. */
  private static String canonical(String name) {
    if (!isAddress(name)) {
      return name.toLowerCase(Locale.ROOT);
    }
    try {
      return InetAddress.getByName(name).getHostAddress();
    } catch (UnknownHostException e) {
      return name;
    }
  }

  private void store(String secret, PrivateKey key, String file, X509Certificate certificate)
      throws IOException {
    byte[] encoded = key.getEncoded();
    try {
      vault.secrets().put(secret, encoded);
    } finally {
      Arrays.fill(encoded, (byte) 0);
    }
    Path target = directory.resolve(file);
    Path temporary = directory.resolve(file + ".tmp");
    Files.writeString(temporary, Pem.certificates(List.of(certificate)), StandardCharsets.US_ASCII);
    Files.move(
        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new VaultException(ErrorCode.INTERNAL, "EC P-256 keys are unavailable", e);
    }
  }

  private static PrivateKey privateKey(byte[] pkcs8) {
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new VaultException(ErrorCode.INTEGRITY, "a stored TLS key is malformed", e);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /** A stored certificate that does not belong to its sealed key was swapped: refuse to serve. */
  private static void checkPair(PublicKey publicKey, PrivateKey privateKey, String which) {
    try {
      java.security.Signature signer = java.security.Signature.getInstance(SIGNATURE);
      byte[] probe = "evault/tls-pair-check".getBytes(StandardCharsets.US_ASCII);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      signer.initVerify(publicKey);
      signer.update(probe);
      if (!signer.verify(signature)) {
        throw new VaultException(
            ErrorCode.INTEGRITY, "the stored " + which + " certificate does not match its key");
      }
    } catch (GeneralSecurityException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "the stored " + which + " certificate does not match its key", e);
    }
  }

  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("no " + SIGNATURE + " signer", e);
    }
  }

  /**
   * The identity of an operator's own certificate chain (PEM, leaf first) and unencrypted private
   * key (PEM). The fingerprint printed is that of the chain's last certificate.
   */
  public static ServerIdentity operatorSupplied(Path chainPem, Path keyPem) {
    List<X509Certificate> chain = Pem.readCertificates(chainPem);
    PrivateKey key = Pem.readPrivateKey(keyPem);
    return new ServerIdentity(key, chain, null, Pem.fingerprint(chain.get(chain.size() - 1)));
  }
}
