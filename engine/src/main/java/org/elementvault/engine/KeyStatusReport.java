package org.elementvault.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Datasets;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.keys.KeyStatus;
import org.elementvault.engine.keys.KeyStoreFile;

/** Lists the vault's keys for {@code keys status}: the master key, then tenant and dataset keys. */
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
    all.add(new KeyStatus("master", "", 1, keyStoreWrittenAt(), false));
    for (String name : sorted(keys.names("tenant"))) {
      all.add(status(name, tenantName.apply(number(name))));
    }
    Map<Long, Dataset> byId =
        datasets.all().stream().collect(Collectors.toMap(Dataset::id, Function.identity()));
    for (String name : sorted(keys.names("dataset"))) {
      Dataset dataset = byId.get(number(name));
      all.add(
          status(
              name,
              dataset == null ? "" : tenantName.apply(dataset.tenantId()) + "/" + dataset.name()));
    }
    return all;
  }

  private KeyStatus status(String name, String owner) {
    return new KeyStatus(
        name,
        owner,
        1,
        keys.writtenAt(name)
            .orElseThrow(() -> new VaultException(ErrorCode.INTERNAL, "key " + name + " vanished")),
        keys.contains(KeyDirectory.shieldOf(name)));
  }

  private Instant keyStoreWrittenAt() {
    try {
      return Files.getLastModifiedTime(vaultDirectory.resolve(KeyStoreFile.FILE_NAME)).toInstant();
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "reading the key store failed", e);
    }
  }

  private static List<String> sorted(List<String> names) {
    return names.stream().sorted(Comparator.comparingLong(KeyStatusReport::number)).toList();
  }

  private static long number(String name) {
    return Long.parseLong(name.substring(name.indexOf('-') + 1));
  }
}
