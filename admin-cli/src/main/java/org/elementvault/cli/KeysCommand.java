package org.elementvault.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    description = "Keys (vault admin): rotate the master secret, show every key's status.")
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

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description =
          "Rotate the master secret: the master key is rewrapped for the new passphrase or key"
              + " file, atomically; the old secret stops working. Embedded only.")
  void rotate(
      @Option(names = "--master", required = true, description = "Rotate the master secret.")
          boolean master,
      @ArgGroup(exclusive = true, multiplicity = "1") NewSecret secret) {
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
      description = "Every key: version, creation time, and whether a backup holds a copy.")
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
                Boolean.toString(key.shielded())));
      }
      Rendering.printValues(
          spec.commandLine().getOut(),
          global.output,
          keys,
          List.of("key", "owner", "version", "created_at", "shielded"),
          rows);
    }
  }
}
