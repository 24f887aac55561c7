package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code serve --config FILE}: the settings it reads and the files it refuses. */
class ServeConfigTest {

  @TempDir Path temp;

  private Path write(String yaml) throws IOException {
    Path file = temp.resolve("conf/evault.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void read_everySetting_isRead() throws IOException {
    Path file =
        write(
            """
            listen: 127.0.0.1:8443
            vault: /var/lib/evault/vault
            key_file: /etc/evault/master.key
            tls_cert: /etc/evault/chain.pem
            tls_key: /etc/evault/key.pem
            max_connections: 64
            log_format: json
            """);

    ServeConfig config = ServeConfig.read(file);

    assertThat(config.listen()).contains(new InetSocketAddress("127.0.0.1", 8443));
    assertThat(config.vault()).contains(Path.of("/var/lib/evault/vault"));
    assertThat(config.keyFile()).contains(Path.of("/etc/evault/master.key"));
    assertThat(config.passphraseFile()).isEmpty();
    assertThat(config.tlsCert()).contains(Path.of("/etc/evault/chain.pem"));
    assertThat(config.tlsKey()).contains(Path.of("/etc/evault/key.pem"));
    assertThat(config.maxConnections()).contains(64);
    assertThat(config.logFormat()).contains(LogFormat.JSON);
  }

  @Test
  void read_relativePaths_areReadFromTheFilesDirectory() throws IOException {
    Path file = write("vault: ../data/vault\npassphrase_file: passphrase\n");

    ServeConfig config = ServeConfig.read(file);

    assertThat(config.vault()).contains(temp.resolve("data/vault").toAbsolutePath());
    assertThat(config.passphraseFile()).contains(temp.resolve("conf/passphrase").toAbsolutePath());
  }

  @Test
  void read_theDistributionsExample_isValid() {
    ServeConfig config = ServeConfig.read(Path.of("src/dist/conf/evault.yaml"));

    assertThat(config.listen()).contains(new InetSocketAddress("127.0.0.1", 8443));
    assertThat(config.passphraseFile()).contains(Path.of("/etc/evault/passphrase"));
  }

  /** Each refusal names the key and the rule, never the value. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "lisen: 127.0.0.1:8443|config: unknown key lisen (known: listen, vault, passphrase_file,"
            + " key_file, tls_cert, tls_key, max_connections, log_format)",
        "passphrase: hunter2-secret|config: passphrase may not be written in the file: use"
            + " passphrase_file instead",
        "key: c2VjcmV0|config: key may not be written in the file: use key_file instead",
        "listen: 127.0.0.1|config: listen must be HOST:PORT with a port from 0 to 65535",
        "listen: 127.0.0.1:70000|config: listen must be HOST:PORT with a port from 0 to 65535",
        "max_connections: 0|config: max_connections must be a whole number of at least 1",
        "max_connections: many|config: max_connections must be a whole number of at least 1",
        "log_format: xml|config: log_format must be text or json",
        "vault: [a, b]|config: vault must be a single value",
        "vault: ~|config: vault must be a single value",
        "- listen|config: the file must be a map of settings (key: value)",
      })
  void read_badSetting_isRefusedNamingTheKey(String yaml, String message) throws IOException {
    Path file = write(yaml + "\n");

    assertThatThrownBy(() -> ServeConfig.read(file))
        .isInstanceOf(VaultException.class)
        .hasMessage(message)
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.USER_ERROR);
  }

  @Test
  void read_keyGivenTwice_isRefused() throws IOException {
    Path file = write("vault: /a\nvault: /b\n");

    assertThatThrownBy(() -> ServeConfig.read(file))
        .isInstanceOf(VaultException.class)
        .hasMessage("config: vault is given twice");
  }

  @Test
  void read_passphraseFileAndKeyFile_isRefused() throws IOException {
    Path file = write("passphrase_file: p\nkey_file: k\n");

    assertThatThrownBy(() -> ServeConfig.read(file))
        .isInstanceOf(VaultException.class)
        .hasMessage("config: give passphrase_file or key_file, not both");
  }

  @Test
  void read_unknownKeyThatIsNotAPlainWord_isRefusedWithoutShowingIt() throws IOException {
    Path file = write("\"p@ss w0rd\": x\n");

    assertThatThrownBy(() -> ServeConfig.read(file))
        .isInstanceOf(VaultException.class)
        .hasMessageStartingWith("config: unknown key (known: listen,")
        .hasMessageNotContaining("p@ss");
  }

  @Test
  void read_missingFile_isRefused() {
    Path file = temp.resolve("absent.yaml");

    assertThatThrownBy(() -> ServeConfig.read(file))
        .isInstanceOf(CliException.class)
        .hasMessage("config file " + file + " does not exist");
  }
}
