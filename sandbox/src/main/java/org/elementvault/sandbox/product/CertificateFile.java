package org.elementvault.sandbox.product;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.RecordSignature;

/**
 * A registration certificate as {@code product certificate P --out F} writes it, and its offline
 * check ({@code evault product verify-certificate --file F --public-key F.pub}, no vault needed).
 *
 * <h2>Format</h2>
 *
 * A UTF-8 JSON object {@code {"format": "evault/product-certificate/v1", "certificate": {…},
 * "signature": "<base64>"}}, where {@code certificate} has exactly the fields of {@link
 * ProductCertificate#canonical()} and {@code signature} is the vault's log-key signature over those
 * canonical bytes as a record of kind {@code product-certificate} ({@link RecordSignature}). The
 * verifier rebuilds the canonical bytes from the fields, so layout and whitespace do not matter but
 * every value does; unknown or duplicate fields make the file malformed.
 *
 * <h2>Hostile input</h2>
 *
 * The file is untrusted: any missing, extra, duplicate or mistyped field is refused as malformed
 * before the signature is checked, and messages name the rule, never a value of the file.
 */
public final class CertificateFile {

  static final String FORMAT = "evault/product-certificate/v1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> TOP = Set.of("format", "certificate", "signature");
  private static final Set<String> FIELDS =
      Set.of(
          "conditionalDatasets",
          "elements",
          "from",
          "issuedAt",
          "logSequence",
          "ownerTenant",
          "product",
          "purpose",
          "scope",
          "until");
  private static final Set<String> ELEMENT_FIELDS = Set.of("id", "name", "ownerTenant");

  private CertificateFile() {}

  /** The file's bytes for {@code signed}: pretty-printed, UTF-8. */
  public static byte[] encode(SignedCertificate signed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
      json.writeStartObject();
      json.writeStringField("format", FORMAT);
      json.writeFieldName("certificate");
      signed.certificate().writeFields(json);
      json.writeStringField("signature", signed.signature());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /**
   * Checks {@code file}'s signature with the vault's public key in {@code publicKey} and returns
   * the certificate it proves.
   *
   * @throws VaultException {@code USER_ERROR} if a file cannot be read, the key file is not a
   *     public key file or the certificate file is malformed; {@code INTEGRITY} if the signature
   *     does not verify (a changed value, another key, or a signature made for something else)
   */
  public static ProductCertificate verify(Path file, Path publicKey) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new VaultException(
          ErrorCode.USER_ERROR, ProductMessages.certificateMalformed("not readable JSON"), e);
    }
    ProductCertificate certificate = parse(root);
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(text(root, "signature"));
    } catch (IllegalArgumentException e) {
      throw malformed("signature is not base64");
    }
    if (!RecordSignature.verify(
        publicKey, ProductCertificate.KIND, certificate.canonical(), signature)) {
      throw new VaultException(ErrorCode.INTEGRITY, ProductMessages.CERTIFICATE_SIGNATURE);
    }
    return certificate;
  }

  private static ProductCertificate parse(JsonNode root) {
    requireFields(root, TOP, "the file");
    if (!FORMAT.equals(text(root, "format"))) {
      throw malformed("unknown format");
    }
    JsonNode fields = root.get("certificate");
    requireFields(fields, FIELDS, "certificate");
    JsonNode elements = fields.get("elements");
    if (!elements.isArray()) {
      throw malformed("elements is not a list");
    }
    List<ProductElement> listed = new ArrayList<>();
    for (JsonNode element : elements) {
      requireFields(element, ELEMENT_FIELDS, "an element");
      listed.add(
          new ProductElement(
              text(element, "id"), text(element, "name"), text(element, "ownerTenant")));
    }
    JsonNode conditional = fields.get("conditionalDatasets");
    if (!conditional.isArray()) {
      throw malformed("conditionalDatasets is not a list");
    }
    List<String> datasets = new ArrayList<>();
    for (JsonNode dataset : conditional) {
      if (!dataset.isTextual()) {
        throw malformed("conditionalDatasets holds something other than text");
      }
      datasets.add(dataset.asText());
    }
    JsonNode sequence = fields.get("logSequence");
    if (!sequence.isIntegralNumber() || !sequence.canConvertToLong() || sequence.asLong() < 1) {
      throw malformed("logSequence is not a positive whole number");
    }
    try {
      return new ProductCertificate(
          text(fields, "product"),
          text(fields, "ownerTenant"),
          listed,
          text(fields, "purpose"),
          text(fields, "scope"),
          Period.parse(text(fields, "from"), text(fields, "until")),
          sequence.asLong(),
          Instant.parse(text(fields, "issuedAt")),
          datasets);
    } catch (DateTimeParseException | VaultException e) {
      throw malformed("a date or time is malformed");
    }
  }

  private static void requireFields(JsonNode node, Set<String> names, String what) {
    if (node == null || !node.isObject() || node.size() != names.size()) {
      throw malformed(what + " must be an object with exactly the fields " + sorted(names));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      if (!names.contains(it.next())) {
        throw malformed(what + " must be an object with exactly the fields " + sorted(names));
      }
    }
  }

  private static String sorted(Set<String> names) {
    return String.join(", ", names.stream().sorted().toList());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw malformed(field + " is not text");
    }
    return value.asText();
  }

  private static VaultException malformed(String rule) {
    return new VaultException(ErrorCode.USER_ERROR, ProductMessages.certificateMalformed(rule));
  }
}
