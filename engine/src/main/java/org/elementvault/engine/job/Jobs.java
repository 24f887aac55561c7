package org.elementvault.engine.job;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.OperationLog;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.engine.seal.Records;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.VaultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's jobs, stored as sealed records ({@code job}/number). A run records its job {@code
 * RUNNING} before its work starts and its end afterwards; the next open marks every job still
 * {@code RUNNING} as {@code INTERRUPTED}, logged {@code job.interrupted}. Job numbers come from a
 * persistent sequence made durable before use, so an id is never handed out twice, not even after a
 * crash. Cancelling sets a flag the run checks between batches. Thread-safe.
 *
 * <p>Who sees what: the vault admin and auditors see every job, a tenant admin its tenant's, a
 * developer the jobs it ran; any other job is "not found".
 */
public final class Jobs {

  private static final Logger logger = LoggerFactory.getLogger(Jobs.class);

  /** The record kind and sequence name of jobs. */
  private static final String KIND = "job";

  /** The actor of entries the vault writes on its own behalf at open. */
  private static final String VAULT_ACTOR = "vault";

  private final Records records;
  private final VaultStore store;
  private final Guard guard;
  private final Clock clock;
  private final Map<String, AtomicBoolean> cancelRequests = new ConcurrentHashMap<>();

  public Jobs(Records records, VaultStore store, Guard guard, Clock clock) {
    this.records = records;
    this.store = store;
    this.guard = guard;
    this.clock = clock;
  }

  /**
   * Marks every job still {@code RUNNING} as {@code INTERRUPTED}, each with its {@code
   * job.interrupted} entry in the same write. Called once at open, before any job can start.
   *
   * @return how many jobs were marked
   */
  public int interruptRunning(OperationLog log) {
    List<JobRecord> running =
        records.loadAll(KIND, JobRecord.class).stream()
            .filter(job -> job.state() == JobState.RUNNING)
            .toList();
    for (JobRecord job : running) {
      Batch batch = new Batch();
      put(batch, job.endedAs(JobState.INTERRUPTED, clock.instant()));
      log.commit(
          new LogRecord(
              VAULT_ACTOR,
              job.tenant(),
              "job.interrupted",
              job.id(),
              Outcome.OK,
              "was RUNNING when the vault stopped"),
          batch);
    }
    if (!running.isEmpty()) {
      logger.info("marked {} jobs interrupted by the last stop", running.size());
    }
    return running.size();
  }

  /**
   * Records a new {@code RUNNING} job, durably, before its work starts; its id is never reused. The
   * caller ends it with {@link #succeed} or {@link #fail}.
   */
  public JobRecord start(
      Principal developer, long tenantId, String tenant, String element, boolean sample) {
    Batch batch = new Batch();
    String id = JobIds.of(records.next(batch, KIND));
    JobRecord job =
        new JobRecord(
            id,
            tenantId,
            tenant,
            element,
            developer.name(),
            sample,
            JobState.RUNNING,
            clock.instant(),
            null);
    put(batch, job);
    store.write(batch); // the number and the record in one synced write
    cancelRequests.put(id, new AtomicBoolean());
    return job;
  }

  /** Adds to {@code batch} the end of {@code job} as {@code DONE}, committed with its log entry. */
  public void succeed(Batch batch, JobRecord job) {
    put(batch, job.endedAs(JobState.DONE, clock.instant()));
    cancelRequests.remove(job.id());
  }

  /**
   * Records the end of {@code job} after its run threw: {@code CANCELLED} if a cancellation was
   * requested, else {@code FAILED}.
   */
  public void fail(JobRecord job) {
    AtomicBoolean requested = cancelRequests.remove(job.id());
    boolean cancelled = requested != null && requested.get();
    write(job.endedAs(cancelled ? JobState.CANCELLED : JobState.FAILED, clock.instant()));
  }

  /** Whether a cancellation of running job {@code id} was requested. */
  public boolean isCancelRequested(String id) {
    AtomicBoolean requested = cancelRequests.get(id);
    return requested != null && requested.get();
  }

  /** The jobs {@code caller} may see, by number. */
  public List<JobRecord> list(Principal caller) {
    return guard.run(
        caller,
        Operation.JOB_LIST,
        "",
        "",
        () ->
            Guard.Change.read(
                records.loadAll(KIND, JobRecord.class).stream()
                    .filter(job -> isVisible(caller, job))
                    .sorted(Comparator.comparingLong(job -> JobIds.number(job.id())))
                    .toList()));
  }

  /**
   * Job {@code id}, if {@code caller} may see it.
   *
   * @throws VaultException {@code USER_ERROR} for a malformed id, {@code NOT_FOUND} for a job that
   *     does not exist or is not visible
   */
  public JobRecord show(Principal caller, String id) {
    return guard.run(
        caller, Operation.JOB_SHOW, "", id, () -> Guard.Change.read(visible(caller, id)));
  }

  /**
   * Asks running job {@code id} to stop; the run stops between batches and ends {@code CANCELLED}.
   * Logged before the flag is set.
   *
   * @throws VaultException {@code USER_ERROR} for a malformed id, {@code NOT_FOUND} for a job that
   *     is not visible (a developer sees only the jobs it ran), {@code POLICY_REFUSED} for a job
   *     that has ended (naming its state)
   */
  public JobRecord cancel(Principal caller, String id) {
    return guard.run(
        caller,
        Operation.JOB_CANCEL,
        "",
        id,
        () -> {
          JobRecord job = visible(caller, id);
          if (job.state() != JobState.RUNNING) {
            throw new VaultException(
                ErrorCode.POLICY_REFUSED, JobMessages.notRunning(id, job.state()));
          }
          return new Guard.Change<>(
              job,
              new Batch(),
              null,
              "cancellation requested",
              () -> cancelRequests.computeIfAbsent(id, k -> new AtomicBoolean()).set(true));
        });
  }

  /**
   * Asks every running job of element {@code element} to stop, as {@link #cancel} does for one: for
   * a lifecycle step (suspension, retirement) that stops the element at once, once that step and
   * its log entry are committed. Its own runs and data products' runs alike end {@code CANCELLED}.
   */
  public void cancelRunning(String element) {
    for (JobRecord job : records.loadAll(KIND, JobRecord.class)) {
      AtomicBoolean requested = cancelRequests.get(job.id());
      if (requested != null && job.state() == JobState.RUNNING && job.element().equals(element)) {
        requested.set(true);
      }
    }
  }

  private JobRecord visible(Principal caller, String id) {
    long number = JobIds.number(JobIds.check(id));
    return records.loadAll(KIND, JobRecord.class).stream()
        .filter(job -> JobIds.number(job.id()) == number && isVisible(caller, job))
        .findFirst()
        .orElseThrow(() -> new VaultException(ErrorCode.NOT_FOUND, JobMessages.notFound(id)));
  }

  private static boolean isVisible(Principal caller, JobRecord job) {
    return switch (caller.role()) {
      case ADMIN, AUDITOR -> true;
      case TENANT_ADMIN -> Objects.equals(caller.tenantId(), job.tenantId());
      case DEVELOPER ->
          Objects.equals(caller.tenantId(), job.tenantId())
              && job.developer().equals(caller.name());
    };
  }

  private void write(JobRecord job) {
    Batch batch = new Batch();
    put(batch, job);
    store.write(batch);
  }

  private void put(Batch batch, JobRecord job) {
    records.put(batch, KIND, JobIds.number(job.id()), job);
  }
}
