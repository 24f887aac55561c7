package org.elementvault.sandbox.element;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.AuthorizationTable;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.OpenCategory;
import org.elementvault.engine.job.JobRecord;
import org.elementvault.engine.seal.Records;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.TenantState;
import org.elementvault.engine.tenant.Tenants;
import org.jspecify.annotations.Nullable;

/**
 * The element workflow of one vault: check, submit, review, list, show, run, and the lifecycle
 * after the review (release and its review, suspend, resume, retire; expiry is read from the
 * clock), the catalog of published elements and usage statistics. Every operation goes through the
 * vault's guard, so a state change and its log entry are one atomic write and every refusal is
 * logged. Elements are stored as sealed records ({@code element}/number); each run is a job of the
 * vault's job store, recorded before its work starts.
 *
 * <h2>Who sees what</h2>
 *
 * A tenant's admin and developers see only their tenant's elements; any other element is "not
 * found" exactly as an id that does not exist. The vault admin and auditors see every element; the
 * vault admin reviews them but never runs one. Only the developer who submitted an element runs it
 * and asks for its release; they and the vault admin may retire it, and only the vault admin
 * suspends and resumes it. The catalog of published elements is for every principal; an element's
 * usage for the vault admin and its own tenant. Elements of a destroyed tenant are found by nobody.
 *
 * <p>Log entries name elements by name and id and carry counts and reasons, never the query text.
 * Thread-safe: state changes are serialized on the vault, so several instances over one vault stay
 * consistent; element records are read from the vault at each call.
 */
public final class Elements {

  private static final String KIND = "element";
  private static final Set<ElementState> SAMPLE_RUNNABLE =
      EnumSet.of(ElementState.SUBMITTED, ElementState.APPROVED);

  private final Vault vault;
  private final Guard guard;
  private final Records records;
  private final Tenants tenants;

  public Elements(Vault vault) {
    this.vault = vault;
    this.guard = vault.guard();
    this.records = vault.records();
    this.tenants = vault.tenants();
  }

  /**
   * The automatic assessment of {@code spec} for the caller's tenant, as a dry run: logged as
   * {@code element.check}, stores nothing.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than developer; {@code POLICY_REFUSED}
   *     as the assessor refuses, or if the spec's threshold is below the tenant's floor; each
   *     logged
   */
  public Assessment check(Principal caller, ElementSpec spec, Assessor assessor) {
    return guard.run(
        caller,
        Operation.ELEMENT_CHECK,
        ownTenantName(caller),
        spec.name(),
        () -> {
          ThresholdFloor floor = ThresholdFloor.of(ownTenant(caller));
          Assessment assessment = assessor.assess(caller, spec, floor);
          floor.requireAdmits(spec);
          return Guard.Change.read(assessment, "dry run: " + summary(spec, assessment));
        });
  }

  /**
   * Submits {@code spec}: the assessor runs inside the guard; a spec it refuses is logged and never
   * stored. One that passes is stored {@code SUBMITTED} with its log entry in one write.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than developer; {@code POLICY_REFUSED}
   *     if the tenant may not work, the spec's threshold is below the tenant's floor or the
   *     assessor refuses; {@code USER_ERROR} if the tenant has an element of that name; each logged
   */
  public Element submit(Principal caller, ElementSpec spec, Assessor assessor) {
    synchronized (records) {
      return guard.run(
          caller,
          Operation.ELEMENT_SUBMIT,
          ownTenantName(caller),
          spec.name(),
          () -> {
            Tenant tenant = ownTenant(caller);
            requireWorking(tenant, "submissions");
            boolean taken =
                loadAll().stream()
                    .anyMatch(
                        e -> e.tenantId() == tenant.id() && e.spec().name().equals(spec.name()));
            if (taken) {
              throw new VaultException(
                  ErrorCode.USER_ERROR, ElementMessages.nameTaken(spec.name(), tenant.name()));
            }
            ThresholdFloor floor = ThresholdFloor.of(tenant);
            floor.requireAdmits(spec);
            Assessment assessment = assessor.assess(caller, spec, floor);
            Element element =
                Element.submitted(
                    records.next(KIND),
                    tenant.id(),
                    tenant.name(),
                    caller.name(),
                    spec,
                    assessment,
                    vault.clock().instant());
            return save(element, null, "id " + element.id() + ", " + summary(spec, assessment));
          });
    }
  }

  /**
   * The vault admin's decision on a {@code SUBMITTED} element, logged as {@code element.approve} or
   * {@code element.reject} with the reason (an approval lasts the spec's {@code valid_days}); or on
   * one in {@code RELEASE_REVIEW}, logged as {@code element.publish} (it joins the catalog) or
   * {@code element.release-reject} (back to {@code APPROVED}, the reason kept and shown).
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than admin; {@code NOT_FOUND}; {@code
   *     POLICY_REFUSED} unless {@code SUBMITTED} or {@code RELEASE_REVIEW}, for an approval or
   *     publication below the tenant's threshold floor, or for a publication over a dataset whose
   *     open category is {@code NONE}; {@code USER_ERROR} for a bad reason; each logged
   */
  public Element review(Principal caller, String id, boolean approve, String reason) {
    synchronized (records) {
      return guard.run(
          caller,
          Operation.ELEMENT_REVIEW,
          tenantLabel(caller, id),
          id,
          () -> {
            Names.checkText("reason", reason);
            Instant now = vault.clock().instant();
            Element element = visible(caller, id).asOf(now);
            if (element.state() == ElementState.RELEASE_REVIEW) {
              return decideRelease(caller, element, approve, reason, now);
            }
            if (element.state() != ElementState.SUBMITTED) {
              throw new VaultException(
                  ErrorCode.POLICY_REFUSED,
                  ElementMessages.state(
                      id,
                      element.state(),
                      "review",
                      ElementMessages.either(
                          EnumSet.of(ElementState.SUBMITTED, ElementState.RELEASE_REVIEW))));
            }
            String reviewer = caller.name();
            if (approve) {
              // The floor may have been raised since the submission: approve nothing below it.
              ThresholdFloor.of(tenants.byId(element.tenantId()).orElseThrow())
                  .requireRunnable(element);
              Element approved = element.approve(reviewer, reason, vault.clock().instant());
              return save(
                  approved,
                  "element.approve",
                  "valid until " + approved.validUntil() + "; reason: " + reason);
            }
            Element rejected = element.reject(reviewer, reason, vault.clock().instant());
            return save(rejected, "element.reject", "reason: " + reason);
          });
    }
  }

  private Guard.Change<Element> decideRelease(
      Principal caller, Element element, boolean approve, String reason, Instant now) {
    if (approve) {
      ThresholdFloor.of(tenants.byId(element.tenantId()).orElseThrow()).requireRunnable(element);
      for (DatasetCategory dataset : OpenCategories.behind(vault, element)) {
        if (dataset.category() == OpenCategory.NONE) {
          throw new VaultException(ErrorCode.POLICY_REFUSED, ElementMessages.notOpen(dataset));
        }
      }
      return save(
          element.publish(caller.name(), reason, now),
          "element.publish",
          "in the catalog until " + element.validUntil() + "; reason: " + reason);
    }
    return save(
        element.rejectRelease(caller.name(), reason, now),
        "element.release-reject",
        "back to APPROVED; reason: " + reason);
  }

  /**
   * Its developer puts an {@code APPROVED} element that has run on real data to the release review
   * ({@code RELEASE_REVIEW}); runs wait for the vault admin's decision. Logged as {@code
   * element.release}.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than developer or another developer;
   *     {@code NOT_FOUND}; {@code POLICY_REFUSED} unless {@code APPROVED}, or if the log shows no
   *     successful run on real data; each logged
   */
  public Element release(Principal caller, String id) {
    return step(
        caller,
        Operation.ELEMENT_RELEASE,
        id,
        null,
        EnumSet.of(ElementState.APPROVED),
        false,
        (element, now) -> {
          if (RunLog.realRuns(vault.log(), element.id()).isEmpty()) {
            throw new VaultException(ErrorCode.POLICY_REFUSED, ElementMessages.notReleasable(id));
          }
          return element.requestRelease(caller.name(), now);
        },
        element -> "to release review, valid until " + element.validUntil());
  }

  /**
   * The catalog: every {@code PUBLISHED} element of every tenant that exists, as any principal may
   * see it ({@link CatalogEntry}: never the query or data), sorted by id. Expired ones are left
   * out.
   */
  public List<CatalogEntry> catalog(Principal caller) {
    return guard.run(
        caller,
        Operation.ELEMENT_CATALOG,
        ownTenantName(caller),
        "",
        () -> {
          Instant now = vault.clock().instant();
          List<CatalogEntry> entries =
              loadAll().stream()
                  .map(e -> e.asOf(now))
                  .filter(e -> e.state() == ElementState.PUBLISHED)
                  .sorted(Comparator.comparingLong(e -> Element.number(e.id())))
                  .map(CatalogEntry::of)
                  .toList();
          return Guard.Change.read(entries, entries.size() + " published elements");
        });
  }

  /**
   * An element's use per month, from the operation log: successful runs on real data, its
   * developer's and those of products that list it, the rows they released, and the tenants and
   * products that ran them. For the vault admin and the element's own tenant (its admin, and its
   * developer).
   *
   * @throws VaultException {@code FORBIDDEN} for auditors or another developer; {@code NOT_FOUND}
   *     for an element of another tenant; each logged
   */
  public ElementUsage usage(Principal caller, String id) {
    return guard.run(
        caller,
        Operation.ELEMENT_USAGE,
        tenantLabel(caller, id),
        id,
        () -> {
          Element element = visible(caller, id);
          if (caller.role() == Role.DEVELOPER && !element.developer().equals(caller.name())) {
            throw new VaultException(ErrorCode.FORBIDDEN, ElementMessages.usageNotYours(id));
          }
          ElementUsage usage =
              ElementUsage.of(
                  id, RunLog.realRuns(vault.log(), id), ProductRunLog.ofElement(vault.log(), id));
          return Guard.Change.read(usage, usage.months().size() + " months");
        });
  }

  /**
   * The elements {@code caller} may see, by id. Tenant principals see their own tenant's (naming
   * another tenant is "not found"); the vault admin and auditors see every tenant's or the one they
   * name.
   */
  public List<Element> list(Principal caller, @Nullable String tenantName) {
    return guard.run(
        caller,
        Operation.ELEMENT_LIST,
        tenantName != null ? tenantName : ownTenantName(caller),
        "",
        () -> {
          Optional<Long> tenantId = listedTenant(caller, tenantName);
          Instant now = vault.clock().instant();
          List<Element> visible =
              loadAll().stream()
                  .filter(e -> isVisibleTo(caller, e))
                  .filter(e -> tenantId.isEmpty() || tenantId.get() == e.tenantId())
                  .sorted(Comparator.comparingLong(e -> Element.number(e.id())))
                  .map(e -> e.asOf(now))
                  .toList();
          return Guard.Change.read(visible, visible.size() + " elements");
        });
  }

  /**
   * One element, if {@code caller} may see it; else "not found" as for an id that does not exist.
   */
  public Element show(Principal caller, String id) {
    return guard.run(
        caller,
        Operation.ELEMENT_SHOW,
        tenantLabel(caller, id),
        id,
        () -> Guard.Change.read(visible(caller, id).asOf(vault.clock().instant())));
  }

  /**
   * What element {@code id} has released so far, for its release review: runs and rows from the
   * log, release shapes from the release ledger, and its protection. Logged as {@code
   * element.show}; for whoever may see the element.
   */
  public ReleaseReport releaseReport(Principal caller, String id) {
    return guard.run(
        caller,
        Operation.ELEMENT_SHOW,
        tenantLabel(caller, id),
        id,
        () -> {
          Element element = visible(caller, id).asOf(vault.clock().instant());
          List<RunLog.Run> runs = RunLog.realRuns(vault.log(), id);
          ReleaseReport report =
              new ReleaseReport(
                  id,
                  element.state(),
                  runs.size(),
                  runs.stream().mapToLong(RunLog.Run::rows).sum(),
                  vault.results().releasesOf(element.tenantId(), id),
                  element.assessment().protection(),
                  element.assessment().rules());
          return Guard.Change.read(report, "release report, " + runs.size() + " real runs");
        });
  }

  /**
   * The vault admin stops an {@code APPROVED} or {@code PUBLISHED} element at once: runs are
   * refused from this write on, and its running jobs (its own and data products') are asked to stop
   * and end {@code CANCELLED}. Logged as {@code element.suspend} with the reason.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than admin; {@code NOT_FOUND}; {@code
   *     POLICY_REFUSED} unless {@code APPROVED} or {@code PUBLISHED} (an expired element reads
   *     {@code EXPIRED}); {@code USER_ERROR} for a bad reason; each logged
   */
  public Element suspend(Principal caller, String id, String reason) {
    return step(
        caller,
        Operation.ELEMENT_SUSPEND,
        id,
        reason,
        Element.RUNNABLE,
        true,
        (element, now) -> element.suspend(caller.name(), reason, now),
        element -> "reason: " + reason);
  }

  /**
   * The vault admin returns a {@code SUSPENDED} element to {@code APPROVED}, or to {@code
   * PUBLISHED} if it was published, with its original validity (so one whose validity ran out
   * meanwhile reads {@code EXPIRED}). Logged as {@code element.resume}.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than admin; {@code NOT_FOUND}; {@code
   *     POLICY_REFUSED} unless {@code SUSPENDED}; each logged
   */
  public Element resume(Principal caller, String id) {
    return step(
        caller,
        Operation.ELEMENT_RESUME,
        id,
        null,
        EnumSet.of(ElementState.SUSPENDED),
        false,
        (element, now) -> element.resume(caller.name(), now),
        element ->
            "back to "
                + (element.publishedAt() == null ? ElementState.APPROVED : ElementState.PUBLISHED)
                + ", valid until "
                + element.validUntil());
  }

  /**
   * Retires an element for good: no run, resumption or review after it, and its running jobs are
   * asked to stop as on suspension. The vault admin retires any element, a developer only one they
   * submitted. Logged as {@code element.retire} with the state it left and the reason.
   *
   * @throws VaultException {@code FORBIDDEN} for other roles or another developer; {@code
   *     NOT_FOUND}; {@code POLICY_REFUSED} if {@code REJECTED} or already {@code RETIRED}; {@code
   *     USER_ERROR} for a bad reason; each logged
   */
  public Element retire(Principal caller, String id, String reason) {
    return step(
        caller,
        Operation.ELEMENT_RETIRE,
        id,
        reason,
        EnumSet.of(
            ElementState.SUBMITTED,
            ElementState.APPROVED,
            ElementState.RELEASE_REVIEW,
            ElementState.PUBLISHED,
            ElementState.SUSPENDED,
            ElementState.EXPIRED),
        true,
        (element, now) -> element.retire(caller.name(), reason, now),
        element -> "was " + element.state() + "; reason: " + reason);
  }

  /**
   * One lifecycle step after the review: checks the reason, finds the element, requires a tenant
   * principal to be its developer and the element to be in one of {@code from} as it stands now,
   * and stores {@code change}'s result with its log entry; a step that {@code stopsRunningJobs}
   * asks them to stop once it is committed.
   */
  private Element step(
      Principal caller,
      Operation operation,
      String id,
      @Nullable String reason,
      Set<ElementState> from,
      boolean stopsRunningJobs,
      BiFunction<Element, Instant, Element> change,
      Function<Element, String> details) {
    synchronized (records) {
      return guard.run(
          caller,
          operation,
          tenantLabel(caller, id),
          id,
          () -> {
            if (reason != null) {
              Names.checkText("reason", reason);
            }
            Instant now = vault.clock().instant();
            Element element = visible(caller, id).asOf(now);
            // The table lets a developer only retire and release; of their tenant's, their own.
            if (caller.role().isTenantScoped() && !element.developer().equals(caller.name())) {
              throw new VaultException(
                  ErrorCode.FORBIDDEN,
                  ElementMessages.notTheOwner(
                      id, stepName(operation), AuthorizationTable.allows(Role.ADMIN, operation)));
            }
            if (!from.contains(element.state())) {
              throw new VaultException(
                  ErrorCode.POLICY_REFUSED,
                  ElementMessages.state(
                      id, element.state(), stepName(operation), ElementMessages.either(from)));
            }
            String logged = details.apply(element);
            Element changed = change.apply(element, now);
            Batch batch = new Batch();
            records.put(batch, KIND, Element.number(changed.id()), changed);
            Runnable onCommit =
                stopsRunningJobs ? () -> vault.jobs().cancelRunning(changed.id()) : () -> {};
            return new Guard.Change<>(changed, batch, null, logged, onCommit);
          });
    }
  }

  /** {@code suspend} for {@code element.suspend}: the step as messages name it. */
  private static String stepName(Operation operation) {
    String action = operation.action();
    return action.substring(action.indexOf('.') + 1);
  }

  /**
   * Runs element {@code id} for its developer as a new job: {@code body} gets the element and the
   * job id inside the guard, so its refusals and failures are logged as {@code element.run}; the
   * run is logged OK with the job id after {@code body} returns and before its result reaches the
   * caller. A real run needs an {@code APPROVED} element within its validity; a sample run ({@code
   * sample}) one that is {@code SUBMITTED} or {@code APPROVED}. The tenant must be working, and the
   * element's threshold at least the tenant's floor, which may have been raised since the element
   * was submitted.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than developer or a developer other
   *     than the element's; {@code NOT_FOUND} for an element of another tenant; {@code
   *     POLICY_REFUSED} for a tenant that may not work, an element not in a runnable state or one
   *     whose threshold is below the tenant's floor; what {@code body} throws; each logged
   */
  public <T> T run(Principal caller, String id, boolean sample, RunBody<T> body) {
    return run(caller, id, sample, Map.of(), body);
  }

  /**
   * Runs element {@code id} as {@link #run(Principal, String, boolean, RunBody)} does, with {@code
   * arguments} for its template parameters, checked against their domains ({@link
   * ElementSpec#bind}) before a job is created: a missing, undeclared or out-of-domain value is
   * refused ({@code USER_ERROR}) and logged, and nothing runs.
   */
  public <T> T run(
      Principal caller, String id, boolean sample, Map<String, String> arguments, RunBody<T> body) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(arguments, "arguments");
    return guard.run(
        caller,
        Operation.ELEMENT_RUN,
        tenantLabel(caller, id),
        id,
        () -> {
          Element element = visible(caller, id);
          if (!element.developer().equals(caller.name())) {
            throw new VaultException(ErrorCode.FORBIDDEN, ElementMessages.notTheDeveloper(id));
          }
          Tenant tenant = tenants.byId(element.tenantId()).orElseThrow();
          requireWorking(tenant, "runs");
          if (sample) {
            ElementState now = element.asOf(vault.clock().instant()).state();
            if (!SAMPLE_RUNNABLE.contains(now)) {
              throw new VaultException(
                  ErrorCode.POLICY_REFUSED,
                  ElementMessages.state(
                      id, now, "a sample run", ElementMessages.either(SAMPLE_RUNNABLE)));
            }
          } else {
            // The stored state, so that an expired approval is refused naming its date below.
            if (!Element.RUNNABLE.contains(element.state())) {
              throw new VaultException(
                  ErrorCode.POLICY_REFUSED,
                  ElementMessages.state(
                      id, element.state(), "a run", ElementMessages.either(Element.RUNNABLE)));
            }
            Instant validUntil = Objects.requireNonNull(element.validUntil());
            if (!element.isRunnableAt(vault.clock().instant())) {
              throw new VaultException(
                  ErrorCode.POLICY_REFUSED, ElementMessages.expired(id, validUntil));
            }
          }
          ThresholdFloor.of(tenant).requireRunnable(element);
          var unused = element.spec().bind(arguments);
          JobRecord job =
              vault.jobs().start(caller, tenant.id(), tenant.name(), element.id(), sample);
          T result;
          try {
            result = body.run(element, job.id());
          } catch (RuntimeException e) {
            vault.jobs().fail(job);
            throw e;
          }
          Batch ended = new Batch();
          vault.jobs().succeed(ended, job);
          return new Guard.Change<>(
              result, ended, null, RunLog.details(job.id(), sample, result), () -> {});
        });
  }

  /**
   * Element {@code id} of any tenant that exists, as it stands now, unlogged and unauthorized: for
   * the product service, which logs the operation it performs and shows its consumers nothing but
   * the element's id, name, owner and state. Empty for an id that names no element.
   */
  public Optional<Element> lookup(String id) {
    if (!Names.isValid(id) || Element.number(id) < 1) {
      return Optional.empty();
    }
    Instant now = vault.clock().instant();
    return load(Element.number(id)).map(e -> e.asOf(now));
  }

  private Guard.Change<Element> save(Element element, @Nullable String action, String details) {
    Batch batch = new Batch();
    records.put(batch, KIND, Element.number(element.id()), element);
    return new Guard.Change<>(element, batch, action, details, () -> {});
  }

  /** Names counts and choices only: the query text never enters the log. */
  private static String summary(ElementSpec spec, Assessment assessment) {
    return "element "
        + spec.name()
        + ", "
        + spec.type()
        + ", "
        + spec.datasets().size()
        + " datasets, "
        + assessment.columns().size()
        + " columns, threshold "
        + assessment.threshold();
  }

  /** Every stored element of a tenant that still exists. */
  private List<Element> loadAll() {
    return records.loadAll(KIND, Element.class).stream().filter(this::tenantExists).toList();
  }

  /** The stored element numbered {@code number}, if its tenant still exists. */
  private Optional<Element> load(long number) {
    return records.load(KIND, number, Element.class).filter(this::tenantExists);
  }

  private boolean tenantExists(Element element) {
    return tenants
        .byId(element.tenantId())
        .map(t -> t.state() != TenantState.DESTROYED)
        .orElse(false);
  }

  private Element visible(Principal caller, String id) {
    Names.check("element", id);
    return load(Element.number(id))
        .filter(e -> isVisibleTo(caller, e))
        .orElseThrow(() -> new VaultException(ErrorCode.NOT_FOUND, ElementMessages.notFound(id)));
  }

  private static boolean isVisibleTo(Principal caller, Element element) {
    return !caller.role().isTenantScoped() || Objects.equals(caller.tenantId(), element.tenantId());
  }

  /** The tenant a listing is narrowed to, if any; naming an invisible tenant is "not found". */
  private Optional<Long> listedTenant(Principal caller, @Nullable String tenantName) {
    if (tenantName == null) {
      return Optional.empty();
    }
    Names.check("tenant", tenantName);
    return tenants
        .find(caller, tenantName)
        .filter(t -> t.state() != TenantState.DESTROYED)
        .map(Tenant::id)
        .map(Optional::of)
        .orElseThrow(
            () ->
                new VaultException(
                    ErrorCode.NOT_FOUND, ElementMessages.tenantNotFound(tenantName)));
  }

  /** The caller's own tenant; only tenant principals reach here (the table sees to it). */
  private Tenant ownTenant(Principal caller) {
    Long own = caller.tenantId();
    return Optional.ofNullable(own)
        .flatMap(tenants::byId)
        .filter(t -> t.state() != TenantState.DESTROYED)
        .orElseThrow(
            () ->
                new VaultException(
                    ErrorCode.NOT_FOUND, "the caller belongs to no tenant that exists"));
  }

  private void requireWorking(Tenant tenant, String what) {
    if (!tenant.canOperate(tenants.businessDate())) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED,
          ElementMessages.tenantNotWorking(tenant.name(), tenant.state(), what));
    }
  }

  private String ownTenantName(Principal caller) {
    Long own = caller.tenantId();
    return own == null ? "" : tenants.byId(own).map(Tenant::name).orElse("");
  }

  /**
   * The tenant an entry about element {@code id} is filed under: a tenant principal's own (never
   * another's, which would tell that tenant of the attempt and the caller of the element), the
   * element's for the vault admin and auditors.
   */
  private String tenantLabel(Principal caller, String id) {
    if (caller.role().isTenantScoped()) {
      return ownTenantName(caller);
    }
    if (!Names.isValid(id)) {
      return "";
    }
    long number = Element.number(id);
    return loadAll().stream()
        .filter(e -> Element.number(e.id()) == number)
        .map(Element::tenant)
        .findFirst()
        .orElse("");
  }
}
