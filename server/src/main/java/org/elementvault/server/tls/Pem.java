package org.elementvault.server.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;

/** Reading and writing certificates and keys as PEM, and certificate fingerprints. */
public final class Pem {

  private static final Pattern CERTIFICATE_BLOCK =
      Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*)-----END CERTIFICATE-----");

  private Pem() {}

  /** The PEM text of {@code certificates}, one block each. */
  public static String certificates(List<X509Certificate> certificates) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing PEM to memory cannot fail", e);
    }
    return text.toString();
  }

  /**
   * The certificates in a PEM file, in file order; other blocks (a private key) are skipped.
   *
   * <p>Parsed by the JDK rather than Bouncy Castle: the CLI's remote path trusts the server's CA
   * this way, and verifying Bouncy Castle's signed jars would cost every remote call start-up time.
   *
   * @throws VaultException {@code USER_ERROR} if the file is unreadable or holds no certificate
   */
  public static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII);
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Matcher block = CERTIFICATE_BLOCK.matcher(text);
      while (block.find()) {
        byte[] der = Base64.getMimeDecoder().decode(block.group(1));
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "cannot read certificates from PEM file " + file, e);
    }
    if (certificates.isEmpty()) {
      throw new VaultException(ErrorCode.USER_ERROR, "PEM file " + file + " holds no certificate");
    }
    return certificates;
  }

  /**
   * The unencrypted private key in a PEM file (PKCS#8 or a traditional key pair).
   *
   * @throws VaultException {@code USER_ERROR} if the file is unreadable or holds no such key
   */
  public static PrivateKey readPrivateKey(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "cannot read a private key from PEM file " + file, e);
    }
    throw new VaultException(
        ErrorCode.USER_ERROR, "PEM file " + file + " holds no unencrypted private key");
  }

  /** The SHA-256 fingerprint of {@code certificate}: colon-separated upper-case hex. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").formatHex(digest).toUpperCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("SHA-256 and DER encoding are always available", e);
    }
  }
}
