package org.elementvault.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elementvault.engine.budget.BudgetStatus;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.SchemaParser;
import org.elementvault.server.api.DatasetInfo;
import org.elementvault.server.api.VersionInfo;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault dataset …}: import, inspect, classify, budget and drop a tenant's datasets. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = "A tenant's datasets: encrypted, versioned, classified per column.")
final class DatasetCommand {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Import a file as a new version of dataset D: CSV (.csv: RFC 4180, UTF-8, header row) or"
            + " uncompressed Arrow IPC (.arrow file or .arrows stream).",
        "Every value is checked against the schema; one bad row refuses the whole import and"
            + " nothing becomes visible."
      })
  void importFile(
      @Option(names = "--tenant", paramLabel = "T", description = "Needed by the vault admin.")
          @Nullable String tenant,
      @Option(names = "--name", required = true, paramLabel = "D") String name,
      @Option(names = "--file", required = true, paramLabel = "F") Path file,
      @Option(names = "--schema", required = true, paramLabel = "S.yaml") Path schema) {
    byte[] schemaBytes = readSchema(schema);
    try (Session session = Session.open(global, spec.commandLine())) {
      ProgressBar bar =
          Secrets.terminal() == null
              ? null
              : new ProgressBar(spec.commandLine().getErr(), size(file));
      VersionInfo version;
      try {
        version =
            session.api.importDataset(
                tenant, name, file, schemaBytes, bar == null ? Datasets.Progress.NONE : bar);
      } finally {
        if (bar != null) {
          bar.finish();
        }
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("dataset", name);
      fields.put("version", version.number());
      fields.put("rows", version.rows());
      fields.put("stored_bytes", version.storedBytes());
      fields.put("batches", version.batches());
      Rendering.printValue(spec.commandLine().getOut(), global.output, version, fields);
    }
  }

  private static byte[] readSchema(Path schema) {
    try {
      if (Files.size(schema) > SchemaParser.MAX_FILE_BYTES) {
        throw new CliException("schema file " + schema + " is over 1 MiB");
      }
      return Files.readAllBytes(schema);
    } catch (NoSuchFileException e) {
      throw new CliException("schema file " + schema + " does not exist");
    } catch (IOException e) {
      throw new CliException("cannot read schema file " + schema);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 1;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List a tenant's datasets.")
  void list(@Option(names = "--tenant", paramLabel = "T") @Nullable String tenant) {
    try (Session session = Session.open(global, spec.commandLine())) {
      List<DatasetInfo> datasets = session.api.listDatasets(tenant);
      List<List<String>> rows = new ArrayList<>();
      for (DatasetInfo dataset : datasets) {
        rows.add(
            List.of(
                dataset.name(),
                Integer.toString(dataset.versions().size()),
                Long.toString(dataset.latestRows()),
                Long.toString(dataset.storedBytes()),
                dataset.schema().openCategory().name()));
      }
      Rendering.printValues(
          spec.commandLine().getOut(),
          global.output,
          datasets,
          List.of("name", "versions", "rows", "stored_bytes", "open_category"),
          rows);
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Show a dataset's versions and its columns' classification.")
  void describe(
      @Parameters(paramLabel = "D") String name,
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant) {
    try (Session session = Session.open(global, spec.commandLine())) {
      DatasetInfo dataset = session.api.describeDataset(tenant, name);
      printColumns(dataset);
    }
  }

  private static String budgetLine(@Nullable BudgetStatus budget) {
    if (budget == null) {
      return "ε budget: none, so dp runs are refused (the vault admin sets one with dataset budget)";
    }
    return "ε budget: "
        + budget.epsilon().toPlainString()
        + " per "
        + budget.windowDays()
        + (budget.windowDays() == 1 ? " day, " : " days, ")
        + budget.used().toPlainString()
        + " used, "
        + budget.left().toPlainString()
        + " left";
  }

  /** The API's document in JSON; else the columns, under a summary line in a table. */
  private void printColumns(DatasetInfo dataset) {
    if (global.output == OutputFormat.JSON) {
      Rendering.printApiJson(spec.commandLine().getOut(), dataset);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Column column : dataset.schema().columns()) {
      rows.add(
          List.of(
              column.name(),
              column.type().toString(),
              column.level().name(),
              column.pii().name(),
              column.quasiIdentifier() ? "yes" : "",
              dataset.schema().isSubject(column) ? "subject" : ""));
    }
    if (global.output == OutputFormat.TABLE) {
      spec.commandLine()
          .getOut()
          .println(
              "dataset "
                  + dataset.name()
                  + ": "
                  + dataset.versions().size()
                  + " versions, "
                  + dataset.latestRows()
                  + " rows in the latest, "
                  + dataset.schema().openCategory()
                  + " ("
                  + dataset.schema().openCategory().term()
                  + ")");
      spec.commandLine().getOut().println(budgetLine(dataset.budget()));
    }
    Rendering.printTable(
        spec.commandLine().getOut(),
        global.output,
        List.of("column", "type", "level", "pii", "quasi_identifier", "role"),
        rows);
  }

  @Command(
      name = "classify",
      mixinStandardHelpOptions = true,
      description = {
        "Change a column's level (GENERAL, SENSITIVE, IMPORTANT, CORE) with a reason.",
        "Raising is the tenant admin's act; lowering needs the vault admin."
      })
  void classify(
      @Parameters(paramLabel = "D") String name,
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant,
      @Option(names = "--column", required = true, paramLabel = "C") String column,
      @Option(names = "--level", required = true, paramLabel = "L") Level level,
      @Option(names = "--reason", required = true, paramLabel = "R") String reason) {
    try (Session session = Session.open(global, spec.commandLine())) {
      DatasetInfo dataset = session.api.classifyColumn(tenant, name, column, level, reason);
      printColumns(dataset);
    }
  }

  @Command(
      name = "budget",
      mixinStandardHelpOptions = true,
      description = {
        "Set the differential-privacy budget of dataset D (vault admin): the ε its dp runs may"
            + " spend per rolling window of N days.",
        "A run that would exceed what is left is refused before it reads data; a failed run is"
            + " refunded. Setting it again replaces it; charges already made keep counting."
      })
  void budget(
      @Parameters(paramLabel = "D") String name,
      @Option(names = "--tenant", paramLabel = "T", description = "Needed by the vault admin.")
          @Nullable String tenant,
      @Option(
              names = "--epsilon",
              required = true,
              paramLabel = "E",
              description = "More than 0, at most 100, at most 6 decimal places.")
          BigDecimal epsilon,
      @Option(
              names = "--window-days",
              required = true,
              paramLabel = "N",
              description = "The rolling window, 1 to 366 days.")
          int windowDays) {
    try (Session session = Session.open(global, spec.commandLine())) {
      BudgetStatus budget = session.api.setDatasetBudget(tenant, name, epsilon, windowDays);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("dataset", name);
      fields.put("epsilon", budget.epsilon());
      fields.put("window_days", budget.windowDays());
      fields.put("used", budget.used());
      fields.put("left", budget.left());
      Rendering.printValue(spec.commandLine().getOut(), global.output, budget, fields);
    }
  }

  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description = "Delete every version of a dataset and shred its key. Irreversible; logged.")
  void drop(
      @Parameters(paramLabel = "D") String name,
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant,
      @Option(names = "--confirm", required = true, paramLabel = "D") String confirm) {
    try (Session session = Session.open(global, spec.commandLine())) {
      DatasetInfo dropped = session.api.dropDataset(tenant, name, confirm);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("dataset", dropped.name());
      fields.put("dropped_versions", dropped.versions().size());
      Rendering.printValue(spec.commandLine().getOut(), global.output, dropped, fields);
    }
  }
}
