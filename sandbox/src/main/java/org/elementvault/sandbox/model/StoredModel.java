package org.elementvault.sandbox.model;

import java.util.Objects;

/**
 * A registered model as the {@code model} record stores it (sealed metadata): what the registry
 * shows, its tenant's id, and the model itself sealed under the tenant's key ({@link
 * org.elementvault.engine.tenant.TenantSealer}, place {@code model}/id). Jackson writes the sealed
 * bytes as Base64 inside the record, which is sealed again under the master key.
 *
 * @param number the model's number: its id is {@code m} and this number
 * @param tenantId the owning tenant
 * @param info what the registry shows
 * @param sealedModel the {@link ModelBlob}'s bytes, sealed under the tenant's key
 */
record StoredModel(long number, long tenantId, ModelInfo info, byte[] sealedModel) {

  StoredModel {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(sealedModel, "sealedModel");
  }
}
