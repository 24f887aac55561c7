package org.elementvault.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Token;
import org.elementvault.engine.keys.Unlock;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * An open vault and who is acting on it: the token's principal with {@code --token-file}, else the
 * built-in admin (embedded mode, which already proved the master secret).
 */
final class Session implements AutoCloseable {

  final Vault vault;
  final Principal caller;

  private Session(Vault vault, Principal caller) {
    this.vault = vault;
    this.caller = caller;
  }

  /** Opens the vault named by the global options and authenticates the caller. */
  static Session open(EvaultCommand global, CommandLine commandLine) {
    if (global.server != null) {
      throw new ParameterException(
          commandLine,
          "remote mode (--server) comes with the HTTPS server, which is not built yet; use"
              + " --vault DIR");
    }
    if (global.vault == null) {
      throw new ParameterException(commandLine, "give the vault: --vault DIR (or EVAULT_VAULT)");
    }
    Unlock unlock = Secrets.read(global, commandLine, false);
    Vault vault;
    try {
      vault = Vault.open(global.vault, unlock, VaultOptions.defaults());
    } finally {
      unlock.destroy();
    }
    try {
      Principal caller =
          global.tokenFile == null
              ? vault.admin()
              : vault.authenticate(readToken(global.tokenFile));
      return new Session(vault, caller);
    } catch (RuntimeException e) {
      vault.close();
      throw e;
    }
  }

  private static Token readToken(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("token file " + file + " does not exist");
    } catch (IOException e) {
      throw new CliException("cannot read token file " + file);
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    Arrays.fill(bytes, (byte) 0);
    String line = text.lines().findFirst().orElse("").trim();
    if (line.isEmpty()) {
      throw new CliException("token file " + file + " is empty");
    }
    return Token.of(line.toCharArray());
  }

  @Override
  public void close() {
    vault.close();
  }
}
