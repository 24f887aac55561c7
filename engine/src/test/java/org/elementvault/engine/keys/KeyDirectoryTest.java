package org.elementvault.engine.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.WrappedKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key directory's rewrap: the new wrapping replaces the old, the creation time stays. */
class KeyDirectoryTest {

  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path directory;

  /** Stand-in wrapped bytes of the right length, all {@code fill}. */
  private static WrappedKey wrapped(int fill) {
    byte[] bytes = new byte[KeyMaterial.LENGTH + Aead.OVERHEAD];
    Arrays.fill(bytes, (byte) fill);
    return new WrappedKey(bytes);
  }

  @Test
  void rewrap_replacesTheWrappingAndKeepsTheCreationTime() throws IOException {
    KeyDirectory keys = new KeyDirectory(directory);
    keys.write("dataset-3-v2", wrapped(1));
    Files.setLastModifiedTime(directory.resolve("dataset-3-v2.key"), FileTime.from(CREATED));

    keys.rewrap("dataset-3-v2", wrapped(2));

    assertThat(keys.read("dataset-3-v2").orElseThrow()).isEqualTo(wrapped(2));
    assertThat(keys.writtenAt("dataset-3-v2")).contains(CREATED);
  }
}
