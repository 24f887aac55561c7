package org.elementvault.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.tenant.Quotas;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.Tenants;
import org.elementvault.server.api.QuotaChange;
import org.elementvault.server.api.TenantInfo;
import org.elementvault.server.api.VaultApi;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code evault tenant …}: the tenant lifecycle (vault admin) and change requests. */
@Command(
    name = "tenant",
    mixinStandardHelpOptions = true,
    description = "Provision tenants through their lifecycle.",
    subcommandsRepeatable = false)
final class TenantCommand {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = "Enter a tenant's application.")
  void apply(
      @Option(names = "--name", required = true, paramLabel = "T") String name,
      @Option(names = "--contact", required = true, paramLabel = "C", description = "Free text.")
          String contact,
      @Option(names = "--temporary", description = "A temporary tenant (needs --until).")
          boolean temporary,
      @Option(
              names = "--until",
              paramLabel = "DATE",
              description = "Last day of a temporary tenant, at most 6 months ahead.")
          @Nullable LocalDate until) {
    if (temporary != (until != null)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--temporary and --until DATE go together");
    }
    run(api -> api.applyTenant(name, contact, until));
  }

  @Command(
      name = "review",
      mixinStandardHelpOptions = true,
      description = "Decide the pending application or change request.")
  void review(
      @Parameters(paramLabel = "T") String name,
      @ArgGroup(exclusive = true, multiplicity = "1") Decision decision,
      @Option(names = "--reason", required = true, paramLabel = "R") String reason) {
    run(api -> api.reviewTenant(name, decision.approve, reason));
  }

  @Command(
      name = "activate",
      mixinStandardHelpOptions = true,
      description = "End the trial: the tenant becomes active.")
  void activate(@Parameters(paramLabel = "T") String name) {
    run(api -> api.activateTenant(name));
  }

  @Command(
      name = "extend-trial",
      mixinStandardHelpOptions = true,
      description = "Extend a tenant's trial.")
  void extendTrial(
      @Parameters(paramLabel = "T") String name,
      @Option(names = "--days", required = true, paramLabel = "N") int days) {
    run(api -> api.extendTrial(name, days));
  }

  @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Suspend a tenant.")
  void suspend(@Parameters(paramLabel = "T") String name) {
    run(api -> api.suspendTenant(name));
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume a suspended tenant.")
  void resume(@Parameters(paramLabel = "T") String name) {
    run(api -> api.resumeTenant(name));
  }

  @Command(
      name = "exit",
      mixinStandardHelpOptions = true,
      description = {
        "Destroy a tenant: revoke every credential, shred its key, delete its data.",
        "Irreversible. The operation log keeps the record."
      })
  void exit(
      @Parameters(paramLabel = "T") String name,
      @Option(
              names = "--confirm",
              required = true,
              paramLabel = "T",
              description = "The tenant's name again.")
          String confirm) {
    run(api -> api.exitTenant(name, confirm));
  }

  /** Quota options shared by {@code change} and {@code quota}; absent ones keep their value. */
  static final class QuotaOptions {
    @Option(names = "--storage-bytes", paramLabel = "N")
    @Nullable Long storageBytes;

    @Option(names = "--max-jobs", paramLabel = "N")
    @Nullable Integer maxJobs;

    @Option(names = "--max-rows-scanned", paramLabel = "N")
    @Nullable Long maxRowsScanned;

    @Option(
        names = "--min-threshold",
        paramLabel = "K",
        converter = MinThresholdConverter.class,
        description =
            "The smallest threshold k the tenant's elements may use ("
                + Quotas.MIN_THRESHOLD_LOWEST
                + " to "
                + Quotas.MIN_THRESHOLD_HIGHEST
                + ").")
    @Nullable Integer minThreshold;

    QuotaChange change() {
      return new QuotaChange(storageBytes, maxJobs, maxRowsScanned, minThreshold);
    }
  }

  /** Reads a threshold floor and refuses one out of range as bad usage, by the engine's rule. */
  static final class MinThresholdConverter implements ITypeConverter<Integer> {

    @Override
    public Integer convert(String value) {
      int k;
      try {
        k = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expected a whole number");
      }
      try {
        Quotas.checkMinThreshold(k);
      } catch (VaultException e) {
        throw new TypeConversionException(e.getMessage());
      }
      return k;
    }
  }

  @Command(
      name = "change",
      mixinStandardHelpOptions = true,
      description = "Request a change of quotas (tenant admin); the vault admin reviews it.")
  void change(@Parameters(paramLabel = "T") String name, @Mixin QuotaOptions quotas) {
    run(api -> api.requestTenantChange(name, quotas.change()));
  }

  @Command(
      name = "quota",
      mixinStandardHelpOptions = true,
      description = "Set a tenant's quotas and threshold floor (vault admin).")
  void quota(@Parameters(paramLabel = "T") String name, @Mixin QuotaOptions quotas) {
    run(api -> api.setTenantQuotas(name, quotas.change()));
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List tenants with their deadlines and overdue reviews.")
  void list() {
    try (Session session = Session.open(global, spec.commandLine())) {
      List<TenantInfo> tenants = session.api.listTenants();
      List<List<String>> rows = new ArrayList<>();
      for (TenantInfo info : tenants) {
        Tenant tenant = info.tenant();
        rows.add(
            List.of(
                tenant.name(),
                tenant.state().name(),
                String.valueOf(tenant.reviewDue()),
                text(tenant.trialEnds()),
                text(tenant.temporaryUntil()),
                info.overdue()));
      }
      Rendering.printValues(
          spec.commandLine().getOut(),
          global.output,
          tenants,
          List.of("name", "state", "review_due", "trial_ends", "temporary_until", "overdue"),
          rows);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one tenant.")
  void show(@Parameters(paramLabel = "T") String name) {
    run(api -> api.showTenant(name));
  }

  private void run(Function<VaultApi, TenantInfo> operation) {
    try (Session session = Session.open(global, spec.commandLine())) {
      print(operation.apply(session.api));
    }
  }

  private void print(TenantInfo info) {
    Tenant tenant = info.tenant();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", tenant.name());
    fields.put("state", tenant.state().name());
    fields.put("contact", tenant.contact());
    fields.put("applied_at", tenant.appliedAt().toString());
    fields.put("review_due", tenant.reviewDue().toString());
    fields.put("trial_ends", text(tenant.trialEnds()));
    fields.put("activation_review_due", text(tenant.activationReviewDue()));
    fields.put("temporary_until", text(tenant.temporaryUntil()));
    fields.put("storage_bytes", tenant.quotas().storageBytes());
    fields.put("max_jobs", tenant.quotas().maxJobs());
    fields.put("max_rows_scanned", tenant.quotas().maxRowsScanned());
    fields.put("min_threshold", tenant.quotas().minThreshold());
    Quotas requested = tenant.requestedQuotas();
    fields.put("requested_quotas", requested == null ? "" : describe(requested));
    fields.put("change_review_due", text(tenant.changeReviewDue()));
    fields.put("overdue", info.overdue());
    fields.put("zone", Tenants.BUSINESS_ZONE.getId());
    Rendering.printValue(spec.commandLine().getOut(), global.output, info, fields);
  }

  private static String describe(Quotas quotas) {
    return quotas.storageBytes()
        + " bytes, "
        + quotas.maxJobs()
        + " jobs, "
        + quotas.maxRowsScanned()
        + " rows, minimum threshold "
        + quotas.minThreshold();
  }

  private static String text(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }
}
