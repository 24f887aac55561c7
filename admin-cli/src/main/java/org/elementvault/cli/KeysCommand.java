package org.elementvault.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.elementvault.engine.keys.KeyRotation;
import org.elementvault.engine.keys.KeyStatus;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.engine.keys.UnlockMethod;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault keys …}: the vault's keys (vault admin): rotation and status. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "Keys (vault admin): rotate the master secret, a tenant's key or dataset keys, show every"
            + " key's status.")
final class KeysCommand {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  /** Exactly one new secret: a passphrase file or a key file. */
  static final class NewSecret {
    @Option(
        names = "--new-passphrase-file",
        paramLabel = "F",
        description = "The new passphrase, on the first line of F.")
    @Nullable Path passphraseFile;

    @Option(
        names = "--new-key-file",
        paramLabel = "F",
        description = "The new key file: exactly 32 random bytes.")
    @Nullable Path keyFile;
  }

  /** What to rotate: the master secret (with its new secret), or a tenant's keys. */
  static final class Target {
    @ArgGroup(exclusive = false)
    @Nullable MasterTarget master;

    @ArgGroup(exclusive = false)
    @Nullable DataTarget data;
  }

  /** {@code --master} and exactly one new secret. */
  static final class MasterTarget {
    @Option(names = "--master", required = true, description = "Rotate the master secret.")
    boolean master;

    @ArgGroup(exclusive = true, multiplicity = "1")
    NewSecret secret = new NewSecret();
  }

  /** {@code --tenant T}, optionally narrowed to one dataset. */
  static final class DataTarget {
    @Option(
        names = "--tenant",
        required = true,
        paramLabel = "T",
        description = "Rotate tenant T's key and every dataset key of T (or --dataset D's only).")
    String tenant = "";

    @Option(names = "--dataset", paramLabel = "D", description = "Rotate only dataset D's key.")
    @Nullable String dataset;
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "--master: the master key is rewrapped for the new passphrase or key file, atomically; the"
            + " old secret stops working. Embedded only.",
        "--tenant T [--dataset D]: each dataset key gets a new version that seals new data at"
            + " once; a job re-encrypts every chunk under it, then the older versions are"
            + " destroyed, in the vault and in every backup taken before (restoring one reports"
            + " the dataset as unreadable). Without --dataset, the tenant key also gets a new"
            + " version: the tenant's dataset keys and sealing key (results, models) are rewrapped"
            + " under it and the older versions destroyed the same way (restoring an older backup"
            + " reports the tenant as shredded). A rotation cut off by a crash is completed at the"
            + " next open. Embedded only."
      })
  void rotate(@ArgGroup(exclusive = true, multiplicity = "1") Target target) {
    if (target.master != null) {
      rotateMaster(target.master.secret);
      return;
    }
    DataTarget data = Objects.requireNonNull(target.data, "data");
    try (Session session = Session.open(global, spec.commandLine())) {
      List<KeyRotation> rotations = session.api.rotateDatasetKeys(data.tenant, data.dataset);
      List<List<String>> rows = new ArrayList<>();
      for (KeyRotation rotation : rotations) {
        rows.add(
            List.of(
                rotation.key(),
                rotation.owner(),
                Integer.toString(rotation.version()),
                Long.toString(rotation.reencrypted()),
                rotation.job()));
      }
      Rendering.printValues(
          spec.commandLine().getOut(),
          global.output,
          rotations,
          List.of("key", "owner", "version", "reencrypted", "job"),
          rows);
    }
  }

  private void rotateMaster(NewSecret secret) {
    if (global.server() != null) {
      throw new CliException(
          "keys rotate --master works embedded only (--vault DIR): a new master secret never"
              + " travels over the network");
    }
    Path keyFile = secret.keyFile;
    Unlock next =
        Secrets.readNew(
            secret.passphraseFile, keyFile == null ? Path.of("") : keyFile, spec.commandLine());
    try (Session session = Session.open(global, spec.commandLine())) {
      UnlockMethod method = session.api.rotateMasterSecret(next);
      Map<String, @Nullable Object> fields = new LinkedHashMap<>();
      fields.put("key", "master");
      fields.put("unlock", method.name());
      Rendering.printObject(spec.commandLine().getOut(), global.output, fields);
    } finally {
      next.destroy();
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Every key: current version, its creation time, whether a backup holds a copy, and the"
              + " chunks a pending rotation has yet to re-encrypt.")
  void status() {
    try (Session session = Session.open(global, spec.commandLine())) {
      List<KeyStatus> keys = session.api.keyStatus();
      List<List<String>> rows = new ArrayList<>();
      for (KeyStatus key : keys) {
        rows.add(
            List.of(
                key.key(),
                key.owner(),
                Integer.toString(key.version()),
                key.createdAt().toString(),
                Boolean.toString(key.shielded()),
                Long.toString(key.pendingChunks())));
      }
      Rendering.printValues(
          spec.commandLine().getOut(),
          global.output,
          keys,
          List.of("key", "owner", "version", "created_at", "shielded", "pending_chunks"),
          rows);
    }
  }
}
