package org.elementvault.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.elementvault.engine.result.ReleaseSummary;
import org.elementvault.sandbox.Sandbox;
import org.elementvault.sandbox.element.Assessment;
import org.elementvault.sandbox.element.CatalogEntry;
import org.elementvault.sandbox.element.ColumnUse;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.ElementSpecParser;
import org.elementvault.sandbox.element.ElementState;
import org.elementvault.sandbox.element.ElementUsage;
import org.elementvault.sandbox.element.Parameter;
import org.elementvault.sandbox.element.ReleaseReport;
import org.elementvault.sandbox.element.StateChange;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.policy.Problem;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault element …}: element specs from assessment to desensitized results. */
@Command(
    name = "element",
    mixinStandardHelpOptions = true,
    description =
        "Element specs: assess, submit, review, list, show and run; release, suspend, resume and"
            + " retire; the catalog of published elements and usage statistics.")
final class ElementCommand {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Assess a spec without storing it: every problem with its column, use, rule and fix.",
        "Exit status 1 if there is any problem, 0 if the spec would pass."
      })
  void check(@Option(names = "--spec", required = true, paramLabel = "E.yaml") Path specFile) {
    byte[] yaml = readSpec(specFile);
    try (Session session = Session.open(global, spec.commandLine())) {
      Sandbox.CheckReport report = session.api.checkElement(yaml);
      PrintWriter out = spec.commandLine().getOut();
      if (global.output == OutputFormat.JSON) {
        Rendering.printApiJson(out, report);
      } else if (report.passes()) {
        printAssessment(out, report.assessment());
      }
      if (report.passes()) {
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      for (Problem problem : report.problems()) {
        rows.add(
            List.of(
                problem.subject(),
                problem.use() == null ? "" : problem.use(),
                problem.rule(),
                problem.fix()));
      }
      if (global.output != OutputFormat.JSON) {
        Rendering.printTable(out, global.output, List.of("column", "use", "rule", "fix"), rows);
      }
      out.flush();
      throw new CliException(
          "spec "
              + report.spec().name()
              + " would be refused: "
              + rows.size()
              + (rows.size() == 1 ? " problem" : " problems"));
    }
  }

  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = {
        "Submit a spec: the automatic risk assessment runs first; a spec that fails is refused"
            + " and not stored.",
        "Prints the element id on the last line."
      })
  void submit(@Option(names = "--spec", required = true, paramLabel = "E.yaml") Path specFile) {
    byte[] yaml = readSpec(specFile);
    try (Session session = Session.open(global, spec.commandLine())) {
      Element element = session.api.submitElement(yaml);
      PrintWriter out = spec.commandLine().getOut();
      switch (global.output) {
        case JSON, CSV -> Rendering.printValue(out, global.output, element, summary(element));
        case TABLE -> {
          printAssessment(out, element.assessment());
          out.println(element.id());
        }
      }
    }
  }

  @Command(
      name = "review",
      mixinStandardHelpOptions = true,
      description =
          "Approve or reject a submitted element, or decide the release review of one in"
              + " RELEASE_REVIEW: publish it or send it back to APPROVED (vault admin).")
  void review(
      @Parameters(paramLabel = "E") String id,
      @ArgGroup(multiplicity = "1") Decision decision,
      @Option(names = "--reason", required = true, paramLabel = "R") String reason) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Element element = session.api.reviewElement(id, decision.approve, reason);
      Rendering.printValue(spec.commandLine().getOut(), global.output, element, summary(element));
    }
  }

  @Command(
      name = "suspend",
      mixinStandardHelpOptions = true,
      description =
          "Stop an approved element at once: runs are refused until resumed (vault admin).")
  void suspend(
      @Parameters(paramLabel = "E") String id,
      @Option(names = "--reason", required = true, paramLabel = "R") String reason) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Element element = session.api.suspendElement(id, reason);
      Rendering.printValue(spec.commandLine().getOut(), global.output, element, summary(element));
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Return a suspended element to APPROVED (vault admin).")
  void resume(@Parameters(paramLabel = "E") String id) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Element element = session.api.resumeElement(id);
      Rendering.printValue(spec.commandLine().getOut(), global.output, element, summary(element));
    }
  }

  @Command(
      name = "retire",
      mixinStandardHelpOptions = true,
      description =
          "Retire an element for good (vault admin, or the developer who submitted it); final.")
  void retire(
      @Parameters(paramLabel = "E") String id,
      @Option(names = "--reason", required = true, paramLabel = "R") String reason) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Element element = session.api.retireElement(id, reason);
      Rendering.printValue(spec.commandLine().getOut(), global.output, element, summary(element));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List elements.")
  void list(@Option(names = "--tenant", paramLabel = "T") @Nullable String tenant) {
    try (Session session = Session.open(global, spec.commandLine())) {
      List<Element> elements = session.api.listElements(tenant);
      List<List<String>> rows = new ArrayList<>();
      for (Element element : elements) {
        rows.add(new ArrayList<>(summary(element).values()));
      }
      Rendering.printValues(
          spec.commandLine().getOut(),
          global.output,
          elements,
          List.of(
              "id",
              "name",
              "tenant",
              "developer",
              "state",
              "threshold",
              "valid_until",
              "days_left"),
          rows);
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show an element and its assessment report.")
  void show(@Parameters(paramLabel = "E") String id) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Element element = session.api.showElement(id);
      PrintWriter out = spec.commandLine().getOut();
      Map<String, String> fields = summary(element);
      fields.put("type", element.spec().type().name());
      fields.put("scenario", element.spec().scenario());
      fields.put("purpose", element.spec().purpose());
      fields.put("datasets", String.join(" ", element.spec().datasets()));
      fields.put("query", element.spec().query().strip());
      fields.put("submitted_at", element.submittedAt().toString());
      fields.put("reason", element.reason() == null ? "" : element.reason());
      StateChange change = element.lastChange();
      fields.put("changed_by", change == null ? "" : change.by());
      fields.put("changed_at", change == null ? "" : change.at().toString());
      fields.put("change_reason", change == null || change.reason() == null ? "" : change.reason());
      fields.put("parameters", parameters(element.spec().parameters()));
      Rendering.printValue(out, global.output, element, fields);
      if (global.output == OutputFormat.TABLE) {
        out.println();
        printAssessment(out, element.assessment());
        if (element.state() == ElementState.RELEASE_REVIEW) {
          out.println();
          printReleaseReport(out, session.api.elementReleaseReport(id));
        }
      }
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description =
          "Ask for the release review of an approved element that ran on real data (its"
              + " developer); the vault admin then publishes it or sends it back.")
  void release(@Parameters(paramLabel = "E") String id) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Element element = session.api.releaseElement(id);
      Rendering.printValue(spec.commandLine().getOut(), global.output, element, summary(element));
    }
  }

  @Command(
      name = "releases",
      mixinStandardHelpOptions = true,
      description =
          "What an element has released so far: runs and rows from the log, release shapes"
              + " from the release ledger, its protection (for the release review).")
  void releases(@Parameters(paramLabel = "E") String id) {
    try (Session session = Session.open(global, spec.commandLine())) {
      ReleaseReport report = session.api.elementReleaseReport(id);
      PrintWriter out = spec.commandLine().getOut();
      if (global.output == OutputFormat.JSON) {
        Rendering.printApiJson(out, report);
        return;
      }
      printReleaseReport(out, report);
    }
  }

  @Command(
      name = "catalog",
      mixinStandardHelpOptions = true,
      description =
          "List the published elements of every tenant: purpose, output columns, protection and"
              + " validity; never a query or data.")
  void catalog() {
    try (Session session = Session.open(global, spec.commandLine())) {
      List<CatalogEntry> catalog = session.api.elementCatalog();
      PrintWriter out = spec.commandLine().getOut();
      if (global.output == OutputFormat.JSON) {
        Rendering.printApiJson(out, catalog);
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      for (CatalogEntry entry : catalog) {
        rows.add(
            List.of(
                entry.id(),
                entry.name(),
                entry.tenant(),
                entry.scenario(),
                entry.purpose(),
                joined(entry.outputs().stream().map(c -> c.name() + " " + c.type()).toList()),
                joined(entry.reads().stream().map(c -> c.column() + " " + c.level()).toList()),
                parameters(entry.parameters()),
                entry.protection().name().toLowerCase(Locale.ROOT)
                    + (entry.epsilon() == null
                        ? ""
                        : " epsilon " + Objects.requireNonNull(entry.epsilon()).toPlainString()),
                Integer.toString(entry.threshold()),
                entry.validUntil().toString()));
      }
      Rendering.printTable(
          out,
          global.output,
          List.of(
              "id",
              "name",
              "tenant",
              "scenario",
              "purpose",
              "outputs",
              "reads",
              "parameters",
              "protection",
              "threshold",
              "valid_until"),
          rows);
    }
  }

  @Command(
      name = "usage",
      mixinStandardHelpOptions = true,
      description =
          "An element's use per month, from the operation log: runs on real data (its own and"
              + " through data products), released rows, consuming tenants and products (the vault"
              + " admin and the element's tenant).")
  void usage(@Parameters(paramLabel = "E") String id) {
    try (Session session = Session.open(global, spec.commandLine())) {
      ElementUsage usage = session.api.elementUsage(id);
      PrintWriter out = spec.commandLine().getOut();
      if (global.output == OutputFormat.JSON) {
        Rendering.printApiJson(out, usage);
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      for (ElementUsage.Month month : usage.months()) {
        rows.add(
            List.of(
                month.month(),
                Long.toString(month.runs()),
                Long.toString(month.releasedRows()),
                String.join(" ", month.tenants()),
                String.join(" ", month.products())));
      }
      Rendering.printTable(
          out,
          global.output,
          List.of("month", "runs", "released_rows", "tenants", "products"),
          rows);
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run an approved element on the real data (or --sample: on synthetic data, from"
            + " SUBMITTED on) and write its desensitized result.",
        "With --out F, the result goes to F in the format its extension names: .csv, .json (the"
            + " API's document), .arrow (Arrow IPC file) or .arrows (Arrow IPC stream); --output"
            + " then formats the summary printed."
      })
  void run(
      @Parameters(paramLabel = "E") String id,
      @Option(names = "--sample", description = "Run on synthetic sample data.") boolean sample,
      @Option(names = "--out", paramLabel = "F", description = "Write the result to F.")
          @Nullable Path out,
      @Option(
              names = "--param",
              paramLabel = "NAME=VALUE",
              description =
                  "A template parameter's value, one of its declared domain; repeat for each.")
          @Nullable Map<String, String> parameters) {
    try (@Nullable ResultTarget target = out == null ? null : resultTarget(spec, out);
        Session session = Session.open(global, spec.commandLine())) {
      Sandbox.Job job =
          session.api.runElement(id, sample, parameters == null ? Map.of() : parameters);
      if (target == null) {
        ResultOutput.print(spec.commandLine().getOut(), global.output, job.result());
        return;
      }
      target.write(job.result());
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("job", job.jobId());
      fields.put("rows", job.result().rows().size());
      fields.put("file", target.path().toString());
      fields.put("hash", job.release().hash());
      Rendering.printObject(spec.commandLine().getOut(), global.output, fields);
    }
  }

  /**
   * The result file {@code --out} names, created before the run (shared with {@code product run}):
   * an unknown format is bad usage, and an existing or unwritable file an error, both before
   * anything runs.
   */
  static ResultTarget resultTarget(CommandSpec spec, Path out) {
    return ResultTarget.create(out, resultFile(spec, out));
  }

  /** The format of a result file, refused as bad usage before anything runs when unknown. */
  private static ResultFile resultFile(CommandSpec spec, Path out) {
    return ResultFile.of(out)
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "--out must end in " + ResultFile.extensions() + "; Parquet is not supported"));
  }

  /** Prints an API value as the API sends it; shared with {@code product usage}. */
  static void printJson(PrintWriter out, Object value) {
    Rendering.printApiJson(out, value);
  }

  private static String joined(List<String> parts) {
    return String.join(", ", parts);
  }

  /** {@code district STRING [金水区 二七区], min_age INT 20..60 step 10}: names, types, domains. */
  private static String parameters(List<Parameter> parameters) {
    return joined(
        parameters.stream()
            .map(
                p ->
                    p.name()
                        + " "
                        + p.type()
                        + " "
                        + (p.range() == null
                            ? "[" + String.join(" ", p.values()) + "]"
                            : Objects.requireNonNull(p.range()).from()
                                + ".."
                                + Objects.requireNonNull(p.range()).to()
                                + " step "
                                + Objects.requireNonNull(p.range()).step()))
            .toList());
  }

  /** The release review's view: runs and rows, every release's shape, the protection. */
  private void printReleaseReport(PrintWriter out, ReleaseReport report) {
    out.println(
        "released so far: "
            + report.realRuns()
            + " runs on real data, "
            + report.releasedRows()
            + " rows");
    List<List<String>> rows = new ArrayList<>();
    for (ReleaseSummary release : report.releases()) {
      rows.add(
          List.of(
              release.jobId(),
              release.time().toString(),
              release.aggregate() ? "aggregate" : "rows or sample",
              joined(release.groupColumns()),
              Integer.toString(release.releasedGroups())));
    }
    Rendering.printTable(
        out, global.output, List.of("job", "time", "kind", "group_columns", "groups"), rows);
    if (global.output == OutputFormat.TABLE) {
      report.rules().forEach(rule -> out.println("  rule: " + rule));
      printProtection(out, report.protection());
    }
  }

  private static Map<String, String> summary(Element element) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id", element.id());
    fields.put("name", element.spec().name());
    fields.put("tenant", element.tenant());
    fields.put("developer", element.developer());
    fields.put("state", element.state().name());
    fields.put("threshold", Integer.toString(element.spec().threshold()));
    fields.put("valid_until", element.validUntil() == null ? "" : element.validUntil().toString());
    // Counted on this machine's clock; the state (EXPIRED or not) is the vault's.
    OptionalLong daysLeft = element.daysLeftAt(Instant.now(Clock.systemUTC()));
    fields.put("days_left", daysLeft.isPresent() ? Long.toString(daysLeft.getAsLong()) : "");
    return fields;
  }

  private void printAssessment(PrintWriter out, @Nullable Assessment assessment) {
    if (assessment == null) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (ColumnUse column : assessment.columns()) {
      rows.add(
          List.of(
              column.dataset() + "." + column.column(),
              column.level().name(),
              column.pii().name(),
              column.uses().stream()
                  .map(u -> u.name().toLowerCase(Locale.ROOT))
                  .sorted()
                  .reduce((a, b) -> a + " " + b)
                  .orElse("")));
    }
    Rendering.printTable(out, global.output, List.of("column", "level", "pii", "uses"), rows);
    if (global.output == OutputFormat.TABLE) {
      out.println(
          (assessment.aggregate() ? "aggregate" : "row-level")
              + " release, threshold k = "
              + assessment.threshold());
      assessment.rules().forEach(rule -> out.println("  rule: " + rule));
      printProtection(out, assessment.protection());
    }
  }

  /** For dp: the ε one run costs, δ, the release threshold τ and each output's expected error. */
  private static void printProtection(PrintWriter out, @Nullable ReleaseProtection protection) {
    if (protection == null || protection.mechanism() != ReleaseProtection.Mechanism.DP) {
      return;
    }
    out.println(
        "protection: dp, one run costs epsilon = "
            + Objects.requireNonNull(protection.epsilon()).toPlainString()
            + ", delta = "
            + Objects.requireNonNull(protection.delta()).toPlainString()
            // A dp model releases no groups, so it has no release threshold.
            + (protection.releaseThreshold() == null
                ? ""
                : ", release threshold tau = " + protection.releaseThreshold()));
    protection
        .columns()
        .forEach(
            (column, noise) ->
                out.println(
                    "  expected error of "
                        + column
                        + ": "
                        + (noise.noiseSd() == null
                            ? noise.note()
                            : "SD " + Objects.requireNonNull(noise.noiseSd()).toPlainString())));
  }

  private static byte[] readSpec(Path file) {
    try {
      if (Files.size(file) > ElementSpecParser.MAX_FILE_BYTES) {
        throw new CliException("spec file " + file + " is over 64 KiB");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("spec file " + file + " does not exist");
    } catch (IOException e) {
      throw new CliException("cannot read spec file " + file);
    }
  }
}
