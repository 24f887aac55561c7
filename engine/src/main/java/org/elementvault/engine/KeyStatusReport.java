package org.elementvault.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.keys.KeyName;
import org.elementvault.engine.keys.KeyStatus;
import org.elementvault.engine.keys.KeyStoreFile;

/**
 * Lists the vault's keys for {@code keys status}: the master key, then the tenant keys, the
 * tenants' sealing keys and the dataset keys.
 */
final class KeyStatusReport {

  private final Path vaultDirectory;
  private final KeyDirectory keys;
  private final Datasets datasets;
  private final LongFunction<String> tenantName;

  KeyStatusReport(
      Path vaultDirectory, KeyDirectory keys, Datasets datasets, LongFunction<String> tenantName) {
    this.vaultDirectory = vaultDirectory;
    this.keys = keys;
    this.datasets = datasets;
    this.tenantName = tenantName;
  }

  List<KeyStatus> list() {
    List<KeyStatus> all = new ArrayList<>();
    all.add(new KeyStatus("master", "", 1, keyStoreWrittenAt(), false, 0));
    for (String kind : List.of("tenant", "sealing")) {
      for (KeyName name : current(kind)) {
        all.add(status(name, tenantName.apply(name.number()), 0));
      }
    }
    Map<Long, Dataset> byId =
        datasets.all().stream().collect(Collectors.toMap(Dataset::id, Function.identity()));
    for (KeyName name : current("dataset")) {
      Dataset dataset = byId.get(name.number());
      all.add(
          dataset == null
              ? status(name, "", 0)
              : status(
                  name,
                  tenantName.apply(dataset.tenantId()) + "/" + dataset.name(),
                  datasets.staleChunks(dataset)));
    }
    return all;
  }

  /** The current (newest) version of every key of {@code kind}, by number. */
  private List<KeyName> current(String kind) {
    Map<Long, KeyName> newest = new TreeMap<>();
    for (String text : keys.names(kind)) {
      KeyName name = KeyName.parse(text).orElseThrow();
      newest.merge(name.number(), name, (a, b) -> a.version() >= b.version() ? a : b);
    }
    return List.copyOf(newest.values());
  }

  private KeyStatus status(KeyName name, String owner, long pendingChunks) {
    String file = name.toString();
    return new KeyStatus(
        KeyName.first(name.kind(), name.number()).toString(),
        owner,
        name.version(),
        keys.writtenAt(file)
            .orElseThrow(() -> new VaultException(ErrorCode.INTERNAL, "key " + file + " vanished")),
        keys.contains(KeyDirectory.shieldOf(file)),
        pendingChunks);
  }

  private Instant keyStoreWrittenAt() {
    try {
      return Files.getLastModifiedTime(vaultDirectory.resolve(KeyStoreFile.FILE_NAME)).toInstant();
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "reading the key store failed", e);
    }
  }
}
