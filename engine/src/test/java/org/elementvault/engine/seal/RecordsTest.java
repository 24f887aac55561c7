package org.elementvault.engine.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.store.Batch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordsTest {

  /** A record as a module above would store it. */
  record Widget(String name, int size) {}

  @TempDir Path temp;

  private Vault vault;

  @BeforeEach
  void createVault() {
    vault = TestingVaults.create(temp.resolve("vault"), CipherSuite.INTL);
  }

  @AfterEach
  void closeVault() {
    vault.close();
  }

  @Test
  void next_afterReopen_continuesTheSequence() {
    long first = vault.records().next("job");
    long second = vault.records().next("job");
    vault.close();
    vault = TestingVaults.open(temp.resolve("vault"));

    long third = vault.records().next("job");

    assertThat(List.of(first, second, third)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void next_intoABatchThenWritten_continuesAfterReopen() {
    Batch batch = new Batch();
    long first = vault.records().next(batch, "job");
    writeWithLogEntry(batch);
    vault.close();
    vault = TestingVaults.open(temp.resolve("vault"));

    long second = vault.records().next("job");

    assertThat(List.of(first, second)).containsExactly(1L, 2L);
  }

  @Test
  void next_intoABatchNeverWritten_isNotDurable() {
    long unseen = vault.records().next(new Batch(), "job");
    vault.close();
    vault = TestingVaults.open(temp.resolve("vault"));

    assertThat(vault.records().next("job")).isEqualTo(unseen);
  }

  @Test
  void next_twoSequences_countApart() {
    long job = vault.records().next("job");
    long element = vault.records().next("element");

    assertThat(List.of(job, element)).containsExactly(1L, 1L);
  }

  @Test
  void loadAll_afterPutAndReopen_returnsTheRecordsOfTheKindInIdOrder() {
    Batch batch = new Batch();
    vault.records().put(batch, "widget", 2, new Widget("b", 2));
    vault.records().put(batch, "widget", 1, new Widget("a", 1));
    vault.records().put(batch, "gadget", 1, new Widget("c", 3));
    writeWithLogEntry(batch);
    vault.close();
    vault = TestingVaults.open(temp.resolve("vault"));

    List<Widget> widgets = vault.records().loadAll("widget", Widget.class);

    assertThat(widgets).containsExactly(new Widget("a", 1), new Widget("b", 2));
  }

  @Test
  void load_findsTheRecordOfItsKindAndIdAlone() {
    Batch batch = new Batch();
    vault.records().put(batch, "widget", 1, new Widget("a", 1));
    vault.records().put(batch, "widget", 2, new Widget("b", 2));
    vault.records().put(batch, "gadget", 3, new Widget("c", 3));
    writeWithLogEntry(batch);

    assertThat(vault.records().load("widget", 2, Widget.class)).contains(new Widget("b", 2));
    assertThat(vault.records().load("widget", 3, Widget.class)).isEmpty();
  }

  @Test
  void loadAll_afterDelete_omitsTheRecord() {
    Batch put = new Batch();
    vault.records().put(put, "widget", 1, new Widget("a", 1));
    writeWithLogEntry(put);
    Batch delete = new Batch();
    vault.records().delete(delete, "widget", 1);
    writeWithLogEntry(delete);

    assertThat(vault.records().loadAll("widget", Widget.class)).isEmpty();
  }

  /** A module above may neither read nor overwrite the engine's own records. */
  @ParameterizedTest
  @ValueSource(strings = {"tenant", "principal", "dataset", "vault", "Tenant", "sequence:job", ""})
  void put_engineOrInvalidKind_isRefused(String kind) {
    Batch batch = new Batch();

    assertThatThrownBy(() -> vault.records().put(batch, kind, 1, new Widget("a", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record kind must be a valid name of no engine record");
    assertThatThrownBy(() -> vault.records().loadAll(kind, Widget.class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(batch.isEmpty()).isTrue();
  }

  private void writeWithLogEntry(Batch batch) {
    var unused =
        vault
            .guard()
            .run(
                vault.admin(),
                Operation.TENANT_LIST,
                "",
                "",
                () -> new Guard.Change<>("done", batch, null, "", () -> {}));
  }
}
