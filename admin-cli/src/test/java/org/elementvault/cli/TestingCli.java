package org.elementvault.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Runs {@code evault} command lines in-process against one key-file vault in a directory. */
final class TestingCli {

  /** The outcome of one command line. */
  record Result(int status, String out, String err) {}

  private final Path vault;
  private final Path keyFile;

  private TestingCli(Path vault, Path keyFile) {
    this.vault = vault;
    this.keyFile = keyFile;
  }

  /** A CLI for a vault in {@code directory}/vault with a fixed key file; not yet created. */
  static TestingCli in(Path directory) throws IOException {
    Path keyFile = directory.resolve("master.key");
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 3);
    }
    Files.write(keyFile, key);
    return new TestingCli(directory.resolve("vault"), keyFile);
  }

  Path vault() {
    return vault;
  }

  Path keyFile() {
    return keyFile;
  }

  /** Runs exactly {@code args} in an empty environment. */
  static Result run(String... args) {
    return runIn(Map.of(), args);
  }

  /** Runs exactly {@code args} with {@code environment} as the process environment. */
  static Result runIn(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), environment, args);
    return new Result(status, out.toString(), err.toString());
  }

  /** Runs {@code args} on this vault, unlocked with its key file. */
  Result evault(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--vault";
    all[args.length + 1] = vault.toString();
    all[args.length + 2] = "--key-file";
    all[args.length + 3] = keyFile.toString();
    return run(all);
  }
}
