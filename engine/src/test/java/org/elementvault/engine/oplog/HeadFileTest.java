package org.elementvault.engine.oplog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.VaultException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acknowledged head's two slots: a commit overwrites one in place, a torn slot leaves the head
 * before it, and a file where no slot authenticates is refused.
 */
class HeadFileTest {

  private static final int ENTRIES = 5;

  @TempDir Path temp;

  private TestingLog testing;
  private Aead sealer;
  private HeadFile head;

  @BeforeEach
  void logOfFiveEntries() {
    testing = TestingLog.withEntries(temp.resolve("db"), CipherSuite.INTL, ENTRIES);
    Primitives primitives = CipherSuite.INTL.primitives(new SecureRandom());
    sealer = primitives.aead(primitives.newKey());
    head = HeadFile.of(temp, sealer, TestingLog.VAULT_ID);
  }

  @AfterEach
  void closeLog() {
    testing.close();
  }

  @Test
  void acknowledged_everyCommit_keepsTheFileAtTwoSlots() throws IOException {
    for (long size = 1; size <= ENTRIES; size++) {
      head.acknowledged(size, hash(size));
    }

    assertThat(Files.size(file())).isEqualTo(2L * HeadFile.SLOT_BYTES);
    assertThat(head.lackedBy(testing.log())).isEmpty();
  }

  @Test
  void acknowledged_theHeadTheFileWasReadToHold_rewritesNothing() throws IOException {
    head.acknowledged(ENTRIES, hash(ENTRIES));
    HeadFile reopened = HeadFile.of(temp, sealer, TestingLog.VAULT_ID);
    assertThat(reopened.lackedBy(testing.log())).isEmpty();
    byte[] before = Files.readAllBytes(file());

    reopened.acknowledged(ENTRIES, hash(ENTRIES));

    assertThat(Files.readAllBytes(file())).isEqualTo(before);
  }

  @Test
  void acknowledged_aHeadAfterTheOneRead_isWritten() throws IOException {
    head.acknowledged(ENTRIES - 1, hash(ENTRIES - 1));
    HeadFile reopened = HeadFile.of(temp, sealer, TestingLog.VAULT_ID);
    assertThat(reopened.lackedBy(testing.log())).isEmpty();

    reopened.acknowledged(ENTRIES + 1, new byte[32]);
    tear(ENTRIES % 2); // only the new head is left to read

    assertThat(refusal(reopened)).contains("older than its last acknowledged write");
  }

  @Test
  void lackedBy_headAheadOfTheLog_isRefusedAsOlder() {
    head.acknowledged(ENTRIES - 1, hash(ENTRIES - 1));
    head.acknowledged(ENTRIES + 1, new byte[32]);

    assertThat(refusal(head)).contains("older than its last acknowledged write");
  }

  @Test
  void lackedBy_newestSlotTorn_readsTheHeadBeforeIt() throws IOException {
    head.acknowledged(ENTRIES, hash(ENTRIES));
    head.acknowledged(ENTRIES + 1, new byte[32]); // the slot a crash then tears
    tear((ENTRIES + 1) % 2);

    assertThat(head.lackedBy(testing.log())).isEmpty();
  }

  @Test
  void lackedBy_bothSlotsTorn_isRefusedAsDamaged() throws IOException {
    head.acknowledged(ENTRIES - 1, hash(ENTRIES - 1));
    head.acknowledged(ENTRIES, hash(ENTRIES));
    tear(0);
    tear(1);

    assertThat(refusal(head)).contains("fails its integrity check");
  }

  @Test
  void lackedBy_anotherVaultsHead_isRefusedAsDamaged() {
    HeadFile.of(temp, sealer, "v-other").acknowledged(ENTRIES, hash(ENTRIES));

    assertThat(refusal(head)).contains("fails its integrity check");
  }

  @Test
  void lackedBy_fileOfOneSealedHead_isReadAndReplacedByTwoSlotsAtTheNextCommit()
      throws IOException {
    byte[] single =
        ByteBuffer.allocate(Long.BYTES + 32).putLong(ENTRIES).put(hash(ENTRIES)).array();
    Files.write(file(), sealer.seal(single, head.place()));

    Optional<VaultException> before = head.lackedBy(testing.log());
    head.acknowledged(ENTRIES, hash(ENTRIES));

    assertThat(before).isEmpty();
    assertThat(Files.size(file())).isEqualTo(2L * HeadFile.SLOT_BYTES);
    assertThat(head.lackedBy(testing.log())).isEmpty();
  }

  /** The message of {@code file}'s refusal of the log; fails if it has none. */
  private String refusal(HeadFile file) {
    return file.lackedBy(testing.log()).orElseThrow().getMessage();
  }

  private byte[] hash(long sequence) {
    return testing.log().storedHash(sequence).orElseThrow();
  }

  /** Overwrites slot {@code index} with half of its bytes flipped, as a torn write leaves it. */
  private void tear(long index) throws IOException {
    byte[] bytes = Files.readAllBytes(file());
    int from = (int) index * HeadFile.SLOT_BYTES;
    for (int i = from + 40; i < from + HeadFile.SLOT_BYTES; i++) {
      bytes[i] ^= (byte) 0x5a;
    }
    Files.write(file(), bytes);
  }

  private Path file() {
    return temp.resolve(HeadFile.FILE_NAME);
  }
}
