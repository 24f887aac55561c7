package org.elementvault.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.kdf.Argon2Params;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.keys.Unlock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code evault init}: creates a vault in an empty or new directory. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create a vault in DIR (--vault), which must be empty or absent.",
      "The master key is unlocked by a passphrase (--passphrase-file, or a prompt on a terminal;"
          + " stretched with Argon2id, 64 MiB, t=3, p=4) or by a 32-byte key file (--key-file)."
    })
final class InitCommand implements Runnable {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Option(
      names = "--suite",
      required = true,
      paramLabel = "SUITE",
      description =
          "Cipher suite, fixed for the vault's life: INTL (AES-256-GCM, SHA-256, Ed25519) or GM"
              + " (SM4-GCM, SM3, SM2).")
  CipherSuite suite;

  @Override
  public void run() {
    Path directory = global.embeddedVault("init");
    Unlock unlock = Secrets.read(global, spec.commandLine(), true);
    Vault vault;
    try {
      vault = Vault.init(directory, suite, unlock, VaultOptions.defaults());
    } finally {
      unlock.destroy();
    }
    try (vault) {
      Map<String, String> result = new LinkedHashMap<>();
      result.put("vault", vault.directory().toString());
      result.put("id", vault.id());
      result.put("suite", vault.suite().name());
      result.put("unlock", describe(unlock));
      Rendering.printObject(spec.commandLine().getOut(), global.output, result);
    }
  }

  private static String describe(Unlock unlock) {
    Argon2Params cost = Argon2Params.MINIMUM;
    return switch (unlock.method()) {
      case PASSPHRASE ->
          "passphrase (Argon2id, "
              + cost.memoryKiB() / 1024
              + " MiB, t="
              + cost.iterations()
              + ", p="
              + cost.parallelism()
              + ")";
      case KEY_FILE -> "key file";
    };
  }
}
