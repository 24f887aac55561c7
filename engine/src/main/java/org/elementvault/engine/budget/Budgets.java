package org.elementvault.engine.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.seal.SealedMeta;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.VaultStore;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.TenantState;
import org.elementvault.engine.tenant.Tenants;
import org.jspecify.annotations.Nullable;

/**
 * The ε budgets of datasets: the vault admin grants each dataset of a tenant an ε per rolling
 * window ({@link #set}); a dp run is charged on every dataset it reads before it reads any data
 * ({@link #charge}) and gets its ε back if it fails ({@link #refund}).
 *
 * <h2>How a dp run uses it</h2>
 *
 * <pre>{@code
 * Charge charge = vault.budgets().charge(caller, tenantId, spec.datasets(), spec.epsilon(), jobId);
 * try {
 *   ... read the data, compute, release ...
 * } catch (RuntimeException e) {
 *   vault.budgets().refund(caller, charge);
 *   throw e;
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li><b>No overspending.</b> Charges are serialized: a charge checks every dataset's window and
 *       writes its record in one step, so concurrent runs never spend more than a budget, however
 *       many there are.
 *   <li><b>All or nothing, logged.</b> A charge for all of a run's datasets is one atomic write
 *       together with its {@code budget.charge} log entry; a refused charge changes nothing and is
 *       logged {@code REFUSED}. A refund is one atomic write with its {@code budget.refund} entry.
 *   <li><b>Durable, conservatively.</b> A charge is durable once {@link #charge} returns. A run
 *       that crashes after it stays charged: nobody refunds it, so a crash can only make the vault
 *       spend less of a budget than it might have, never more.
 *   <li><b>Rolling window.</b> What a dataset has used is the sum of its charges made within the
 *       last {@code windowDays} × 24 hours before now (the vault's clock), refunded ones excluded.
 *   <li><b>Exact.</b> Amounts are {@link BigDecimal}s with at most {@value Epsilon#MAX_DECIMALS}
 *       decimal places; nothing is rounded.
 * </ul>
 *
 * <p>A budget belongs to the dataset's name within its tenant: dropping and re-importing a dataset
 * keeps its budget and what it used. Records are sealed like all vault metadata. Thread-safe; every
 * operation is serialized.
 */
public final class Budgets {

  /** The longest window: a year, leap day included. Older charges never count and are deleted. */
  public static final int MAX_WINDOW_DAYS = 366;

  /** {@code budget/id}: one sealed {@link Budget} per dataset that has one. */
  private static final String BUDGET_KIND = "budget";

  /** {@code budget-charge/id}: one sealed {@link StoredCharge} per charge of the last year. */
  private static final String CHARGE_KIND = "budget-charge";

  /**
   * {@code budget-sequence/0}: the last record number handed out, so numbers are never reused even
   * after old charges are deleted (a reused number would let an old sealed record pass as new).
   */
  private static final String SEQUENCE_KIND = "budget-sequence";

  private final SealedMeta meta;
  private final VaultStore store;
  private final Guard guard;
  private final Datasets datasets;
  private final Tenants tenants;
  private final Clock clock;
  private final Map<Long, Budget> budgets = new HashMap<>();
  private final Map<Long, StoredCharge> charges = new HashMap<>();
  private long lastId;

  public Budgets(
      SealedMeta meta,
      VaultStore store,
      Guard guard,
      Datasets datasets,
      Tenants tenants,
      Clock clock) {
    this.meta = meta;
    this.store = store;
    this.guard = guard;
    this.datasets = datasets;
    this.tenants = tenants;
    this.clock = clock;
    meta.loadAll(BUDGET_KIND, Budget.class).forEach(b -> budgets.put(b.id(), b));
    meta.loadAll(CHARGE_KIND, StoredCharge.class).forEach(c -> charges.put(c.charge().id(), c));
    lastId = meta.loadAll(SEQUENCE_KIND, Long.class).stream().findFirst().orElse(0L);
    // An exit cut off before its budgets were forgotten leaves them: they go at the next open.
    Set<Long> owners = new HashSet<>();
    budgets.values().forEach(b -> owners.add(b.tenantId()));
    charges.values().forEach(c -> owners.add(c.charge().tenantId()));
    owners.stream().filter(this::isGone).forEach(this::forgetTenant);
  }

  /**
   * Sets the ε budget of a dataset: {@code epsilon} per rolling window of {@code windowDays}. The
   * vault admin's act. Charges already made keep counting, so a budget lowered below what the
   * window has used leaves nothing until they age out.
   *
   * @param tenantName the dataset's tenant (the vault admin must name it)
   * @param epsilon 0 &lt; ε ≤ 100, at most 6 decimal places
   * @param windowDays 1 to {@value #MAX_WINDOW_DAYS}
   * @return the budget as it now stands
   * @throws VaultException {@code FORBIDDEN} for every role but the vault admin; {@code USER_ERROR}
   *     for an ε or window out of range; {@code NOT_FOUND} for an unknown tenant or dataset; each
   *     logged as {@code dataset.budget}
   */
  public synchronized BudgetStatus set(
      Principal caller,
      @Nullable String tenantName,
      String dataset,
      BigDecimal epsilon,
      int windowDays) {
    Objects.requireNonNull(epsilon, "epsilon");
    return guard.run(
        caller,
        Operation.DATASET_BUDGET,
        datasets.tenantLabel(caller, tenantName),
        dataset,
        () -> {
          Dataset found = datasets.visible(caller, tenantName, dataset);
          BigDecimal exact = Epsilon.check(epsilon);
          if (windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
            throw new VaultException(ErrorCode.USER_ERROR, BudgetMessages.INVALID_WINDOW);
          }
          Instant now = clock.instant();
          Optional<Budget> before = find(found.tenantId(), found.name());
          Batch batch = new Batch();
          long id = before.map(Budget::id).orElseGet(() -> nextId(batch));
          Budget budget = new Budget(id, found.tenantId(), found.name(), exact, windowDays, now);
          meta.put(batch, BUDGET_KIND, id, budget);
          String details =
              BudgetMessages.describe(budget)
                  + before.map(b -> ", was " + BudgetMessages.describe(b)).orElse("");
          return new Guard.Change<>(
              status(budget, now), batch, null, details, () -> budgets.put(id, budget));
        });
  }

  /**
   * Charges {@code epsilon} to every dataset of {@code datasets} for the dp run {@code jobId},
   * before the run reads any data. Either every dataset has that much left in its window and all
   * are charged in one atomic write with the {@code budget.charge} log entry, or none is.
   *
   * <p>Durable once it returns. Call {@link #refund} if the run then fails; a run that crashes
   * stays charged (conservative: a crash never lets the vault spend more than the budget).
   *
   * @param caller the developer running the element
   * @param tenantId the tenant whose datasets the run reads (the caller's own)
   * @param datasets the datasets the run reads; each is charged once, however often it is named
   * @param epsilon the ε the run costs: 0 &lt; ε ≤ 100, at most 6 decimal places
   * @param jobId the run's job id, for the log
   * @return the charge, to hand to {@link #refund} if the run fails
   * @throws VaultException {@code POLICY_REFUSED} naming the first dataset without a budget or
   *     without enough left (its budget, window and what is left); {@code FORBIDDEN} for roles
   *     other than developer; {@code NOT_FOUND} for a tenant other than the caller's; {@code
   *     USER_ERROR} for a bad ε, dataset name or job id; each logged as {@code budget.charge}, and
   *     nothing charged
   */
  public synchronized Charge charge(
      Principal caller, long tenantId, List<String> datasets, BigDecimal epsilon, String jobId) {
    Objects.requireNonNull(datasets, "datasets");
    Objects.requireNonNull(epsilon, "epsilon");
    Objects.requireNonNull(jobId, "jobId");
    Optional<Tenant> tenant = visibleTenant(caller, tenantId);
    return guard.run(
        caller,
        Operation.BUDGET_CHARGE,
        tenant.map(Tenant::name).orElse(""),
        jobId,
        () -> {
          if (tenant.isEmpty()) {
            throw new VaultException(ErrorCode.NOT_FOUND, BudgetMessages.TENANT_NOT_FOUND);
          }
          Names.check("job", jobId);
          BigDecimal cost = Epsilon.check(epsilon);
          Set<String> names = new LinkedHashSet<>();
          datasets.forEach(name -> names.add(Names.check("dataset", name)));
          if (names.isEmpty()) {
            throw new VaultException(ErrorCode.USER_ERROR, BudgetMessages.NO_DATASETS);
          }
          Instant now = clock.instant();
          for (String name : names) {
            Budget budget =
                find(tenantId, name)
                    .orElseThrow(
                        () ->
                            new VaultException(
                                ErrorCode.POLICY_REFUSED, BudgetMessages.noBudget(name)));
            BigDecimal left = status(budget, now).left();
            if (cost.compareTo(left) > 0) {
              throw new VaultException(
                  ErrorCode.POLICY_REFUSED, BudgetMessages.exceeded(name, cost, left, budget));
            }
          }
          Batch batch = new Batch();
          long id = nextId(batch);
          Charge charge = new Charge(id, tenantId, List.copyOf(names), cost, jobId, now);
          meta.put(batch, CHARGE_KIND, id, new StoredCharge(charge, null));
          List<Long> expired = expired(now);
          expired.forEach(old -> meta.delete(batch, CHARGE_KIND, old));
          return new Guard.Change<>(
              charge,
              batch,
              null,
              "ε " + Epsilon.text(cost) + " on " + String.join(", ", names) + ", charge " + id,
              () -> {
                expired.forEach(charges::remove);
                charges.put(id, new StoredCharge(charge, null));
              });
        });
  }

  /**
   * Gives a failed run's ε back to every dataset it was charged, in one atomic write with the
   * {@code budget.refund} log entry. Idempotent: refunding a charge again, or one so old it no
   * longer counts, does nothing and logs nothing.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than developer; {@code NOT_FOUND} for
   *     a charge of another tenant or one that differs from the charge recorded under its number;
   *     each logged as {@code budget.refund}
   */
  public synchronized void refund(Principal caller, Charge charge) {
    Objects.requireNonNull(charge, "charge");
    StoredCharge stored = charges.get(charge.id());
    if (stored == null || stored.refundedAt() != null) {
      // Refunded already, or so old it was deleted: it counts nowhere.
      return;
    }
    Optional<Tenant> tenant = visibleTenant(caller, charge.tenantId());
    var unused =
        guard.run(
            caller,
            Operation.BUDGET_REFUND,
            tenant.map(Tenant::name).orElse(""),
            charge.jobId(),
            () -> {
              if (tenant.isEmpty() || !stored.charge().equals(charge)) {
                throw new VaultException(
                    ErrorCode.NOT_FOUND, BudgetMessages.chargeNotFound(charge.id()));
              }
              StoredCharge refunded = stored.refunded(clock.instant());
              Batch batch = new Batch();
              meta.put(batch, CHARGE_KIND, charge.id(), refunded);
              return new Guard.Change<>(
                  charge,
                  batch,
                  null,
                  "ε "
                      + Epsilon.text(charge.epsilon())
                      + " back on "
                      + String.join(", ", charge.datasets())
                      + ", charge "
                      + charge.id(),
                  () -> charges.put(charge.id(), refunded));
            });
  }

  /**
   * A dataset's budget and what its window has used now, or empty if it has none. For everyone who
   * may describe the dataset; logged as {@code dataset.budget-status}.
   *
   * @param tenantName the dataset's tenant; tenant-scoped callers may omit it (their own)
   * @throws VaultException {@code NOT_FOUND} for an unknown tenant or dataset, logged
   */
  public synchronized Optional<BudgetStatus> status(
      Principal caller, @Nullable String tenantName, String dataset) {
    return guard.run(
        caller,
        Operation.DATASET_BUDGET_STATUS,
        datasets.tenantLabel(caller, tenantName),
        dataset,
        () -> {
          Dataset found = datasets.visible(caller, tenantName, dataset);
          Instant now = clock.instant();
          return Guard.Change.read(
              find(found.tenantId(), found.name()).map(budget -> status(budget, now)));
        });
  }

  /** Forgets every budget and charge of an exited tenant (its exit is logged already). */
  public synchronized void forgetTenant(long tenantId) {
    Batch batch = new Batch();
    List<Budget> gone = budgets.values().stream().filter(b -> b.tenantId() == tenantId).toList();
    List<StoredCharge> spent =
        charges.values().stream().filter(c -> c.charge().tenantId() == tenantId).toList();
    gone.forEach(b -> meta.delete(batch, BUDGET_KIND, b.id()));
    spent.forEach(c -> meta.delete(batch, CHARGE_KIND, c.charge().id()));
    store.write(batch);
    gone.forEach(b -> budgets.remove(b.id()));
    spent.forEach(c -> charges.remove(c.charge().id()));
  }

  private boolean isGone(long tenantId) {
    return tenants.byId(tenantId).map(t -> t.state() == TenantState.DESTROYED).orElse(true);
  }

  /** The tenant a charge or refund concerns, if the caller may act for it. */
  private Optional<Tenant> visibleTenant(Principal caller, long tenantId) {
    Long own = caller.tenantId();
    if (own != null && own != tenantId) {
      return Optional.empty();
    }
    return tenants.byId(tenantId).filter(t -> t.state() != TenantState.DESTROYED);
  }

  private Optional<Budget> find(long tenantId, String dataset) {
    return budgets.values().stream()
        .filter(b -> b.tenantId() == tenantId && b.dataset().equals(dataset))
        .findFirst();
  }

  private BudgetStatus status(Budget budget, Instant now) {
    Instant windowStart = now.minus(Duration.ofDays(budget.windowDays()));
    BigDecimal used =
        charges.values().stream()
            .filter(c -> c.counts(budget.tenantId(), budget.dataset(), windowStart))
            .map(StoredCharge::epsilon)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal left = budget.epsilon().subtract(used).max(BigDecimal.ZERO);
    return new BudgetStatus(budget.epsilon(), budget.windowDays(), used, left);
  }

  /** Charges too old to count in any window; deleted with the next charge. */
  private List<Long> expired(Instant now) {
    Instant oldest = now.minus(Duration.ofDays(MAX_WINDOW_DAYS));
    List<Long> old = new ArrayList<>();
    charges.forEach(
        (id, c) -> {
          if (!c.charge().chargedAt().isAfter(oldest)) {
            old.add(id);
          }
        });
    return old;
  }

  /**
   * The next record number, with its sequence written in {@code batch}. Taken before the commit: if
   * the commit fails the number is skipped, never reused.
   */
  private long nextId(Batch batch) {
    lastId++;
    meta.put(batch, SEQUENCE_KIND, 0, lastId);
    return lastId;
  }
}
