package org.elementvault.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultStoreScanTest {

  @TempDir Path dir;

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /** The keys a scan of {@code prefix} skipping {@code skip} visits, in hex. */
  private List<String> visited(String[] keys, String prefix, String skip) {
    try (VaultStore store = VaultStore.create(dir.resolve("db"))) {
      Batch batch = new Batch();
      for (String key : keys) {
        batch.put(Family.RESULTS, hex(key), new byte[] {1});
      }
      store.write(batch);
      List<String> visited = new ArrayList<>();
      store.scan(
          Family.RESULTS,
          hex(prefix),
          skip == null ? null : hex(skip),
          (key, value) -> visited.add(HexFormat.of().formatHex(key)));
      return visited;
    }
  }

  @Test
  void skipPassesOverTheKeysOfASubPrefixOnly() {
    String[] keys = {"0a01", "0a0201", "0a0202", "0a02ffff", "0a03", "0b01"};

    assertThat(visited(keys, "0a", "0a02")).containsExactly("0a01", "0a03");
  }

  @Test
  void skipOfASubPrefixOfOnesEndsTheScan() {
    String[] keys = {"0a01", "0aff", "0aff01", "0b01"};

    assertThat(visited(keys, "0a", "0aff")).containsExactly("0a01");
  }

  @Test
  void withoutSkipEveryKeyOfThePrefixIsVisited() {
    String[] keys = {"0a01", "0a0201", "0b01"};

    assertThat(visited(keys, "0a", null)).containsExactly("0a01", "0a0201");
  }
}
