package org.elementvault.sandbox.product;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.elementvault.sandbox.element.DatasetCategory;
import org.jspecify.annotations.Nullable;

/**
 * A registered data product.
 *
 * @param number its place in the vault's product sequence (the record's key)
 * @param name its name, unique within its tenant
 * @param tenantId the consuming tenant that registered it
 * @param tenant that tenant's name
 * @param registrant the tenant admin who registered it
 * @param elements the published elements it uses, in the order registered
 * @param purpose what the results are used for
 * @param scope where and by whom they are used
 * @param period the days it may run
 * @param state where its review stands
 * @param registeredAt when it was registered
 * @param reviewer the vault admin who decided, or null while {@code REGISTERED}
 * @param reason the vault admin's reason, or null while {@code REGISTERED}
 * @param reviewedAt when the vault admin decided, or null while {@code REGISTERED}
 * @param certificate the signed registration certificate, present exactly when approved
 * @param conditionalApprovals the {@code CONDITIONAL} datasets its approval approved its purpose
 *     for; empty unless approved with {@link ProductDecision#APPROVE_CONDITIONAL}
 */
public record Product(
    long number,
    String name,
    long tenantId,
    String tenant,
    String registrant,
    List<ProductElement> elements,
    String purpose,
    String scope,
    Period period,
    ProductState state,
    Instant registeredAt,
    @Nullable String reviewer,
    @Nullable String reason,
    @Nullable Instant reviewedAt,
    @Nullable SignedCertificate certificate,
    List<DatasetCategory> conditionalApprovals) {

  public Product {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(registrant, "registrant");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(registeredAt, "registeredAt");
    elements = List.copyOf(elements);
    conditionalApprovals = List.copyOf(conditionalApprovals);
    boolean decided = state != ProductState.REGISTERED;
    boolean approved = state != ProductState.REGISTERED && state != ProductState.REJECTED;
    if (decided != (reviewedAt != null)
        || approved != (certificate != null)
        || (!approved && !conditionalApprovals.isEmpty())) {
      throw new IllegalArgumentException("product " + name + " is " + state + " with other fields");
    }
  }

  /** A new registration, waiting for the vault admin. */
  static Product registered(
      long number,
      String tenant,
      long tenantId,
      String registrant,
      String name,
      List<ProductElement> elements,
      String purpose,
      String scope,
      Period period,
      Instant now) {
    return new Product(
        number,
        name,
        tenantId,
        tenant,
        registrant,
        elements,
        purpose,
        scope,
        period,
        ProductState.REGISTERED,
        now,
        null,
        null,
        null,
        null,
        List.of());
  }

  /**
   * This product approved, with its certificate and the conditional datasets it was approved for.
   */
  Product approve(
      String by,
      String why,
      Instant now,
      SignedCertificate issued,
      List<DatasetCategory> conditional) {
    return decide(ProductState.ACTIVE, by, why, now, issued, conditional);
  }

  /** This product rejected. */
  Product reject(String by, String why, Instant now) {
    return decide(ProductState.REJECTED, by, why, now, null, List.of());
  }

  private Product decide(
      ProductState decision,
      String by,
      String why,
      Instant now,
      @Nullable SignedCertificate issued,
      List<DatasetCategory> conditional) {
    return new Product(
        number,
        name,
        tenantId,
        tenant,
        registrant,
        elements,
        purpose,
        scope,
        period,
        decision,
        registeredAt,
        by,
        why,
        now,
        issued,
        conditional);
  }

  /**
   * This product as it stands on {@code today}: an approved one whose period is over reads {@code
   * EXPIRED}. Expiry is computed, never stored.
   */
  public Product asOf(LocalDate today) {
    if (state != ProductState.ACTIVE || !today.isAfter(period.until())) {
      return this;
    }
    return withState(ProductState.EXPIRED);
  }

  /** This approved product in state {@code next}: suspended, resumed or read as expired. */
  Product withState(ProductState next) {
    return new Product(
        number,
        name,
        tenantId,
        tenant,
        registrant,
        elements,
        purpose,
        scope,
        period,
        next,
        registeredAt,
        reviewer,
        reason,
        reviewedAt,
        certificate,
        conditionalApprovals);
  }

  /** Whether its approval approved its purpose for {@code dataset}. */
  public boolean isApprovedFor(DatasetCategory dataset) {
    return conditionalApprovals.stream().anyMatch(d -> d.isSameDataset(dataset));
  }

  /** Whether the product lists element {@code id}. */
  public boolean lists(String id) {
    return elements.stream().anyMatch(e -> e.id().equals(id));
  }
}
