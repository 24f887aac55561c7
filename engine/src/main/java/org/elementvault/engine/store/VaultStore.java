package org.elementvault.engine.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The vault's RocksDB database with its column families. Every write is synced to the WAL before it
 * returns, so acknowledged work survives a crash.
 *
 * <p>Thread-safe. The owner must {@link #close()} it; closing releases the native handles and the
 * database lock.
 */
public final class VaultStore implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  private final DBOptions dbOptions;
  private final ColumnFamilyOptions familyOptions;
  private final WriteOptions syncWrites;
  private final RocksDB db;
  private final Map<Family, ColumnFamilyHandle> families;
  private final List<ColumnFamilyHandle> handles;

  private VaultStore(
      DBOptions dbOptions,
      ColumnFamilyOptions familyOptions,
      RocksDB db,
      List<ColumnFamilyHandle> handles) {
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
    return open(directory, true);
  }

  /** Opens an existing database; refuses a directory without one. */
  public static VaultStore open(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new VaultException(
          ErrorCode.INTEGRITY, "the vault's database is missing (" + directory + ")");
    }
    return open(directory, false);
  }

  private static VaultStore open(Path directory, boolean create) {
    DBOptions dbOptions =
        new DBOptions()
            .setCreateIfMissing(create)
            .setCreateMissingColumnFamilies(create)
            .setErrorIfExists(create)
            .setParanoidChecks(true)
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
      RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
      return new VaultStore(dbOptions, familyOptions, db, handles);
    } catch (RocksDBException e) {
      familyOptions.close();
      dbOptions.close();
      throw translateOpen(directory, e);
    }
  }

  private static VaultException translateOpen(Path directory, RocksDBException e) {
    // RocksDB reports a second opener as an IOError on its LOCK file.
    if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("lock")) {
      return new VaultException(
          ErrorCode.USER_ERROR, "the vault is in use by another process (" + directory + ")", e);
    }
    return new VaultException(
        ErrorCode.INTEGRITY, "the vault's database cannot be opened (" + directory + ")", e);
  }

  /** The value stored under {@code key} in {@code family}, if any. */
  public Optional<byte[]> get(Family family, byte[] key) {
    try {
      return Optional.ofNullable(db.get(families.get(family), key));
    } catch (RocksDBException e) {
      throw new VaultException(ErrorCode.INTERNAL, "reading the vault's database failed", e);
    }
  }

  /** Stores {@code value} under {@code key}, synced to the write-ahead log. */
  public void put(Family family, byte[] key, byte[] value) {
    try {
      db.put(families.get(family), syncWrites, key, value);
    } catch (RocksDBException e) {
      throw new VaultException(ErrorCode.INTERNAL, "writing the vault's database failed", e);
    }
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
