package org.elementvault.sandbox.product;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.OpenCategory;
import org.elementvault.engine.seal.Records;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.TenantState;
import org.elementvault.engine.tenant.Tenants;
import org.elementvault.sandbox.element.DatasetCategory;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.ElementState;
import org.elementvault.sandbox.element.Elements;
import org.elementvault.sandbox.element.OpenCategories;
import org.elementvault.sandbox.element.ProductRunLog;
import org.elementvault.sandbox.element.ThresholdFloor;
import org.jspecify.annotations.Nullable;

/**
 * The data product workflow of one vault: register, review (with the registration certificate),
 * suspend and resume, list, show, certificate, run and usage. Every operation goes through the
 * vault's guard, so a state change and its log entry are one atomic write and every refusal is
 * logged. Products are stored as sealed records ({@code product}/number).
 *
 * <h2>Who sees what</h2>
 *
 * A consuming tenant's admin registers its products; its admin and developers see only its own, and
 * only its developers run them. The vault admin and auditors see every product; the vault admin
 * reviews them. Usage is for the vault admin, the consuming tenant's admin, and the admin of a
 * tenant whose element a product lists (runs of its own elements only); to anyone else a product is
 * "not found" exactly as a name that does not exist. Products of a destroyed tenant are found by
 * nobody.
 *
 * <p>Log entries name products and elements and carry counts, dates and reasons; the purpose and
 * scope are in the sealed record and the certificate, not in the log. Thread-safe: state changes
 * are serialized on the vault's records.
 */
public final class Products {

  /** The most elements one product lists. */
  static final int MAX_ELEMENTS = 32;

  private static final String KIND = "product";
  private static final List<ProductState> REVIEWABLE = List.of(ProductState.REGISTERED);
  private static final List<ProductState> CERTIFIED =
      List.of(ProductState.ACTIVE, ProductState.SUSPENDED, ProductState.EXPIRED);
  private static final List<ProductState> RUNNABLE = List.of(ProductState.ACTIVE);
  private static final List<ProductState> SUSPENDABLE = List.of(ProductState.ACTIVE);
  private static final List<ProductState> RESUMABLE = List.of(ProductState.SUSPENDED);

  private final Vault vault;
  private final Guard guard;
  private final Records records;
  private final Tenants tenants;
  private final Elements elements;

  public Products(Vault vault, Elements elements) {
    this.vault = vault;
    this.guard = vault.guard();
    this.records = vault.records();
    this.tenants = vault.tenants();
    this.elements = elements;
  }

  /**
   * Registers a product of the caller's tenant ({@code REGISTERED}), logged as {@code
   * product.register}. Every element must be in the catalog ({@code PUBLISHED}) and valid past the
   * period's last day.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than tenant admin; {@code USER_ERROR}
   *     for a bad name, text, date or element list, or a name the tenant already uses; {@code
   *     POLICY_REFUSED} for a tenant that may not work or an element that is not published, is a
   *     model element, expires within the period or reads a dataset whose open category is {@code
   *     NONE}; each logged
   */
  public Product register(Principal caller, ProductApplication application) {
    synchronized (records) {
      return guard.run(
          caller,
          Operation.PRODUCT_REGISTER,
          ownTenantName(caller),
          application.name(),
          () -> {
            Names.check("product", application.name());
            Names.checkText("purpose", application.purpose());
            Names.checkText("scope", application.scope());
            Period period = Period.parse(application.from(), application.until());
            Tenant tenant = ownTenant(caller);
            requireWorking(tenant);
            boolean taken =
                loadAll().stream()
                    .anyMatch(
                        p -> p.tenantId() == tenant.id() && p.name().equals(application.name()));
            if (taken) {
              throw new VaultException(
                  ErrorCode.USER_ERROR,
                  ProductMessages.nameTaken(application.name(), tenant.name()));
            }
            List<ProductElement> listed = published(application.elements(), period);
            var unused = openDatasets(listed);
            Product product =
                Product.registered(
                    records.next(KIND),
                    tenant.name(),
                    tenant.id(),
                    caller.name(),
                    application.name(),
                    listed,
                    application.purpose(),
                    application.scope(),
                    period,
                    vault.clock().instant());
            return save(
                product,
                null,
                listed.size() + " elements, period " + period.from() + " to " + period.until());
          });
    }
  }

  /**
   * The vault admin's decision on a {@code REGISTERED} product. An approval ({@code ACTIVE}, logged
   * as {@code product.approve}) checks its elements and the open categories of the datasets behind
   * them again and issues the registration certificate, signed with the vault's log key and bound
   * to the approval's own log entry by its sequence number; a rejection ({@code REJECTED}) is
   * logged as {@code product.reject}. A product over {@code CONDITIONAL} datasets needs {@link
   * ProductDecision#APPROVE_CONDITIONAL}, which the product records and the log entry names.
   *
   * @param tenantName the consuming tenant, needed only when several tenants use the name
   * @throws VaultException {@code FORBIDDEN} for roles other than admin; {@code NOT_FOUND}; {@code
   *     POLICY_REFUSED} unless {@code REGISTERED}, for an element no longer published or valid, a
   *     {@code NONE} dataset, or a decision that does not match the {@code CONDITIONAL} datasets;
   *     {@code USER_ERROR} for a bad reason; each logged
   */
  public Product review(
      Principal caller,
      @Nullable String tenantName,
      String name,
      ProductDecision decision,
      String reason) {
    Objects.requireNonNull(decision, "decision");
    synchronized (records) {
      // Appends are held off until the decision is committed, so the sequence the certificate
      // names is the approval's own entry.
      return vault
          .log()
          .exclusively(
              () ->
                  guard.run(
                      caller,
                      Operation.PRODUCT_REVIEW,
                      tenantLabel(caller, tenantName, name),
                      name,
                      () -> {
                        Names.checkText("reason", reason);
                        Product product = visible(caller, tenantName, name).asOf(today());
                        requireState(product, "review", REVIEWABLE);
                        Instant now = vault.clock().instant();
                        if (decision == ProductDecision.REJECT) {
                          return save(
                              product.reject(caller.name(), reason, now),
                              "product.reject",
                              "reason: " + reason);
                        }
                        List<DatasetCategory> conditional =
                            conditional(
                                product,
                                decision,
                                openDatasets(
                                    published(
                                        product.elements().stream()
                                            .map(ProductElement::id)
                                            .toList(),
                                        product.period())));
                        long sequence = vault.log().size() + 1;
                        SignedCertificate certificate =
                            certify(product, sequence, now, conditional);
                        return save(
                            product.approve(caller.name(), reason, now, certificate, conditional),
                            "product.approve",
                            "certificate for log entry "
                                + sequence
                                + ", period "
                                + product.period().from()
                                + " to "
                                + product.period().until()
                                + conditionalDetails(conditional)
                                + "; reason: "
                                + reason);
                      }));
    }
  }

  /**
   * The {@code CONDITIONAL} datasets among {@code datasets}, which an approval approves the
   * product's purpose for: refused unless the decision says so exactly.
   */
  private static List<DatasetCategory> conditional(
      Product product, ProductDecision decision, List<DatasetCategory> datasets) {
    List<DatasetCategory> conditional =
        datasets.stream().filter(d -> d.category() == OpenCategory.CONDITIONAL).toList();
    if (decision == ProductDecision.APPROVE && !conditional.isEmpty()) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED,
          ProductMessages.needsConditionalApproval(product.name(), conditional.get(0)));
    }
    if (decision == ProductDecision.APPROVE_CONDITIONAL && conditional.isEmpty()) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED, ProductMessages.nothingConditional(product.name()));
    }
    return conditional;
  }

  private static String conditionalDetails(List<DatasetCategory> conditional) {
    if (conditional.isEmpty()) {
      return "";
    }
    return "; purpose approved for CONDITIONAL datasets "
        + String.join(", ", conditional.stream().map(DatasetCategory::qualifiedName).toList());
  }

  /**
   * The datasets behind the published elements {@code listed}, each still there and none {@code
   * NONE}.
   */
  private List<DatasetCategory> openDatasets(List<ProductElement> listed) {
    List<DatasetCategory> datasets = new ArrayList<>();
    for (ProductElement listedElement : listed) {
      Element element = elements.lookup(listedElement.id()).orElseThrow();
      for (DatasetCategory dataset : OpenCategories.behind(vault, element)) {
        if (dataset.category() == OpenCategory.NONE) {
          throw new VaultException(ErrorCode.POLICY_REFUSED, ProductMessages.notOpen(dataset));
        }
        if (datasets.stream().noneMatch(dataset::isSameDataset)) {
          datasets.add(dataset);
        }
      }
    }
    return datasets;
  }

  /**
   * The vault admin stops an {@code ACTIVE} product at once: runs are refused from this write on.
   * Logged as {@code product.suspend} with the reason.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than admin; {@code NOT_FOUND}; {@code
   *     POLICY_REFUSED} unless {@code ACTIVE}; {@code USER_ERROR} for a bad reason; each logged
   */
  public Product suspend(
      Principal caller, @Nullable String tenantName, String name, String reason) {
    return step(
        caller,
        Operation.PRODUCT_SUSPEND,
        tenantName,
        name,
        "suspend",
        SUSPENDABLE,
        ProductState.SUSPENDED,
        "reason: " + reason,
        () -> Names.checkText("reason", reason));
  }

  /**
   * The vault admin lets a {@code SUSPENDED} product run again ({@code ACTIVE}, or {@code EXPIRED}
   * if its period ended meanwhile). Logged as {@code product.resume}.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than admin; {@code NOT_FOUND}; {@code
   *     POLICY_REFUSED} unless {@code SUSPENDED}; each logged
   */
  public Product resume(Principal caller, @Nullable String tenantName, String name) {
    return step(
        caller,
        Operation.PRODUCT_RESUME,
        tenantName,
        name,
        "resume",
        RESUMABLE,
        ProductState.ACTIVE,
        "back to ACTIVE",
        () -> {});
  }

  private Product step(
      Principal caller,
      Operation operation,
      @Nullable String tenantName,
      String name,
      String stepName,
      List<ProductState> from,
      ProductState to,
      String details,
      Runnable checkInput) {
    synchronized (records) {
      return guard.run(
          caller,
          operation,
          tenantLabel(caller, tenantName, name),
          name,
          () -> {
            checkInput.run();
            LocalDate today = today();
            Product product = visible(caller, tenantName, name).asOf(today);
            requireState(product, stepName, from);
            Product next = product.withState(to);
            Batch batch = new Batch();
            records.put(batch, KIND, next.number(), next);
            return new Guard.Change<>(next.asOf(today), batch, null, details, () -> {});
          });
    }
  }

  private SignedCertificate certify(
      Product product, long sequence, Instant now, List<DatasetCategory> conditional) {
    ProductCertificate certificate =
        new ProductCertificate(
            product.name(),
            product.tenant(),
            product.elements(),
            product.purpose(),
            product.scope(),
            product.period(),
            sequence,
            now,
            conditional.stream().map(DatasetCategory::qualifiedName).toList());
    byte[] signature =
        vault.auditLog().signRecord(ProductCertificate.KIND, certificate.canonical());
    return new SignedCertificate(certificate, Base64.getEncoder().encodeToString(signature));
  }

  /** The products {@code caller} may see, by tenant and name. */
  public List<Product> list(Principal caller) {
    return guard.run(
        caller,
        Operation.PRODUCT_LIST,
        ownTenantName(caller),
        "",
        () -> {
          LocalDate today = today();
          List<Product> visible =
              loadAll().stream()
                  .filter(p -> isVisibleTo(caller, p))
                  .sorted(Comparator.comparing(Product::tenant).thenComparing(Product::name))
                  .map(p -> p.asOf(today))
                  .toList();
          return Guard.Change.read(visible, visible.size() + " products");
        });
  }

  /**
   * One product, if {@code caller} may see it, with its elements' states and the datasets behind
   * them with their open categories; else "not found" as for a name that is unused.
   */
  public ProductView show(Principal caller, @Nullable String tenantName, String name) {
    return guard.run(
        caller,
        Operation.PRODUCT_SHOW,
        tenantLabel(caller, tenantName, name),
        name,
        () -> {
          Product product = visible(caller, tenantName, name).asOf(today());
          List<ElementStatus> statuses = new ArrayList<>();
          List<DatasetCategory> datasets = new ArrayList<>();
          for (ProductElement listed : product.elements()) {
            Optional<Element> element = elements.lookup(listed.id());
            statuses.add(
                new ElementStatus(
                    listed, element.map(e -> e.state().name()).orElse(ElementStatus.GONE)));
            element.stream()
                .flatMap(e -> OpenCategories.present(vault, e).stream())
                .filter(d -> datasets.stream().noneMatch(d::isSameDataset))
                .forEach(datasets::add);
          }
          return Guard.Change.read(new ProductView(product, statuses, datasets));
        });
  }

  /**
   * The registration certificate of an approved product (it stays evidence after the period).
   * Logged as {@code product.certificate}.
   *
   * @throws VaultException {@code NOT_FOUND}; {@code POLICY_REFUSED} unless {@code ACTIVE} or
   *     {@code EXPIRED}; each logged
   */
  public SignedCertificate certificate(Principal caller, @Nullable String tenantName, String name) {
    return guard.run(
        caller,
        Operation.PRODUCT_CERTIFICATE,
        tenantLabel(caller, tenantName, name),
        name,
        () -> {
          Product product = visible(caller, tenantName, name).asOf(today());
          requireState(product, "a certificate", CERTIFIED);
          SignedCertificate certificate = Objects.requireNonNull(product.certificate());
          return Guard.Change.read(
              certificate, "certificate for log entry " + certificate.certificate().logSequence());
        });
  }

  /**
   * Runs element {@code elementId} of product {@code name} for a developer of the product's tenant:
   * the product must be {@code ACTIVE} and today inside its period, the element listed, still
   * {@code PUBLISHED}, over no {@code NONE} dataset and over {@code CONDITIONAL} ones only as the
   * product's review approved, at or above its owner's threshold floor, and {@code arguments} in
   * its parameters' domains. {@code body} runs the element inside the guard; the run is logged as
   * {@code product.run} with the element, job and released rows before its result reaches the
   * caller.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than developer; {@code NOT_FOUND} for
   *     a product of another tenant; {@code POLICY_REFUSED} for a product or element not in a
   *     runnable state, a day outside the period or an unlisted element; {@code USER_ERROR} for an
   *     argument outside its domain; what {@code body} throws; each logged
   */
  public ProductRun run(
      Principal caller,
      String name,
      String elementId,
      Map<String, String> arguments,
      ProductRunBody body) {
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(body, "body");
    return guard.run(
        caller,
        Operation.PRODUCT_RUN,
        ownTenantName(caller),
        name,
        () -> {
          LocalDate today = today();
          Product product = visible(caller, null, name).asOf(today);
          requireState(product, "a run", RUNNABLE);
          if (!product.period().contains(today)) {
            throw new VaultException(
                ErrorCode.POLICY_REFUSED,
                ProductMessages.outsidePeriod(name, product.period(), today));
          }
          requireWorking(ownTenant(caller));
          Names.check("element", elementId);
          if (!product.lists(elementId)) {
            throw new VaultException(
                ErrorCode.POLICY_REFUSED, ProductMessages.notListed(name, elementId));
          }
          Element element =
              elements
                  .lookup(elementId)
                  .orElseThrow(
                      () ->
                          new VaultException(
                              ErrorCode.POLICY_REFUSED,
                              ProductMessages.elementState(elementId, "gone")));
          if (element.state() != ElementState.PUBLISHED) {
            throw new VaultException(
                ErrorCode.POLICY_REFUSED, ProductMessages.elementState(elementId, element.state()));
          }
          for (DatasetCategory dataset : OpenCategories.behind(vault, element)) {
            switch (dataset.category()) {
              case NONE ->
                  throw new VaultException(
                      ErrorCode.POLICY_REFUSED, ProductMessages.notOpen(dataset));
              case CONDITIONAL -> {
                if (!product.isApprovedFor(dataset)) {
                  throw new VaultException(
                      ErrorCode.POLICY_REFUSED, ProductMessages.notApprovedFor(dataset, name));
                }
              }
              case UNCONDITIONAL -> {}
            }
          }
          ThresholdFloor.of(tenants.byId(element.tenantId()).orElseThrow())
              .requireRunnable(element);
          var unused = element.spec().bind(arguments);
          Tenant consumer = ownTenant(caller);
          var job = vault.jobs().start(caller, consumer.id(), consumer.name(), element.id(), false);
          ProductRun run;
          try {
            run = body.run(element, job.id());
          } catch (RuntimeException e) {
            vault.jobs().fail(job);
            throw e;
          }
          Batch ended = new Batch();
          vault.jobs().succeed(ended, job);
          return new Guard.Change<>(
              run,
              ended,
              null,
              ProductRunLog.details(run.element(), run.jobId(), run.releasedRows()),
              () -> {});
        });
  }

  /**
   * A product's runs and released rows per month, from the log. The vault admin and the consuming
   * tenant's admin see every run; the admin of a tenant whose element the product lists sees the
   * runs of its own elements.
   *
   * @throws VaultException {@code FORBIDDEN} for developers and auditors; {@code NOT_FOUND} for a
   *     product the caller may not see; each logged
   */
  public ProductUsage usage(Principal caller, @Nullable String tenantName, String name) {
    return guard.run(
        caller,
        Operation.PRODUCT_USAGE,
        tenantLabel(caller, tenantName, name),
        name,
        () -> {
          Names.check("product", name);
          Product product = find(tenantName, name, p -> isUsageVisibleTo(caller, p));
          Set<String> counted = new HashSet<>();
          for (ProductElement element : product.elements()) {
            if (isVisibleTo(caller, product) || ownsElement(caller, element)) {
              counted.add(element.id());
            }
          }
          List<ProductRunLog.Run> runs =
              ProductRunLog.ofProduct(vault.log(), product.tenant(), product.name()).stream()
                  .filter(r -> counted.contains(r.element()))
                  .toList();
          ProductUsage usage = ProductUsage.of(product.name(), product.tenant(), runs);
          return Guard.Change.read(usage, usage.months().size() + " months");
        });
  }

  /**
   * The elements {@code ids} name, each in the catalog and valid past {@code period}; an element of
   * any tenant that is not published reads as not in the catalog, so registering tells nothing the
   * catalog does not.
   */
  private List<ProductElement> published(List<String> ids, Period period) {
    if (ids.isEmpty() || ids.size() > MAX_ELEMENTS) {
      throw new VaultException(ErrorCode.USER_ERROR, ProductMessages.ELEMENTS_COUNT);
    }
    Set<String> seen = new HashSet<>();
    List<ProductElement> listed = new ArrayList<>();
    for (String id : ids) {
      Names.check("element", id);
      if (!seen.add(id)) {
        throw new VaultException(ErrorCode.USER_ERROR, ProductMessages.elementTwice(id));
      }
      Element element =
          elements
              .lookup(id)
              .filter(e -> e.state() == ElementState.PUBLISHED)
              .orElseThrow(
                  () ->
                      new VaultException(
                          ErrorCode.POLICY_REFUSED, ProductMessages.notInCatalog(id)));
      if (element.spec().model() != null) {
        throw new VaultException(ErrorCode.POLICY_REFUSED, ProductMessages.modelElement(id));
      }
      Instant validUntil = Objects.requireNonNull(element.validUntil());
      if (!period.until().isBefore(LocalDate.ofInstant(validUntil, ZoneOffset.UTC))) {
        throw new VaultException(
            ErrorCode.POLICY_REFUSED,
            ProductMessages.beyondValidity(id, period.until(), validUntil));
      }
      listed.add(new ProductElement(id, element.spec().name(), element.tenant()));
    }
    return listed;
  }

  private static void requireState(Product product, String step, List<ProductState> needs) {
    if (!needs.contains(product.state())) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED,
          ProductMessages.state(product.name(), product.state(), step, needs));
    }
  }

  private Guard.Change<Product> save(Product product, @Nullable String action, String details) {
    Batch batch = new Batch();
    records.put(batch, KIND, product.number(), product);
    return new Guard.Change<>(product, batch, action, details, () -> {});
  }

  /** Every stored product of a tenant that still exists. */
  private List<Product> loadAll() {
    return records.loadAll(KIND, Product.class).stream()
        .filter(
            p ->
                tenants
                    .byId(p.tenantId())
                    .map(t -> t.state() != TenantState.DESTROYED)
                    .orElse(false))
        .toList();
  }

  private Product visible(Principal caller, @Nullable String tenantName, String name) {
    Names.check("product", name);
    return find(tenantName, name, p -> isVisibleTo(caller, p));
  }

  /**
   * The product {@code name} that {@code visible} admits, of tenant {@code tenantName} if named.
   */
  private Product find(@Nullable String tenantName, String name, Predicate<Product> visible) {
    if (tenantName != null) {
      Names.check("tenant", tenantName);
    }
    List<Product> matches =
        loadAll().stream()
            .filter(p -> p.name().equals(name))
            .filter(p -> tenantName == null || p.tenant().equals(tenantName))
            .filter(visible)
            .toList();
    if (matches.size() > 1) {
      throw new VaultException(ErrorCode.USER_ERROR, ProductMessages.ambiguous(name));
    }
    return matches.stream()
        .findFirst()
        .orElseThrow(() -> new VaultException(ErrorCode.NOT_FOUND, ProductMessages.notFound(name)));
  }

  private static boolean isVisibleTo(Principal caller, Product product) {
    return !caller.role().isTenantScoped() || Objects.equals(caller.tenantId(), product.tenantId());
  }

  private boolean isUsageVisibleTo(Principal caller, Product product) {
    return isVisibleTo(caller, product)
        || product.elements().stream().anyMatch(e -> ownsElement(caller, e));
  }

  /** Whether {@code caller} is an admin of the tenant that owns {@code element}. */
  private boolean ownsElement(Principal caller, ProductElement element) {
    Long own = caller.tenantId();
    return caller.role() == Role.TENANT_ADMIN
        && own != null
        && tenants.byId(own).map(t -> t.name().equals(element.ownerTenant())).orElse(false);
  }

  private LocalDate today() {
    return tenants.businessDate();
  }

  /** The caller's own tenant; only tenant principals reach here (the table sees to it). */
  private Tenant ownTenant(Principal caller) {
    return Optional.ofNullable(caller.tenantId())
        .flatMap(tenants::byId)
        .filter(t -> t.state() != TenantState.DESTROYED)
        .orElseThrow(
            () ->
                new VaultException(
                    ErrorCode.NOT_FOUND, "the caller belongs to no tenant that exists"));
  }

  private void requireWorking(Tenant tenant) {
    if (!tenant.canOperate(tenants.businessDate())) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED,
          ProductMessages.tenantNotWorking(tenant.name(), tenant.state()));
    }
  }

  private String ownTenantName(Principal caller) {
    Long own = caller.tenantId();
    return own == null ? "" : tenants.byId(own).map(Tenant::name).orElse("");
  }

  /**
   * The tenant an entry about product {@code name} is filed under: a tenant principal's own, else
   * the one named or, if one tenant alone uses the name, that one.
   */
  private String tenantLabel(Principal caller, @Nullable String tenantName, String name) {
    if (caller.role().isTenantScoped()) {
      return ownTenantName(caller);
    }
    if (tenantName != null) {
      return tenantName;
    }
    List<String> owners =
        loadAll().stream().filter(p -> p.name().equals(name)).map(Product::tenant).toList();
    return owners.size() == 1 ? owners.get(0) : "";
  }
}
