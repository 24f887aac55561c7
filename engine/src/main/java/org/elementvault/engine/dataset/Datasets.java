package org.elementvault.engine.dataset;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.elementvault.crypto.Primitives;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.chunk.ChunkCache;
import org.elementvault.engine.chunk.ChunkCodec;
import org.elementvault.engine.chunk.ChunkPlace;
import org.elementvault.engine.chunk.ChunkSealer;
import org.elementvault.engine.keys.KeyDirectory;
import org.elementvault.engine.seal.Records;
import org.elementvault.engine.seal.SealedMeta;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.TenantState;
import org.elementvault.engine.tenant.Tenants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vault's datasets: streaming import as new versions that become visible atomically, listing,
 * classification, dropping with crypto-shredding, and scans for the sandbox. Each dataset has its
 * own key, wrapped by its tenant's key. Thread-safe; operations are serialized.
 */
public final class Datasets {

  /** Rows per stored batch. */
  public static final int BATCH_ROWS = ChunkCodec.MAX_ROWS;

  /** Arrow memory one import may hold: a batch of 1,024 columns of 1 MiB strings would not fit. */
  private static final long IMPORT_MEMORY = 1L << 30;

  private static final String KIND = "dataset";

  /** The persistent sequence dataset ids are drawn from. */
  private static final String ID_SEQUENCE = "dataset-id";

  private static final Logger log = LoggerFactory.getLogger(Datasets.class);

  /** Receives an import's progress, after every batch. */
  @FunctionalInterface
  public interface Progress {
    /** Nothing to show. */
    Progress NONE = (rows, bytesRead) -> {};

    void update(long rows, long bytesRead);
  }

  private final SealedMeta meta;
  private final Guard guard;
  private final VaultStore store;
  private final DatasetKeys keys;
  private final Tenants tenants;
  private final Clock clock;
  private final String vaultId;
  private final ChunkCache cache;
  private final Records ids;
  private final Map<Long, Dataset> byId = new LinkedHashMap<>();

  public Datasets(
      SealedMeta meta,
      Guard guard,
      VaultStore store,
      KeyDirectory keys,
      Primitives primitives,
      Tenants tenants,
      Clock clock,
      String vaultId,
      ChunkCache cache) {
    this.meta = meta;
    this.guard = guard;
    this.store = store;
    this.keys = new DatasetKeys(keys, tenants, primitives);
    this.tenants = tenants;
    this.clock = clock;
    this.vaultId = vaultId;
    this.cache = cache;
    this.ids = new Records(meta, store);
    for (Dataset dataset : meta.loadAll(KIND, Dataset.class)) {
      byId.put(dataset.id(), dataset);
    }
    removeUncommitted();
  }

  /**
   * An import cut off by a crash leaves chunks of a version no record names (of a new dataset, even
   * of a dataset no record names), and perhaps the key of a dataset never committed; an exit cut
   * off between destroying the tenant and forgetting its datasets leaves their records. All of it
   * goes at the next open: every chunk outside a committed version is deleted, and the table file
   * of an import cut off before its chunks moved into the database.
   */
  private void removeUncommitted() {
    List<Dataset> ofDestroyed =
        byId.values().stream()
            .filter(
                d ->
                    tenants
                        .byId(d.tenantId())
                        .map(t -> t.state() == TenantState.DESTROYED)
                        .orElse(true))
            .toList();
    Batch batch = new Batch();
    for (Dataset dataset : ofDestroyed) {
      meta.delete(batch, KIND, dataset.id());
      byId.remove(dataset.id());
    }
    // Chunk keys sort by tenant, dataset, version: keep [dataset start, next version) of each.
    byte[] from = new byte[0];
    List<Dataset> sorted =
        byId.values().stream()
            .sorted(Comparator.comparingLong(Dataset::tenantId).thenComparingLong(Dataset::id))
            .toList();
    for (Dataset dataset : sorted) {
      byte[] to = ChunkPlace.datasetPrefix(dataset.tenantId(), dataset.id());
      batch.deleteRange(Family.DATA, from, to);
      from = versionStart(dataset, dataset.nextVersion());
    }
    byte[] beyondEveryKey = new byte[ChunkPlace.KEY_LENGTH + 1];
    Arrays.fill(beyondEveryKey, (byte) 0xFF);
    batch.deleteRange(Family.DATA, from, beyondEveryKey);
    store.write(batch);
    store.discardIngests();
    for (long id : keys.datasetIds()) {
      if (!byId.containsKey(id)) {
        keys.shredAll(id);
      }
    }
  }

  /**
   * Imports {@code file} by its format: {@code .csv} is RFC 4180 CSV with a header row, {@code
   * .arrow} an Arrow IPC file and {@code .arrows} an Arrow IPC stream; any other file is refused.
   * Streams the file a batch at a time; nothing becomes visible unless every row is valid and every
   * chunk is written, and then all of it does at once (creating the dataset with {@code schema} if
   * it is new).
   *
   * @param tenantName the tenant; tenant-scoped callers may omit it (their own)
   */
  public synchronized DatasetVersion importFile(
      Principal caller,
      @Nullable String tenantName,
      String name,
      Path file,
      byte[] schemaYaml,
      Progress progress) {
    return importRows(
        caller,
        tenantName,
        name,
        schemaYaml,
        progress,
        (schema, allocator, batches) -> {
          String fileName = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
          if (fileName.endsWith(".csv")) {
            return CsvRows.open(file, schema, batches);
          }
          if (fileName.endsWith(".arrow") || fileName.endsWith(".arrows")) {
            return ArrowIpcRows.open(file, schema, allocator, batches, fileName.endsWith(".arrow"));
          }
          throw new VaultException(
              ErrorCode.USER_ERROR,
              "import refused: the file must be CSV (.csv), an Arrow IPC file (.arrow) or an Arrow IPC"
                  + " stream (.arrows)");
        });
  }

  /**
   * Opens an import file's rows once its schema is known; its batches come from {@code batches},
   * which any thread may call.
   */
  @FunctionalInterface
  private interface Opener {
    BatchSource open(
        Schema schema, BufferAllocator allocator, Supplier<ArrowColumns.BatchWriter> batches);
  }

  private DatasetVersion importRows(
      Principal caller,
      @Nullable String tenantName,
      String name,
      byte[] schemaYaml,
      Progress progress,
      Opener opener) {
    return guard.run(
        caller,
        Operation.DATASET_IMPORT,
        tenantLabel(caller, tenantName),
        name,
        () -> {
          Tenant tenant = tenant(caller, tenantName);
          LocalDate today = tenants.businessDate();
          if (!tenant.canOperate(today)) {
            throw new VaultException(
                ErrorCode.POLICY_REFUSED,
                "tenant "
                    + tenant.name()
                    + " is "
                    + tenant.state()
                    + (tenant.isExpired(today) ? " and past its end date" : "")
                    + ": imports need a tenant in its trial or active");
          }
          Names.check("dataset", name);
          Schema schema = Schema.parse(schemaYaml);
          Optional<Dataset> existing = find(tenant.id(), name);
          Dataset dataset =
              existing
                  .map(d -> sameColumns(d, schema))
                  .orElseGet(
                      () ->
                          new Dataset(
                              nextId(), tenant.id(), name, schema, clock.instant(), List.of()));
          boolean created = existing.isEmpty();
          if (created) {
            keys.create(tenant, dataset.id());
          }
          int version = dataset.nextVersion();
          try {
            DatasetVersion imported =
                write(caller, tenant, dataset, version, opener, progress, today);
            Dataset updated = dataset.withVersion(imported);
            Batch batch = new Batch();
            meta.put(batch, KIND, updated.id(), updated);
            return new Guard.Change<>(
                imported,
                batch,
                null,
                "version "
                    + version
                    + ": "
                    + imported.rows()
                    + " rows, "
                    + imported.storedBytes()
                    + " bytes",
                () -> byId.put(updated.id(), updated));
          } catch (RuntimeException e) {
            store.write(
                new Batch()
                    .deleteRange(
                        Family.DATA,
                        versionStart(dataset, version),
                        versionStart(dataset, version + 1)));
            if (created) {
              keys.shredAll(dataset.id());
            }
            throw e;
          }
        });
  }

  /**
   * Writes the rows of an import file as sealed chunks of {@code version}, a batch at a time,
   * within the tenant's storage quota; the caller makes the version visible.
   */
  private DatasetVersion write(
      Principal caller,
      Tenant tenant,
      Dataset dataset,
      int version,
      Opener opener,
      Progress progress,
      LocalDate today) {
    long rows = 0;
    int batches = 0;
    ImportTally tally = new ImportTally(dataset.schema());
    // Leftovers of an earlier, uncommitted attempt at this version number are removed first.
    store.write(
        new Batch()
            .deleteRange(
                Family.DATA, versionStart(dataset, version), versionStart(dataset, version + 1)));
    try (BufferAllocator allocator = new RootAllocator(IMPORT_MEMORY);
        BatchSource source =
            opener.open(
                dataset.schema(),
                allocator,
                () ->
                    new ArrowColumns.BatchWriter(dataset.schema(), allocator, today, BATCH_ROWS));
        ChunkWriter chunks =
            new ChunkWriter(tenant, dataset, version, sealer(tenant, dataset), tally)) {
      BatchSource.Filled filled;
      while ((filled = source.next()) != null) {
        chunks.submit(batches++, filled.writer(), filled.rows());
        rows += filled.rows();
        progress.update(rows, source.bytesRead());
      }
      if (batches == 0) {
        throw new VaultException(ErrorCode.USER_ERROR, "import refused: the file has no rows");
      }
      long stored = chunks.finish();
      return new DatasetVersion(
          version,
          rows,
          stored,
          clock.instant(),
          caller.name(),
          tally.batches(),
          tally.subjectUnique(),
          tally.categories(),
          tally.histograms());
    } catch (OutOfMemoryException e) {
      throw new VaultException(
          ErrorCode.RESOURCE_LIMIT,
          "import refused: a batch of "
              + BATCH_ROWS
              + " rows needs more than "
              + IMPORT_MEMORY
              + " bytes of memory",
          e);
    }
  }

  /**
   * Tallies, encodes and seals an import's batches on as many threads as there are cores (at most
   * two batches per thread in memory), beside the parsing; the batches' tallies are added to the
   * import's in file order, and their chunks to one table file that {@link #finish} moves into the
   * database at once, past the write-ahead log and the memtable. The tenant's storage quota is
   * checked as each batch is sealed; nothing is visible before the commit that names the version.
   */
  private final class ChunkWriter implements AutoCloseable {
    private final Tenant tenant;
    private final Dataset dataset;
    private final int version;
    private final ChunkSealer sealer;
    private final ImportTally tally;
    private final ChunkCodec codec = ChunkCodec.create();
    private final long quota;
    private final long used;
    private final int threads =
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private final ExecutorService sealing;
    private final ArrayDeque<Sealing> pending = new ArrayDeque<>();
    private final VaultStore.Ingest ingest;
    private long stored;

    /** A batch being sealed, and its vectors, released once it is. */
    private record Sealing(Future<Sealed> sealed, ArrowColumns.BatchWriter writer) {}

    /** A batch's chunks, keys ascending, and its share of the tally. */
    private record Sealed(List<Map.Entry<byte[], byte[]>> chunks, ImportTally.Part tally) {}

    ChunkWriter(
        Tenant tenant, Dataset dataset, int version, ChunkSealer sealer, ImportTally tally) {
      this.tenant = tenant;
      this.dataset = dataset;
      this.version = version;
      this.sealer = sealer;
      this.tally = tally;
      this.quota = tenant.quotas().storageBytes();
      this.used = storedBytes(tenant.id());
      this.ingest = store.ingest(Family.DATA);
      AtomicInteger count = new AtomicInteger();
      this.sealing =
          Executors.newFixedThreadPool(
              threads,
              runnable -> {
                Thread thread =
                    new Thread(runnable, "evault-import-sealer-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
    }

    /**
     * Hands a filled batch over, once fewer are in flight than threads; takes over {@code writer}.
     */
    void submit(int batch, ArrowColumns.BatchWriter writer, int count) {
      List<FieldVector> vectors;
      try {
        while (pending.size() >= threads) {
          awaitOldest();
        }
        vectors = writer.finish(count);
      } catch (RuntimeException e) {
        writer.close();
        throw e;
      }
      pending.add(new Sealing(sealing.submit(() -> seal(batch, writer, count, vectors)), writer));
    }

    private Sealed seal(
        int batch, ArrowColumns.BatchWriter writer, int count, List<FieldVector> vectors) {
      ImportTally.Part part = tally.tally(writer, count);
      List<Map.Entry<byte[], byte[]>> chunks = new ArrayList<>();
      long bytes = 0;
      for (int column = 0; column < vectors.size(); column++) {
        FieldVector vector = vectors.get(column);
        ChunkPlace place = new ChunkPlace(tenant.id(), dataset.id(), version, batch, column);
        byte[] sealed =
            sealer.sealVector(
                vector, ChunkCodec.defaultCompression(vector.getField().getType()), codec, place);
        bytes += sealed.length;
        chunks.add(Map.entry(place.key(), sealed));
      }
      reserve(bytes);
      return new Sealed(chunks, part);
    }

    private synchronized void reserve(long bytes) {
      if (used + stored + bytes > quota) {
        throw new VaultException(
            ErrorCode.RESOURCE_LIMIT,
            "import refused: tenant "
                + tenant.name()
                + " would exceed its storage quota of "
                + quota
                + " bytes");
      }
      stored += bytes;
    }

    /**
     * Waits for every batch and moves the chunks into the database, synced, still invisible;
     * returns the bytes written.
     */
    long finish() {
      while (!pending.isEmpty()) {
        awaitOldest();
      }
      ingest.commit();
      synchronized (this) {
        return stored;
      }
    }

    /** Adds the oldest batch's chunks to the ingest, in key order, and its tally, in file order. */
    private void awaitOldest() {
      Sealing oldest = pending.remove();
      Sealed sealed;
      try {
        sealed = ImportTasks.await(oldest.sealed(), "sealing a batch failed");
      } finally {
        oldest.writer().close();
      }
      for (Map.Entry<byte[], byte[]> chunk : sealed.chunks()) {
        ingest.put(chunk.getKey(), chunk.getValue());
      }
      tally.add(sealed.tally());
    }

    /** Waits for every batch in flight, then deletes the table file unless it moved in. */
    @Override
    public void close() {
      try {
        while (!pending.isEmpty()) {
          try {
            awaitOldest();
          } catch (RuntimeException e) {
            // The import already failed or finished; this batch's outcome no longer matters.
          }
        }
      } finally {
        sealing.shutdownNow();
        ingest.close();
      }
    }
  }

  private static byte[] versionStart(Dataset dataset, int version) {
    return ChunkPlace.versionPrefix(dataset.tenantId(), dataset.id(), version);
  }

  private Dataset sameColumns(Dataset dataset, Schema schema) {
    List<Column> have = dataset.schema().columns();
    List<Column> want = schema.columns();
    boolean same = have.size() == want.size();
    for (int i = 0; same && i < have.size(); i++) {
      same =
          have.get(i).name().equals(want.get(i).name())
              && have.get(i).type().equals(want.get(i).type());
    }
    if (!same || !dataset.schema().subject().equals(schema.subject())) {
      throw new VaultException(
          ErrorCode.USER_ERROR,
          "import refused: dataset "
              + dataset.name()
              + " has other columns; a new version needs the same columns, types and subject");
    }
    return dataset;
  }

  /** Every dataset of the tenant {@code caller} names or belongs to, sorted by name. */
  public synchronized List<Dataset> list(Principal caller, @Nullable String tenantName) {
    return guard.run(
        caller,
        Operation.DATASET_LIST,
        tenantLabel(caller, tenantName),
        "",
        () -> {
          Tenant tenant = tenant(caller, tenantName);
          return Guard.Change.read(
              byId.values().stream()
                  .filter(d -> d.tenantId() == tenant.id())
                  .sorted(Comparator.comparing(Dataset::name))
                  .toList());
        });
  }

  /** One dataset with its versions and classification. */
  public synchronized Dataset describe(Principal caller, @Nullable String tenantName, String name) {
    return guard.run(
        caller,
        Operation.DATASET_DESCRIBE,
        tenantLabel(caller, tenantName),
        name,
        () -> Guard.Change.read(visible(caller, tenantName, name)));
  }

  /**
   * Changes one column's level. Raising it is the tenant admin's act (or the vault admin's);
   * lowering needs the vault admin. Logged with before and after.
   */
  public synchronized Dataset classify(
      Principal caller,
      @Nullable String tenantName,
      String name,
      String columnName,
      Level level,
      String reason) {
    return guard.run(
        caller,
        Operation.DATASET_CLASSIFY,
        tenantLabel(caller, tenantName),
        name,
        () -> {
          Dataset dataset = visible(caller, tenantName, name);
          Names.checkText("reason", reason);
          Column column =
              dataset
                  .schema()
                  .column(columnName)
                  .orElseThrow(
                      () ->
                          new VaultException(
                              ErrorCode.NOT_FOUND,
                              "dataset "
                                  + name
                                  + " has no column "
                                  + Names.check("column", columnName)));
          if (column.level() == level) {
            throw new VaultException(
                ErrorCode.USER_ERROR, "column " + column.name() + " is already " + level);
          }
          if (column.level().isAbove(level) && caller.role() != Role.ADMIN) {
            throw new VaultException(
                ErrorCode.FORBIDDEN,
                "lowering column "
                    + column.name()
                    + " from "
                    + column.level()
                    + " to "
                    + level
                    + " needs the vault admin");
          }
          List<Column> columns = new ArrayList<>();
          for (Column c : dataset.schema().columns()) {
            columns.add(
                c.name().equals(column.name())
                    ? new Column(
                        c.name(), c.type(), level, c.pii(), c.quasiIdentifier(), c.checkFormat())
                    : c);
          }
          Dataset updated =
              dataset.withSchema(
                  new Schema(dataset.schema().subject(), dataset.schema().openCategory(), columns));
          Batch batch = new Batch();
          meta.put(batch, KIND, updated.id(), updated);
          return new Guard.Change<>(
              updated,
              batch,
              null,
              "column "
                  + column.name()
                  + ": "
                  + column.level()
                  + " -> "
                  + level
                  + "; reason: "
                  + reason,
              () -> {
                byId.put(updated.id(), updated);
                cache.invalidateDataset(updated.tenantId(), updated.id());
              });
        });
  }

  /** Drops a dataset: deletes every version and crypto-shreds its key. Irreversible; logged. */
  public synchronized Dataset drop(
      Principal caller, @Nullable String tenantName, String name, String confirm) {
    return guard.run(
        caller,
        Operation.DATASET_DROP,
        tenantLabel(caller, tenantName),
        name,
        () -> {
          Dataset dataset = visible(caller, tenantName, name);
          if (!name.equals(confirm)) {
            throw new VaultException(
                ErrorCode.USER_ERROR,
                "drop destroys dataset " + name + ": confirm with --confirm " + name);
          }
          Batch batch = new Batch();
          meta.delete(batch, KIND, dataset.id());
          batch.deleteRange(
              Family.DATA,
              ChunkPlace.datasetPrefix(dataset.tenantId(), dataset.id()),
              ChunkPlace.datasetPrefix(dataset.tenantId(), dataset.id() + 1));
          return new Guard.Change<>(
              dataset,
              batch,
              null,
              dataset.versions().size() + " versions deleted, dataset key shredded",
              () -> {
                byId.remove(dataset.id());
                cache.invalidateDataset(dataset.tenantId(), dataset.id());
                keys.shredAll(dataset.id());
              });
        });
  }

  /**
   * Streams the requested columns of a version (the latest if absent) for the tenant's own
   * principals. The caller owns the scan and closes it.
   */
  public synchronized DatasetScan scan(
      Principal caller,
      @Nullable String tenantName,
      String name,
      OptionalInt version,
      List<String> columnNames,
      List<ColumnRange> ranges,
      BufferAllocator allocator) {
    return guard.run(
        caller,
        Operation.DATASET_SCAN,
        tenantLabel(caller, tenantName),
        name,
        () -> {
          Dataset dataset = visible(caller, tenantName, name);
          Tenant tenant = tenants.byId(dataset.tenantId()).orElseThrow();
          if (!tenant.canOperate(tenants.businessDate())) {
            throw new VaultException(
                ErrorCode.POLICY_REFUSED,
                "tenant "
                    + tenant.name()
                    + " is "
                    + tenant.state()
                    + ": scans need a working tenant");
          }
          DatasetVersion chosen =
              (version.isPresent() ? dataset.version(version.getAsInt()) : dataset.latest())
                  .orElseThrow(
                      () ->
                          new VaultException(
                              ErrorCode.NOT_FOUND, "dataset " + name + " has no such version"));
          List<Integer> indexes = new ArrayList<>();
          Set<String> seen = new HashSet<>();
          for (String column : columnNames) {
            if (!seen.add(column)) {
              throw new VaultException(
                  ErrorCode.USER_ERROR, "column " + column + " requested twice");
            }
            indexes.add(columnIndex(dataset, column));
          }
          for (ColumnRange range : ranges) {
            var unused = columnIndex(dataset, range.column());
          }
          DatasetScan scan =
              new DatasetScan(
                  store,
                  sealer(tenant, dataset),
                  cache,
                  dataset,
                  chosen,
                  indexes,
                  ranges,
                  tenant.quotas().maxRowsScanned(),
                  allocator);
          return Guard.Change.read(
              scan, "version " + chosen.number() + ", " + indexes.size() + " columns");
        });
  }

  /** Forgets every dataset of an exited tenant: records and keys (its data is already gone). */
  public synchronized void forgetTenant(long tenantId) {
    Batch batch = new Batch();
    List<Dataset> gone = byId.values().stream().filter(d -> d.tenantId() == tenantId).toList();
    gone.forEach(d -> meta.delete(batch, KIND, d.id()));
    store.write(batch);
    cache.invalidateTenant(tenantId);
    for (Dataset dataset : gone) {
      byId.remove(dataset.id());
      keys.shredAll(dataset.id());
    }
  }

  /** Receives a key rotation's progress, after every re-encrypted batch. */
  @FunctionalInterface
  public interface RotationProgress {
    /** Nothing to show. */
    RotationProgress NONE = (done, total) -> {};

    void update(long chunksDone, long chunksTotal);
  }

  /**
   * Creates the next version of the dataset's key: chunks written from now on are sealed under it.
   * The caller logs the rotation and then calls {@link #reencrypt}; until that finishes, the
   * dataset has more than one key version and a crash leaves the rotation pending ({@link
   * #pendingRotations}).
   *
   * @return the new version
   */
  @CanIgnoreReturnValue
  public synchronized int addKeyVersion(Dataset dataset) {
    Tenant tenant = tenants.byId(dataset.tenantId()).orElseThrow();
    int version = keys.addVersion(tenant, dataset.id());
    log.info("dataset {} key version {} created", dataset.id(), version);
    return version;
  }

  /**
   * Rewraps every key version of every dataset of {@code tenant} under the newest version of the
   * tenant's key, under the lock, so no dataset key is created meanwhile under an older one.
   *
   * @return how many key files were rewrapped
   */
  public synchronized long rewrapKeys(Tenant tenant) {
    long rewrapped = 0;
    for (Dataset dataset : byId.values()) {
      if (dataset.tenantId() == tenant.id()) {
        rewrapped += keys.rewrap(tenant, dataset.id());
      }
    }
    return rewrapped;
  }

  /**
   * The datasets whose key has more than one version: a rotation begun and not finished, which
   * {@link #reencrypt} completes.
   */
  public synchronized List<Dataset> pendingRotations() {
    return byId.values().stream().filter(d -> keys.versions(d.id()).size() > 1).toList();
  }

  /** The dataset's key versions, oldest first; the last one seals new chunks. */
  public synchronized List<Integer> keyVersions(Dataset dataset) {
    return keys.versions(dataset.id());
  }

  /**
   * The chunks of the dataset not sealed under its newest key version: read in full only while a
   * rotation is pending, 0 at once otherwise. Runs without the lock; the count is a snapshot.
   */
  public long staleChunks(Dataset dataset) {
    if (keys.versions(dataset.id()).size() < 2) {
      return 0;
    }
    int newest = keys.newest(dataset.id());
    long[] stale = {0};
    store.scan(
        Family.DATA,
        ChunkPlace.datasetPrefix(dataset.tenantId(), dataset.id()),
        (key, value) -> {
          if (ChunkSealer.keyVersion(value, placeOf(dataset, key)) != newest) {
            stale[0]++;
          }
          return true;
        });
    return stale[0];
  }

  /**
   * Re-encrypts every chunk of the dataset that is not sealed under its newest key version, one
   * batch of one dataset version at a time under the lock (so scans and imports go on in between),
   * then crypto-shreds the older versions and their backup shields and drops the dataset's
   * decrypted chunks from the cache. Each batch is one atomic write and every chunk names its key
   * version, so a crash at any point leaves every chunk readable and the next call carries on where
   * this one stopped. A dataset dropped meanwhile ends the work (its keys are gone anyway).
   *
   * @return the number of chunks re-encrypted
   */
  public long reencrypt(Dataset dataset, RotationProgress progress) {
    long total = staleChunks(dataset);
    long done = 0;
    progress.update(done, total);
    int newest;
    ChunkSealer sealer;
    List<DatasetVersion> versions;
    synchronized (this) {
      // Versions committed from now on are sealed under the newest key version already.
      Dataset current = byId.get(dataset.id());
      if (current == null) {
        return 0;
      }
      newest = keys.newest(dataset.id());
      sealer = sealer(tenants.byId(dataset.tenantId()).orElseThrow(), current);
      versions = current.versions();
    }
    for (DatasetVersion version : versions) {
      for (int batch = 0; batch < version.batches().size(); batch++) {
        OptionalLong resealed = reencryptBatch(dataset, version.number(), batch, newest, sealer);
        if (resealed.isEmpty()) {
          return done;
        }
        done += resealed.getAsLong();
        if (resealed.getAsLong() > 0) {
          progress.update(done, total);
        }
      }
    }
    synchronized (this) {
      if (byId.containsKey(dataset.id())) {
        keys.shredOlderThan(dataset.id(), newest);
        cache.invalidateDataset(dataset.tenantId(), dataset.id());
      }
    }
    log.info("dataset {} re-encrypted under key version {}: {} chunks", dataset.id(), newest, done);
    return done;
  }

  /** One batch's stale chunks resealed in one write; empty if the dataset was dropped. */
  private synchronized OptionalLong reencryptBatch(
      Dataset dataset, int version, int batch, int newest, ChunkSealer sealer) {
    if (!byId.containsKey(dataset.id())) {
      return OptionalLong.empty();
    }
    Batch resealed = new Batch();
    long count = 0;
    for (int column = 0; column < dataset.schema().columns().size(); column++) {
      ChunkPlace place = new ChunkPlace(dataset.tenantId(), dataset.id(), version, batch, column);
      Optional<byte[]> sealed = store.get(Family.DATA, place.key());
      if (sealed.isEmpty() || ChunkSealer.keyVersion(sealed.get(), place) == newest) {
        continue;
      }
      byte[] plaintext = sealer.open(sealed.get(), place);
      try {
        resealed.put(Family.DATA, place.key(), sealer.seal(plaintext, place));
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
      count++;
    }
    if (count > 0) {
      store.write(resealed);
    }
    return OptionalLong.of(count);
  }

  private static ChunkPlace placeOf(Dataset dataset, byte[] key) {
    ByteBuffer buffer =
        ByteBuffer.wrap(key, 2 * Long.BYTES, ChunkPlace.KEY_LENGTH - 2 * Long.BYTES);
    return new ChunkPlace(
        dataset.tenantId(),
        dataset.id(),
        buffer.getInt(),
        buffer.getInt(),
        Short.toUnsignedInt(buffer.getShort()));
  }

  /**
   * Every dataset of every tenant, unlogged: for the vault's own maintenance (a restore drill's
   * inventory), never for a principal.
   */
  public synchronized List<Dataset> all() {
    return List.copyOf(byId.values());
  }

  /**
   * Opens every chunk of every visible version under its dataset's key at its place, and checks
   * that no version has a chunk missing or one too many: the proof that a backup's or a restored
   * vault's data is intact. Nothing is decoded or kept.
   *
   * @return the number of chunks authenticated
   * @throws VaultException {@code INTEGRITY} naming the first dataset and chunk that fails
   */
  public synchronized long authenticateChunks() {
    long chunks = 0;
    for (Dataset dataset : byId.values()) {
      Tenant tenant = tenants.byId(dataset.tenantId()).orElseThrow();
      ChunkSealer sealer = sealer(tenant, dataset);
      for (DatasetVersion version : dataset.versions()) {
        chunks += authenticateVersion(dataset, version, sealer);
      }
    }
    return chunks;
  }

  private long authenticateVersion(Dataset dataset, DatasetVersion version, ChunkSealer sealer) {
    int columns = dataset.schema().columns().size();
    long expected = (long) version.batches().size() * columns;
    for (int batch = 0; batch < version.batches().size(); batch++) {
      for (int column = 0; column < columns; column++) {
        ChunkPlace place =
            new ChunkPlace(dataset.tenantId(), dataset.id(), version.number(), batch, column);
        byte[] sealed =
            store
                .get(Family.DATA, place.key())
                .orElseThrow(() -> DatasetMessages.chunkMissing(dataset, place));
        var unused = sealer.open(sealed, place);
      }
    }
    long[] stored = {0};
    store.scan(
        Family.DATA,
        ChunkPlace.versionPrefix(dataset.tenantId(), dataset.id(), version.number()),
        (key, value) -> {
          stored[0]++;
          return true;
        });
    if (stored[0] != expected) {
      throw DatasetMessages.chunksExtra(dataset, version.number(), stored[0], expected);
    }
    return expected;
  }

  /** Bytes stored by every dataset of a tenant. */
  public synchronized long storedBytes(long tenantId) {
    return byId.values().stream()
        .filter(d -> d.tenantId() == tenantId)
        .mapToLong(Dataset::storedBytes)
        .sum();
  }

  private int columnIndex(Dataset dataset, String column) {
    return dataset
        .schema()
        .columnIndex(column)
        .orElseThrow(
            () ->
                new VaultException(
                    ErrorCode.NOT_FOUND,
                    "dataset "
                        + dataset.name()
                        + " has no column "
                        + Names.check("column", column)));
  }

  private Optional<Dataset> find(long tenantId, String name) {
    return byId.values().stream()
        .filter(d -> d.tenantId() == tenantId && d.name().equals(name))
        .findFirst();
  }

  /**
   * The dataset {@code name} of the tenant the caller names or belongs to, unlogged: for the
   * engine's services that log the operation they perform on it (such as its ε budget).
   *
   * @throws VaultException {@code USER_ERROR} for a bad name or a missing tenant; {@code NOT_FOUND}
   *     for a tenant or dataset the caller may not see
   */
  public synchronized Dataset visible(Principal caller, @Nullable String tenantName, String name) {
    Names.check("dataset", name);
    Tenant tenant = tenant(caller, tenantName);
    return find(tenant.id(), name)
        .orElseThrow(
            () -> new VaultException(ErrorCode.NOT_FOUND, "dataset " + name + " not found"));
  }

  /**
   * The tenant an operation concerns: a tenant-scoped caller's own (naming another is "not found",
   * exactly as a tenant that does not exist); the vault admin and auditors must name one.
   */
  private Tenant tenant(Principal caller, @Nullable String tenantName) {
    if (tenantName == null) {
      Long own = caller.tenantId();
      if (own == null) {
        throw new VaultException(ErrorCode.USER_ERROR, "name the tenant with --tenant T");
      }
      return tenants.byId(own).orElseThrow();
    }
    Names.check("tenant", tenantName);
    return tenants
        .find(caller, tenantName)
        .filter(t -> t.state() != TenantState.DESTROYED)
        .orElseThrow(
            () -> new VaultException(ErrorCode.NOT_FOUND, "tenant " + tenantName + " not found"));
  }

  /** The tenant an operation on a dataset concerns, as the log records it. */
  public String tenantLabel(Principal caller, @Nullable String tenantName) {
    if (tenantName != null) {
      return tenantName;
    }
    Long own = caller.tenantId();
    return own == null ? "" : tenants.byId(own).map(Tenant::name).orElse("");
  }

  /**
   * A new dataset's id, from a persistent sequence, so a dropped dataset's id, and with it the
   * names of its keys, never comes back. A vault from before the sequence starts it above its
   * datasets.
   */
  private long nextId() {
    long highest = byId.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    long id;
    do {
      id = ids.next(ID_SEQUENCE);
    } while (id <= highest);
    return id;
  }

  /** A sealer for the dataset's chunks under every version of its key. */
  private ChunkSealer sealer(Tenant tenant, Dataset dataset) {
    return new ChunkSealer(keys.ring(tenant, dataset), vaultId);
  }
}
