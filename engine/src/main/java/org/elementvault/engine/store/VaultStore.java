package org.elementvault.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.EnvOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SstFileWriter;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's RocksDB database with its column families. Every write is synced (to the WAL, or for
 * an {@link Ingest}, its table file and the manifest) before it returns, so acknowledged work
 * survives a crash.
 *
 * <p>Thread-safe. The owner must {@link #close()} it; closing releases the native handles and the
 * database lock.
 */
public final class VaultStore implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  private static final Logger logger = LoggerFactory.getLogger(VaultStore.class);

  private final Path directory;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions familyOptions;
  private final WriteOptions syncWrites;
  private final RocksDB db;
  private final Map<Family, ColumnFamilyHandle> families;
  private final List<ColumnFamilyHandle> handles;

  private VaultStore(
      Path directory,
      DBOptions dbOptions,
      ColumnFamilyOptions familyOptions,
      RocksDB db,
      List<ColumnFamilyHandle> handles) {
    this.directory = directory;
    this.dbOptions = dbOptions;
    this.familyOptions = familyOptions;
    this.db = db;
    this.handles = handles;
    this.syncWrites = new WriteOptions().setSync(true);
    this.families = new EnumMap<>(Family.class);
    // handles[0] is RocksDB's mandatory default family, unused; the rest follow Family's order.
    Family[] order = Family.values();
    for (int i = 0; i < order.length; i++) {
      families.put(order[i], handles.get(i + 1));
    }
  }

  /** Creates the database with every column family in {@code directory}, which must not exist. */
  public static VaultStore create(Path directory) {
    if (Files.exists(directory)) {
      throw new VaultException(
          ErrorCode.INTERNAL, "database directory " + directory + " already exists");
    }
    try {
      return open(directory, Mode.CREATE);
    } catch (RocksDBException e) {
      throw translateOpen(directory, e);
    }
  }

  /** Opens an existing database, refusing any damage, a torn last write included. */
  public static VaultStore open(Path directory) {
    return open(directory, withoutTornTail -> false);
  }

  /**
   * Opens an existing database, refusing any damage rather than recovering to an older state.
   *
   * <p>The one damage it may get past is a record cut short at the end of the write-ahead log: a
   * crash in the middle of a write leaves one, and that write was never acknowledged (every write
   * is synced before it returns). Whether the cut record was acknowledged is for {@code
   * acknowledged} to decide on a read-only view of the database without it; only if it holds every
   * acknowledged write is the database opened without the record.
   *
   * @throws VaultException {@code INTEGRITY} naming the damaged file if the database is corrupt;
   *     {@code USER_ERROR} if another process has it open; {@code RESOURCE_LIMIT} if the disk is
   *     full
   */
  public static VaultStore open(Path directory, Predicate<VaultStore> acknowledged) {
    if (!Files.isDirectory(directory)) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "the vault's database is missing (" + directory + ")");
    }
    try {
      return open(directory, Mode.STRICT);
    } catch (RocksDBException strict) {
      if (!StoreMessages.isCorruption(strict)) {
        throw translateOpen(directory, strict);
      }
      if (!holdsWithoutTornTail(directory, acknowledged)) {
        throw StoreMessages.corrupt(directory, strict);
      }
      try {
        VaultStore store = open(directory, Mode.WITHOUT_TORN_TAIL);
        logger.warn(
            "dropped a write cut short at the end of the write-ahead log in {}: it was never"
                + " acknowledged",
            directory);
        return store;
      } catch (RocksDBException e) {
        throw translateOpen(directory, e);
      }
    }
  }

  private static boolean holdsWithoutTornTail(Path directory, Predicate<VaultStore> acknowledged) {
    try (VaultStore view = open(directory, Mode.VIEW_WITHOUT_TORN_TAIL)) {
      return acknowledged.test(view);
    } catch (RocksDBException | VaultException e) {
      return false;
    }
  }

  /** How a database is opened. */
  private enum Mode {
    CREATE,
    /** Any damage, a torn last record of the write-ahead log included, refuses the open. */
    STRICT,
    /** Read-only, replaying the write-ahead log up to a torn last record; writes nothing. */
    VIEW_WITHOUT_TORN_TAIL,
    /** Replays up to a torn last record and drops it; still refuses damage anywhere else. */
    WITHOUT_TORN_TAIL
  }

  private static VaultStore open(Path directory, Mode mode) throws RocksDBException {
    boolean create = mode == Mode.CREATE;
    WALRecoveryMode recovery =
        switch (mode) {
          case CREATE, STRICT -> WALRecoveryMode.AbsoluteConsistency;
          case VIEW_WITHOUT_TORN_TAIL, WITHOUT_TORN_TAIL ->
              WALRecoveryMode.TolerateCorruptedTailRecords;
        };
    DBOptions dbOptions =
        new DBOptions()
            .setCreateIfMissing(create)
            .setCreateMissingColumnFamilies(create)
            .setErrorIfExists(create)
            .setParanoidChecks(true)
            .setWalRecoveryMode(recovery)
            .setInfoLogLevel(InfoLogLevel.HEADER_LEVEL)
            .setKeepLogFileNum(2);
    ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
    for (Family family : Family.values()) {
      descriptors.add(new ColumnFamilyDescriptor(family.nameBytes(), familyOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db =
          mode == Mode.VIEW_WITHOUT_TORN_TAIL
              ? RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors, handles)
              : RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
      return new VaultStore(directory, dbOptions, familyOptions, db, handles);
    } catch (RocksDBException e) {
      familyOptions.close();
      dbOptions.close();
      throw e;
    }
  }

  private static VaultException translateOpen(Path directory, RocksDBException e) {
    if (StoreMessages.isLockHeld(e)) {
      return StoreMessages.inUse(directory, e);
    }
    if (StoreMessages.isNoSpace(e)) {
      return StoreMessages.noSpace(directory, e);
    }
    if (StoreMessages.isCorruption(e)) {
      return StoreMessages.corrupt(directory, e);
    }
    return StoreMessages.cannotOpen(directory, e);
  }

  /** The value stored under {@code key} in {@code family}, if any. */
  public Optional<byte[]> get(Family family, byte[] key) {
    try {
      return Optional.ofNullable(db.get(families.get(family), key));
    } catch (RocksDBException e) {
      throw StoreMessages.readFailed(e);
    }
  }

  /**
   * Copies the value stored under {@code key} in {@code family} into {@code value} from index 0, as
   * much of it as fits, and returns its whole length, or -1 if there is none. A reader of many
   * values reuses one array this way rather than receiving a new one per value; when the length
   * exceeds the array, it reads again into a larger one.
   */
  public int get(Family family, byte[] key, byte[] value) {
    try {
      return db.get(families.get(family), key, value);
    } catch (RocksDBException e) {
      throw StoreMessages.readFailed(e);
    }
  }

  /** Stores {@code value} under {@code key}, synced to the write-ahead log. */
  public void put(Family family, byte[] key, byte[] value) {
    try {
      db.put(families.get(family), syncWrites, key, value);
    } catch (RocksDBException e) {
      throw StoreMessages.writeFailed(directory, e);
    }
  }

  /**
   * Applies every write of {@code batch} atomically, synced to the write-ahead log: after a crash
   * either all of them are there or none.
   */
  public void write(Batch batch) {
    write(batch, syncWrites);
  }

  private void write(Batch batch, WriteOptions options) {
    try (WriteBatch writeBatch = new WriteBatch()) {
      for (Batch.Write write : batch.writes()) {
        if (write instanceof Batch.Put put) {
          writeBatch.put(families.get(put.family()), put.key(), put.value());
        } else if (write instanceof Batch.Delete delete) {
          writeBatch.delete(families.get(delete.family()), delete.key());
        } else if (write instanceof Batch.DeleteRange range) {
          writeBatch.deleteRange(families.get(range.family()), range.from(), range.to());
        }
      }
      db.write(options, writeBatch);
    } catch (RocksDBException e) {
      throw StoreMessages.writeFailed(directory, e);
    }
  }

  /**
   * Starts writing entries of {@code family} into a table file beside the database, past the
   * write-ahead log, the memtable and the compactions that would copy them again: bulk data that
   * only becomes visible with a later synced write naming it, such as an import's chunks. Nothing
   * of it is in the database before {@link Ingest#commit}; the file of an ingest never committed (a
   * failure, a crash) is deleted by {@link Ingest#close} or the next {@link #discardIngests}. One
   * ingest at a time; the caller closes it.
   */
  public synchronized Ingest ingest(Family family) {
    discardIngests();
    try {
      Files.createDirectories(ingestDirectory());
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "the ingest directory cannot be created", e);
    }
    return new Ingest(families.get(family), ingestDirectory().resolve(INGEST_FILE));
  }

  /** Deletes the table files of ingests never committed: leftovers of a crash. */
  public synchronized void discardIngests() {
    Path staged = ingestDirectory().resolve(INGEST_FILE);
    try {
      Files.deleteIfExists(staged);
    } catch (IOException e) {
      throw new VaultException(ErrorCode.INTERNAL, "an uncommitted ingest cannot be deleted", e);
    }
  }

  /**
   * Where an ingest's table file is written: inside the database's directory, so it can move in.
   */
  private Path ingestDirectory() {
    return directory.resolve(INGEST_DIRECTORY);
  }

  /** RocksDB ignores subdirectories of its own; this one holds sealed chunks, never plaintext. */
  private static final String INGEST_DIRECTORY = "ingest";

  private static final String INGEST_FILE = "chunks.sst";

  private static final long SYNC_BYTES = 1 << 20;

  /**
   * Entries written into one table file, in ascending key order, then moved into the database at
   * once by {@link #commit}. Not thread-safe.
   */
  public final class Ingest implements AutoCloseable {
    private final ColumnFamilyHandle family;
    private final Path file;
    private final Options options;

    /**
     * Written back to the disk a megabyte at a time as it grows, so that the sync before the move
     * waits for the last megabyte, not for the whole file (at 10 M rows, 780 MB).
     */
    private final EnvOptions envOptions = new EnvOptions().setBytesPerSync(SYNC_BYTES);

    private final SstFileWriter writer;
    private boolean empty = true;
    private boolean committed;

    private Ingest(ColumnFamilyHandle family, Path file) {
      this.family = family;
      this.file = file;
      // The values are sealed: compressing them again would only cost time.
      this.options =
          new Options()
              .setCompressionType(CompressionType.NO_COMPRESSION)
              .setBytesPerSync(SYNC_BYTES);
      this.writer = new SstFileWriter(envOptions, options);
      try {
        writer.open(file.toString());
      } catch (RocksDBException e) {
        close();
        throw StoreMessages.writeFailed(directory, e);
      }
    }

    /** Adds {@code value} under {@code key}, which must follow every key added before. */
    public void put(byte[] key, byte[] value) {
      try {
        writer.put(key, value);
        empty = false;
      } catch (RocksDBException e) {
        throw StoreMessages.writeFailed(directory, e);
      }
    }

    /**
     * Syncs the file and moves it into the database, the manifest synced: after a crash the entries
     * are either all there or none.
     */
    public void commit() {
      if (empty) {
        committed = true;
        return;
      }
      try (IngestExternalFileOptions ingest =
          new IngestExternalFileOptions().setMoveFiles(true).setWriteGlobalSeqno(false)) {
        writer.finish();
        db.ingestExternalFile(family, List.of(file.toString()), ingest);
        committed = true;
      } catch (RocksDBException e) {
        throw StoreMessages.writeFailed(directory, e);
      }
    }

    /** Releases the writer and deletes the file unless it was committed. */
    @Override
    public void close() {
      writer.close();
      envOptions.close();
      options.close();
      if (!committed) {
        discardIngests();
      }
    }
  }

  /**
   * Calls {@code visitor} with every key and value of {@code family} whose key starts with {@code
   * prefix}, in key order, until it returns false.
   */
  public void scan(Family family, byte[] prefix, EntryVisitor visitor) {
    scan(family, prefix, null, visitor);
  }

  /**
   * As {@link #scan(Family, byte[], EntryVisitor)}, passing over the keys that start with {@code
   * skip} (when not null) with one seek instead of visiting them: a scan whose cost must not grow
   * with how many keys share a part of the range.
   */
  public void scan(Family family, byte[] prefix, byte @Nullable [] skip, EntryVisitor visitor) {
    try (RocksIterator iterator = db.newIterator(families.get(family))) {
      iterator.seek(prefix);
      while (iterator.isValid()) {
        byte[] key = iterator.key();
        if (!startsWith(key, prefix)) {
          break;
        }
        if (skip != null && startsWith(key, skip)) {
          byte[] past = successor(skip);
          if (past == null) {
            break; // every later key starts with skip
          }
          iterator.seek(past);
          continue;
        }
        if (!visitor.visit(key, iterator.value())) {
          break;
        }
        iterator.next();
      }
      iterator.status();
    } catch (RocksDBException e) {
      throw StoreMessages.readFailed(e);
    }
  }

  /** The least key greater than every key that starts with {@code prefix}, or null if none is. */
  private static byte @Nullable [] successor(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xff) {
        byte[] next = Arrays.copyOf(prefix, i + 1);
        next[i]++;
        return next;
      }
    }
    return null;
  }

  /** The last key and value of {@code family} whose key starts with {@code prefix}, if any. */
  public Optional<Map.Entry<byte[], byte[]>> last(Family family, byte[] prefix) {
    try (RocksIterator iterator = db.newIterator(families.get(family))) {
      iterator.seekForPrev(upperBound(prefix));
      if (iterator.isValid() && startsWith(iterator.key(), prefix)) {
        return Optional.of(Map.entry(iterator.key(), iterator.value()));
      }
      iterator.status();
      return Optional.empty();
    } catch (RocksDBException e) {
      throw StoreMessages.readFailed(e);
    }
  }

  /**
   * Writes a consistent point-in-time copy of the database into {@code target}, which must not
   * exist and should be on the same file system (RocksDB then hard-links the immutable table files
   * instead of copying them). Every value in it is as sealed as in the database.
   *
   * @throws VaultException {@code RESOURCE_LIMIT} if the disk is full, else {@code INTERNAL}
   */
  public void checkpoint(Path target) {
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      if (StoreMessages.isNoSpace(e)) {
        throw StoreMessages.noSpace(directory, e);
      }
      throw new VaultException(
          ErrorCode.INTERNAL, "a checkpoint of the vault's database could not be written", e);
    }
  }

  /** Flushes memtables to SST files and compacts every family (for tests and maintenance). */
  public void flushAndCompact() {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      for (ColumnFamilyHandle handle : families.values()) {
        db.flush(flush, handle);
        db.compactRange(handle);
      }
    } catch (RocksDBException e) {
      throw new VaultException(ErrorCode.INTERNAL, "compacting the vault's database failed", e);
    }
  }

  /** Receives the entries of a {@link #scan}. */
  @FunctionalInterface
  public interface EntryVisitor {
    /** Handles one entry; returns whether to continue. */
    boolean visit(byte[] key, byte[] value);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The smallest key greater than every key starting with {@code prefix}, or all 0xff. */
  private static byte[] upperBound(byte[] prefix) {
    byte[] bound = Arrays.copyOf(prefix, prefix.length + 8);
    Arrays.fill(bound, prefix.length, bound.length, (byte) 0xff);
    return bound;
  }

  @Override
  public void close() {
    syncWrites.close();
    for (ColumnFamilyHandle handle : handles) {
      handle.close();
    }
    db.close();
    familyOptions.close();
    dbOptions.close();
  }
}
