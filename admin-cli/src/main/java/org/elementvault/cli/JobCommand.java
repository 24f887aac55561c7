package org.elementvault.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elementvault.engine.job.JobRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code evault job …}: element runs and their states ({@code RUNNING}, {@code DONE}, {@code
 * FAILED}, {@code CANCELLED}, {@code INTERRUPTED}), and cancelling a running one.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Jobs: list, show, cancel (states RUNNING DONE FAILED CANCELLED INTERRUPTED).")
final class JobCommand {

  private static final List<String> COLUMNS =
      List.of("id", "state", "tenant", "element", "developer", "sample", "started_at", "ended_at");

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs by id.")
  void list() {
    try (Session session = Session.open(global, spec.commandLine())) {
      List<JobRecord> jobs = session.api.listJobs();
      List<List<String>> rows = new ArrayList<>();
      for (JobRecord job : jobs) {
        List<String> row = new ArrayList<>();
        fields(job).values().forEach(value -> row.add(value == null ? "" : value.toString()));
        rows.add(row);
      }
      Rendering.printValues(spec.commandLine().getOut(), global.output, jobs, COLUMNS, rows);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one job.")
  void show(@Parameters(paramLabel = "J") String id) {
    try (Session session = Session.open(global, spec.commandLine())) {
      JobRecord job = session.api.showJob(id);
      Rendering.printValue(spec.commandLine().getOut(), global.output, job, fields(job));
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description =
          "Ask a RUNNING job to stop between batches (its developer or the vault admin); it ends"
              + " CANCELLED.")
  void cancel(@Parameters(paramLabel = "J") String id) {
    try (Session session = Session.open(global, spec.commandLine())) {
      JobRecord job = session.api.cancelJob(id);
      spec.commandLine()
          .getErr()
          .println("cancellation of job " + job.id() + " requested; it stops between batches");
    }
  }

  private static Map<String, @Nullable Object> fields(JobRecord job) {
    Map<String, @Nullable Object> fields = new LinkedHashMap<>();
    fields.put("id", job.id());
    fields.put("state", job.state().name());
    fields.put("tenant", job.tenant());
    fields.put("element", job.element());
    fields.put("developer", job.developer());
    fields.put("sample", job.sample());
    fields.put("started_at", job.startedAt().toString());
    fields.put("ended_at", job.endedAt() == null ? null : job.endedAt().toString());
    return fields;
  }
}
