package org.elementvault.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.elementvault.engine.oplog.Checkpoint;
import org.elementvault.engine.oplog.ExportVerifier;
import org.elementvault.engine.oplog.LogEntry;
import org.elementvault.engine.oplog.LogExporter;
import org.elementvault.engine.oplog.VerifyReport;
import org.elementvault.server.api.LogSelection;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault log …}: read, verify, checkpoint, export and purge the operation log. */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = "The tamper-evident operation log, for auditors.")
final class LogCommand {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show log entries, oldest first. Tenant admins see only their own tenant.")
  void show(
      @Option(names = "--tenant", paramLabel = "T") @Nullable String tenant,
      @Option(names = "--actor", paramLabel = "U") @Nullable String actor,
      @Option(
              names = "--action",
              paramLabel = "A",
              description = "An action (tenant.apply) or a prefix ending in a dot (tenant.).")
          @Nullable String action,
      @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class)
          @Nullable Instant since,
      @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class)
          @Nullable Instant until) {
    LogSelection selection = new LogSelection(tenant, actor, action, since, until);
    try (Session session = Session.open(global, spec.commandLine())) {
      List<LogEntry> entries = session.api.showLog(selection);
      List<List<String>> rows = new ArrayList<>();
      for (LogEntry entry : entries) {
        rows.add(
            List.of(
                Long.toString(entry.sequence()),
                entry.time().toString(),
                entry.record().actor(),
                entry.record().tenant(),
                entry.record().action(),
                entry.record().target(),
                entry.record().outcome().name(),
                entry.record().details()));
      }
      Rendering.printValues(
          spec.commandLine().getOut(),
          global.output,
          entries,
          List.of("seq", "time", "actor", "tenant", "action", "target", "outcome", "details"),
          rows);
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Recompute the whole log: every entry, the hash chain and the Merkle tree.",
        "With --checkpoint F, also prove the log extends that saved tree head (catches"
            + " truncation and rollback).",
        "With --export F --public-key F.pub, verify an export offline: no vault needed."
      })
  void verify(
      @Option(names = "--checkpoint", paramLabel = "F") @Nullable Path checkpoint,
      @Option(names = "--export", paramLabel = "F") @Nullable Path export,
      @Option(names = "--public-key", paramLabel = "F.pub") @Nullable Path publicKey) {
    VerifyReport report;
    if (export != null || publicKey != null) {
      if (export == null || publicKey == null || checkpoint != null) {
        throw new ParameterException(
            spec.commandLine(), "offline verification takes --export F and --public-key F.pub");
      }
      report = ExportVerifier.verify(export, publicKey);
    } else {
      try (Session session = Session.open(global, spec.commandLine())) {
        report = session.api.verifyLog(checkpoint);
      }
    }
    Map<String, @Nullable Object> fields = new LinkedHashMap<>();
    fields.put("result", report.ok() ? "OK" : "FAILED");
    fields.put("entries", report.size());
    fields.put("root", HexFormat.of().formatHex(report.rootHash()));
    fields.put(
        "first_bad_entry", report.firstBadSequence() == 0 ? null : report.firstBadSequence());
    fields.put("reason", report.ok() ? null : report.reason());
    Rendering.printValue(spec.commandLine().getOut(), global.output, report, fields);
    if (!report.ok()) {
      throw new CliException("log verification " + report.summary());
    }
  }

  @Command(
      name = "checkpoint",
      mixinStandardHelpOptions = true,
      description = "Save a signed tree head to F; keep it to detect truncation or rollback later.")
  void checkpoint(@Option(names = "--out", required = true, paramLabel = "F") Path out) {
    try (Session session = Session.open(global, spec.commandLine())) {
      Checkpoint checkpoint = session.api.checkpointLog(out);
      printHead(checkpoint, checkpoint.treeHead(), out);
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write every entry with a signed tree head to F and the vault's public key to F.pub.")
  void export(@Option(names = "--out", required = true, paramLabel = "F") Path out) {
    try (Session session = Session.open(global, spec.commandLine())) {
      SignedTreeHead head = session.api.exportLog(out);
      printHead(head, head, out);
    }
    spec.commandLine()
        .getErr()
        .println("evault: public key written to " + LogExporter.publicKeyFile(out));
  }

  @Command(
      name = "purge",
      mixinStandardHelpOptions = true,
      description = "Delete entries older than DATE; entries younger than 180 days are kept.")
  void purge(
      @Option(
              names = "--before",
              required = true,
              paramLabel = "DATE",
              converter = TimeConverter.class)
          Instant before) {
    try (Session session = Session.open(global, spec.commandLine())) {
      LogEntry entry = session.api.purgeLog(before);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("seq", entry.sequence());
      fields.put("details", entry.record().details());
      Rendering.printValue(spec.commandLine().getOut(), global.output, entry, fields);
    }
  }

  /**
   * The head written to {@code file}: in JSON {@code apiValue}, the API's document for it (the
   * checkpoint, or the export's head); as a table or CSV the file and the head in words.
   */
  private void printHead(Object apiValue, SignedTreeHead head, Path file) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("file", file.toAbsolutePath().toString());
    fields.put("entries", head.treeSize());
    fields.put("root", HexFormat.of().formatHex(head.rootHash()));
    fields.put("time", Instant.ofEpochMilli(head.timestampMillis()).toString());
    Rendering.printValue(spec.commandLine().getOut(), global.output, apiValue, fields);
  }
}
