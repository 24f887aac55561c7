package org.elementvault.sandbox.product;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A data product's registration certificate: what the vault admin approved, bound to the approving
 * log entry by its sequence number. The vault signs its {@linkplain #canonical() canonical bytes}
 * with the log key as a record of kind {@value #KIND}.
 *
 * @param product the product's name
 * @param ownerTenant the consuming tenant that registered it
 * @param elements the published elements it uses, with their owners
 * @param purpose the approved purpose
 * @param scope the approved scope
 * @param period the days it may run
 * @param logSequence the sequence number of the {@code product.approve} log entry
 * @param issuedAt when the certificate was issued (the approval's time)
 * @param conditionalDatasets the {@code CONDITIONAL} (有条件开放) datasets the approval approved the
 *     purpose for, as {@code tenant/dataset}; empty when the product uses none
 */
public record ProductCertificate(
    String product,
    String ownerTenant,
    List<ProductElement> elements,
    String purpose,
    String scope,
    Period period,
    long logSequence,
    Instant issuedAt,
    List<String> conditionalDatasets) {

  /** The kind the signature is made for, so it is never taken for another signed record. */
  public static final String KIND = "product-certificate";

  private static final JsonFactory JSON = new JsonFactory();

  public ProductCertificate {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(ownerTenant, "ownerTenant");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(issuedAt, "issuedAt");
    elements = List.copyOf(elements);
    conditionalDatasets = List.copyOf(conditionalDatasets);
    if (logSequence < 1) {
      throw new IllegalArgumentException("logSequence must be at least 1");
    }
  }

  /**
   * The bytes the signature covers: compact UTF-8 JSON, keys in alphabetical order at every level,
   * dates {@code YYYY-MM-DD}, the issue time ISO-8601 in UTC. One certificate has exactly one
   * encoding, so a verifier recomputes it from the certificate file's fields.
   */
  public byte[] canonical() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      writeFields(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes this certificate as one JSON object, keys in the canonical order. */
  void writeFields(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("conditionalDatasets");
    for (String dataset : conditionalDatasets) {
      json.writeString(dataset);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("elements");
    for (ProductElement element : elements) {
      json.writeStartObject();
      json.writeStringField("id", element.id());
      json.writeStringField("name", element.name());
      json.writeStringField("ownerTenant", element.ownerTenant());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeStringField("from", period.from().toString());
    json.writeStringField("issuedAt", issuedAt.toString());
    json.writeNumberField("logSequence", logSequence);
    json.writeStringField("ownerTenant", ownerTenant);
    json.writeStringField("product", product);
    json.writeStringField("purpose", purpose);
    json.writeStringField("scope", scope);
    json.writeStringField("until", period.until().toString());
    json.writeEndObject();
  }
}
