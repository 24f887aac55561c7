package org.elementvault.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.engine.keys.Unlock;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Reads the secret that unlocks a vault: a passphrase file, a key file, or a terminal prompt.
 * Secrets never come from arguments, and no message here shows a secret.
 */
final class Secrets {

  /** New passphrases shorter than this are refused: Argon2id cannot save a guessable one. */
  static final int MIN_NEW_PASSPHRASE = 12;

  private Secrets() {}

  /**
   * The unlock secret from {@code --passphrase-file} or {@code --key-file}, else a prompt on the
   * terminal. With {@code confirmNew}, a prompted passphrase is asked twice and every passphrase
   * must be at least {@link #MIN_NEW_PASSPHRASE} characters.
   */
  static Unlock read(EvaultCommand global, CommandLine commandLine, boolean confirmNew) {
    return read(global.keyFile(), global.passphraseFile(), commandLine, confirmNew);
  }

  /**
   * The unlock secret from {@code keyFile}, else from {@code passphraseFile}, else a prompt on the
   * terminal; see {@link #read(EvaultCommand, CommandLine, boolean)}.
   */
  static Unlock read(
      @Nullable Path keyFile,
      @Nullable Path passphraseFile,
      CommandLine commandLine,
      boolean confirmNew) {
    if (keyFile != null) {
      return keyFile(keyFile);
    }
    char[] passphrase =
        passphraseFile != null
            ? passphraseFile(passphraseFile, commandLine.getErr())
            : prompt(commandLine, confirmNew);
    try {
      if (passphrase.length == 0) {
        throw new CliException("the passphrase is empty");
      }
      if (confirmNew && passphrase.length < MIN_NEW_PASSPHRASE) {
        throw new CliException(
            "a new vault's passphrase must be at least " + MIN_NEW_PASSPHRASE + " characters");
      }
      return Unlock.passphrase(passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /**
   * A new master secret from a passphrase file (at least {@link #MIN_NEW_PASSPHRASE} characters) or
   * else a key file; exactly one of the two is given.
   */
  static Unlock readNew(
      @Nullable Path passphraseFile, @Nullable Path keyFile, CommandLine commandLine) {
    if (passphraseFile == null) {
      return keyFile(Objects.requireNonNull(keyFile, "keyFile"));
    }
    char[] passphrase = passphraseFile(passphraseFile, commandLine.getErr());
    try {
      if (passphrase.length < MIN_NEW_PASSPHRASE) {
        throw new CliException(
            "a new passphrase must be at least " + MIN_NEW_PASSPHRASE + " characters");
      }
      return Unlock.passphrase(passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  private static Unlock keyFile(Path file) {
    byte[] bytes = readSecretFile(file, "key file");
    try {
      if (bytes.length != KeyMaterial.LENGTH) {
        throw new CliException(
            "key file "
                + file
                + " must hold exactly "
                + KeyMaterial.LENGTH
                + " bytes (make one with: head -c 32 /dev/urandom > FILE), it holds "
                + bytes.length);
      }
      return Unlock.keyFile(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The first line of the file, strictly UTF-8, without its line ending. */
  private static char[] passphraseFile(Path file, PrintWriter err) {
    byte[] bytes = readSecretFile(file, "passphrase file");
    warnIfShared(file, err);
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n') {
      end++;
    }
    if (end > 0 && bytes[end - 1] == '\r') {
      end--;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, end));
      char[] passphrase = new char[chars.remaining()];
      chars.get(passphrase);
      Arrays.fill(chars.array(), '\0');
      return passphrase;
    } catch (CharacterCodingException e) {
      throw new CliException("passphrase file " + file + " is not valid UTF-8");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static byte[] readSecretFile(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException(what + " " + file + " does not exist");
    } catch (IOException e) {
      throw new CliException(
          "cannot read " + what + " " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static void warnIfShared(Path file, PrintWriter err) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.OTHERS_READ)
          || permissions.contains(PosixFilePermission.GROUP_READ)) {
        err.println("evault: warning: " + file + " is readable by other users (chmod 600 it)");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Permissions are advisory here; reading the file already succeeded.
    }
  }

  private static char[] prompt(CommandLine commandLine, boolean confirmNew) {
    @Nullable Console console = terminal();
    if (console == null) {
      throw new ParameterException(
          commandLine,
          "no passphrase: give --passphrase-file FILE or --key-file FILE, or run on a terminal"
              + " to be prompted");
    }
    char[] first = readPassword(console, confirmNew ? "New vault passphrase: " : "Passphrase: ");
    if (!confirmNew) {
      return first;
    }
    char[] second = readPassword(console, "Repeat the passphrase: ");
    try {
      if (!Arrays.equals(first, second)) {
        Arrays.fill(first, '\0');
        throw new CliException("the two passphrases differ");
      }
      return first;
    } finally {
      Arrays.fill(second, '\0');
    }
  }

  /**
   * The console if stdin and stdout are a terminal. Java 22 and newer return a console even when
   * they are not, and add {@code isTerminal()} to tell; Java 17 returns null then.
   */
  @SuppressWarnings("SystemConsoleNull")
  static @Nullable Console terminal() {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    try {
      Object isTerminal = Console.class.getMethod("isTerminal").invoke(console);
      return Boolean.TRUE.equals(isTerminal) ? console : null;
    } catch (ReflectiveOperationException e) {
      return console;
    }
  }

  private static char[] readPassword(Console console, String prompt) {
    char[] read = console.readPassword("%s", prompt);
    if (read == null) {
      throw new CliException("no passphrase was entered");
    }
    return read;
  }
}
