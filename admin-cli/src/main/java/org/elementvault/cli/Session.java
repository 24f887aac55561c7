package org.elementvault.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.VaultOptions;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Token;
import org.elementvault.engine.keys.Unlock;
import org.elementvault.server.api.EmbeddedApi;
import org.elementvault.server.api.VaultApi;
import org.elementvault.server.http.HttpApi;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The vault's operations as one caller, whichever mode serves them: embedded, the vault opened in
 * this process and the caller the token's principal with {@code --token-file}, else the built-in
 * admin (who already proved the master secret); remote, a vault server reached with a token.
 * Commands call {@link #api} only, so each command has one implementation for both modes.
 */
final class Session implements AutoCloseable {

  final VaultApi api;
  private final Runnable onClose;

  private Session(VaultApi api, Runnable onClose) {
    this.api = api;
    this.onClose = onClose;
  }

  /** Opens the vault named by the global options and authenticates the caller. */
  static Session open(EvaultCommand global, CommandLine commandLine) {
    if (global.server() != null) {
      return remote(global, commandLine);
    }
    Path directory = global.vault();
    if (directory == null) {
      throw new ParameterException(
          commandLine,
          "give the vault: --vault DIR or --server URL (or their variables), or run evault login");
    }
    Unlock unlock = Secrets.read(global, commandLine, false);
    Vault vault;
    try {
      vault = Vault.open(directory, unlock, VaultOptions.defaults());
    } finally {
      unlock.destroy();
    }
    try {
      finishKeyRotations(vault, commandLine);
      Path tokenFile = global.tokenFile();
      Principal caller =
          tokenFile == null ? vault.admin() : vault.authenticate(readToken(tokenFile));
      return new Session(new EmbeddedApi(vault, caller), vault::close);
    } catch (RuntimeException e) {
      vault.close();
      throw e;
    }
  }

  /**
   * Completes the key rotations a crash cut off, as every open does. A vault that cannot complete
   * them now (a full disk) still serves the command, with a warning; the next open tries again.
   */
  static void finishKeyRotations(Vault vault, CommandLine commandLine) {
    try {
      var unused = vault.finishKeyRotations();
    } catch (VaultException e) {
      commandLine
          .getErr()
          .println("warning: a pending key rotation could not be completed now: " + e.getMessage());
    }
  }

  /**
   * Remote mode: the one place where {@code --server URL} (with {@code --token-file F} and {@code
   * --ca-cert F}, or the system trust store) builds the HTTP implementation of {@link VaultApi}.
   */
  static Session remote(EvaultCommand global, CommandLine commandLine) {
    Path tokenFile = global.tokenFile();
    if (tokenFile == null) {
      throw new ParameterException(
          commandLine, "remote mode needs a token: --token-file F (or EVAULT_TOKEN_FILE)");
    }
    String server = global.server();
    return new Session(
        HttpApi.connect(server == null ? "" : server, tokenFile, global.caCert()), () -> {});
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
    onClose.run();
  }
}
