package org.elementvault.sandbox.exec;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.elementvault.engine.dataset.ColumnType;
import org.jspecify.annotations.Nullable;

/**
 * The rows of each batch that pass a conjunction of filters, and the dense group id of each, for a
 * run that aggregates over vectors: filters narrow a selection of row numbers, keys become
 * primitive codes (a string's dictionary id, a number's value), and code tuples map to group ids in
 * order of first appearance, as the row-at-a-time executor meets the groups. Each group remembers
 * where it first appeared (batch index, place in the selection), so that the groups of runs over
 * parts of a table {@link #merge} into the order one run over the whole table gives.
 *
 * <p>Not thread-safe: one per worker.
 */
final class GroupedRows {

  private final List<ColumnFilter> filters;
  private final List<Integer> keySlots;
  private final List<ColumnType> keyTypes;
  private final int keyCount;
  private final @Nullable ByteDictionary[] keyStrings;
  private final GroupTable groups;
  private int[] selection = new int[0];
  private int[] failing = new int[0];
  private int[] failingMasks = new int[0];
  private int failingCount;
  private int[] groupIds = new int[0];
  private long[][] codes = new long[0][];

  /** The most tuples of batch codes that {@link #groupByTuples} maps through a dense table. */
  private static final int MAX_TUPLES = 1 << 16;

  /** Whether there are keys and every one is a string. */
  private final boolean allStrings;

  /**
   * Per tuple of the current batch's codes, its group, -1 until met; see {@link #groupByTuples}.
   */
  private int[] groupOfTuple = new int[0];

  /** Per group, where it first appeared: batch index in the upper 32 bits, row in the lower. */
  private long[] firstSeen = new long[64];

  /** Where the codes of a string key's batch come from. */
  @FunctionalInterface
  interface Codes {

    /** Made for each batch anew. */
    Codes FRESH = (batch, slot, index) -> BatchCodes.of(Column.of(batch.getVector(slot)));

    /** The codes of the string column at {@code slot} of {@code batch}, batch {@code index}. */
    BatchCodes of(VectorSchemaRoot batch, int slot, int index);
  }

  private final Codes codesOf;

  /** Per string key, the dictionary id of each code of the current batch, -1 until met. */
  private final int[][] idsOfCodes;

  /** Per string key, the codes of batch {@link #codesIndex}; null for other keys. */
  private final @Nullable BatchCodes[] batchCodes;

  private int codesIndex = -1;

  /**
   * Rows that pass every one of {@code filters}, grouped on the slots {@code keySlots}, string keys
   * read through {@code codesOf}.
   */
  GroupedRows(
      List<ColumnFilter> filters,
      List<Integer> keySlots,
      List<ColumnType> keyTypes,
      Codes codesOf) {
    this.codesOf = codesOf;
    this.filters = List.copyOf(filters);
    this.keySlots = List.copyOf(keySlots);
    this.keyTypes = List.copyOf(keyTypes);
    this.keyCount = keySlots.size();
    this.keyStrings = new ByteDictionary[keyCount];
    for (int k = 0; k < keyCount; k++) {
      if (keyTypes.get(k).kind() == ColumnType.Kind.STRING) {
        keyStrings[k] = new ByteDictionary();
      }
    }
    this.groups = new GroupTable(keyCount + 1);
    this.allStrings = keyCount > 0 && Arrays.stream(keyStrings).allMatch(Objects::nonNull);
    this.idsOfCodes = new int[keyCount][0];
    this.batchCodes = new BatchCodes[keyCount];
  }

  /**
   * Reads the codes of batch {@code index}'s string keys, of every row, whatever is selected: kept
   * codes (and so a later run's time) must not depend on which rows a filter chose. {@link #group}
   * reads them if the caller has not.
   */
  void readCodes(VectorSchemaRoot batch, int index) {
    for (int k = 0; k < keyCount; k++) {
      if (keyStrings[k] != null) {
        BatchCodes strings = codesOf.of(batch, keySlots.get(k), index);
        batchCodes[k] = strings;
        if (idsOfCodes[k].length < strings.distinct()) {
          idsOfCodes[k] = new int[Math.max(strings.distinct(), 2 * idsOfCodes[k].length)];
        }
        Arrays.fill(idsOfCodes[k], 0, strings.distinct(), -1);
      }
    }
    codesIndex = index;
  }

  /** The selected rows of the last batch: {@link #select}'s count of them are valid. */
  int[] selection() {
    return selection;
  }

  /** The group id of each selected row of the last batch, after {@link #group}. */
  int[] groupIds() {
    return groupIds;
  }

  /** How many groups the keyed rows so far fall into. */
  int groupCount() {
    return groups.size();
  }

  /** The rows of the last batch that fail some filter, after {@link #selectMarking}. */
  int[] failing() {
    return failing;
  }

  /** For each failing row, the filters it fails: filter {@code i} as bit {@code i}. */
  int[] failingMasks() {
    return failingMasks;
  }

  /** How many of {@link #failing()} are valid. */
  int failingCount() {
    return failingCount;
  }

  private void ensure(int rows) {
    if (selection.length < rows) {
      selection = new int[rows];
      groupIds = new int[rows];
      codes = new long[keyCount + 1][rows];
    }
  }

  /**
   * As {@link #select}, and also finds the rows that fail, with the filters each fails: every
   * filter reads every row, for low-effect detection, which must know who each filter excludes.
   */
  int selectMarking(VectorSchemaRoot batch, int rows) {
    ensure(rows);
    if (failing.length < rows) {
      failing = new int[rows];
      failingMasks = new int[rows];
    }
    int[] masks = failingMasks;
    Arrays.fill(masks, 0, rows, 0);
    int[] passing = failing; // scratch until the masks are known
    for (int f = 0; f < filters.size(); f++) {
      for (int i = 0; i < rows; i++) {
        passing[i] = i;
      }
      int kept = filters.get(f).apply(batch, passing, rows);
      int bit = 1 << f;
      // Every row fails, then those kept pass: no branch on which.
      for (int row = 0; row < rows; row++) {
        masks[row] |= bit;
      }
      for (int i = 0; i < kept; i++) {
        masks[passing[i]] &= ~bit;
      }
    }
    int count = 0;
    int failed = 0;
    for (int row = 0; row < rows; row++) {
      // Both lists written, one advanced. Failing rows are compacted in place: the masks of rows
      // before this one are already read.
      int mask = masks[row];
      int passes = mask == 0 ? 1 : 0;
      selection[count] = row;
      failing[failed] = row;
      masks[failed] = mask;
      count += passes;
      failed += 1 - passes;
    }
    failingCount = failed;
    return count;
  }

  /** Fills the selection with the rows that pass every filter; returns how many. */
  int select(VectorSchemaRoot batch, int rows) {
    ensure(rows);
    for (int i = 0; i < rows; i++) {
      selection[i] = i;
    }
    int count = rows;
    for (ColumnFilter filter : filters) {
      count = filter.apply(batch, selection, count);
      if (count == 0) {
        break;
      }
    }
    return count;
  }

  /**
   * Sets the group id of each of the {@code count} selected rows of batch {@code index}: codes each
   * key, then maps the code tuples to group ids. Without keys, every row is group 0. Batches come
   * in increasing index.
   */
  void group(VectorSchemaRoot batch, int count, int index) {
    group(batch, selection, count, index);
  }

  /** As {@link #group(VectorSchemaRoot, int, int)}, for the first {@code count} of {@code rows}. */
  void group(VectorSchemaRoot batch, int[] rows, int count, int index) {
    ensure(count);
    if (keyCount == 0) {
      Arrays.fill(groupIds, 0, count, 0);
      return;
    }
    if (codesIndex != index) {
      readCodes(batch, index);
    }
    long tuples = allStrings ? tupleCount() : Long.MAX_VALUE;
    if (tuples <= MAX_TUPLES) {
      groupByTuples(batch, rows, count, index, (int) tuples);
      return;
    }
    long[] nulls = codes[keyCount];
    Arrays.fill(nulls, 0, count, 0L);
    for (int k = 0; k < keyCount; k++) {
      Column column = Column.of(batch.getVector(keySlots.get(k)));
      long[] keyCodes = codes[k];
      long bit = 1L << k;
      BatchCodes strings = batchCodes[k];
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (strings != null ? strings.code(row) == BatchCodes.NULL : column.isNull(row)) {
          keyCodes[i] = 0;
          nulls[i] |= bit;
        } else {
          keyCodes[i] = strings != null ? idOf(k, column, row) : column.longAt(row);
        }
      }
    }
    for (int i = 0; i < count; i++) {
      groupIds[i] = groupOf(i, index);
    }
  }

  /** The number of tuples of the current batch's codes (each key's NULL too), if all strings. */
  private long tupleCount() {
    long tuples = 1;
    for (int k = 0; k < keyCount && tuples <= MAX_TUPLES; k++) {
      tuples *= Objects.requireNonNull(batchCodes[k]).distinct() + 1L;
    }
    return tuples;
  }

  /**
   * Groups when every key is a string and the batch has few code tuples: a row's tuple of batch
   * codes names its group, so a dense table answers per row, and only a tuple new to the batch is
   * coded and looked up in the group table.
   */
  private void groupByTuples(VectorSchemaRoot batch, int[] rows, int count, int index, int tuples) {
    if (groupOfTuple.length < tuples) {
      groupOfTuple = new int[Math.max(tuples, 2 * groupOfTuple.length)];
    }
    Arrays.fill(groupOfTuple, 0, tuples, -1);
    // Views of the key columns, made at the batch's first new tuple: making one counts nulls.
    @Nullable Column[] columns = new Column[keyCount];
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      int tuple = 0;
      for (int k = 0; k < keyCount; k++) {
        BatchCodes strings = batchCodes[k];
        tuple = tuple * (strings.distinct() + 1) + strings.code(row) + 1;
      }
      int id = groupOfTuple[tuple];
      if (id < 0) {
        long nulls = 0;
        for (int k = 0; k < keyCount; k++) {
          if (batchCodes[k].code(row) == BatchCodes.NULL) {
            codes[k][i] = 0;
            nulls |= 1L << k;
          } else {
            if (columns[k] == null) {
              columns[k] = Column.of(batch.getVector(keySlots.get(k)));
            }
            codes[k][i] = idOf(k, Objects.requireNonNull(columns[k]), row);
          }
        }
        codes[keyCount][i] = nulls;
        id = groupOf(i, index);
        groupOfTuple[tuple] = id;
      }
      groupIds[i] = id;
    }
  }

  /**
   * The dictionary id of string key {@code k} at {@code row}, not NULL: per code of the batch,
   * looked up once, from the first row that holds it.
   */
  private int idOf(int k, Column column, int row) {
    BatchCodes strings = Objects.requireNonNull(batchCodes[k]);
    int code = strings.code(row);
    int[] ids = idsOfCodes[k];
    int id = ids[code];
    if (id < 0) {
      id = Objects.requireNonNull(keyStrings[k]).idOf(column, strings.firstRow(code));
      ids[code] = id;
    }
    return id;
  }

  /** The group of the code tuple of selected row {@code i}, added if new. */
  private int groupOf(int i, int index) {
    int known = groups.size();
    int id = groups.idOf(codes, i);
    if (id == known) {
      seen(id, ((long) index << 32) | i);
    }
    return id;
  }

  private void seen(int group, long place) {
    if (firstSeen.length == group) {
      firstSeen = Arrays.copyOf(firstSeen, group * 2);
    }
    firstSeen[group] = place;
  }

  /**
   * Adds the groups of {@code parts}, each grouped over a disjoint part of one table's batches, to
   * this empty instance in the order of their first appearance in the whole table; returns per part
   * the id here of each of its groups. Without keys, group 0 of every part is group 0.
   */
  int[][] merge(List<GroupedRows> parts) {
    if (groups.size() != 0) {
      throw new IllegalStateException("merge into an empty instance");
    }
    int[][] ids = new int[parts.size()][];
    int[] next = new int[parts.size()];
    for (int p = 0; p < parts.size(); p++) {
      ids[p] = new int[keyCount == 0 ? 1 : parts.get(p).groupCount()];
    }
    if (keyCount == 0) {
      return ids;
    }
    long[][] tuple = new long[keyCount + 1][1];
    while (true) {
      // The part whose next group appeared first: a part's groups are in order of appearance.
      int first = -1;
      for (int p = 0; p < parts.size(); p++) {
        if (next[p] < ids[p].length
            && (first < 0
                || parts.get(p).firstSeen[next[p]] < parts.get(first).firstSeen[next[first]])) {
          first = p;
        }
      }
      if (first < 0) {
        return ids;
      }
      GroupedRows part = parts.get(first);
      int group = next[first]++;
      for (int k = 0; k <= keyCount; k++) {
        long code = part.groups.code(group, k);
        boolean string = k < keyCount && keyStrings[k] != null;
        tuple[k][0] =
            string && !part.isNull(k, group)
                ? keyStrings[k].idOf(Objects.requireNonNull(part.keyStrings[k]), (int) code)
                : code;
      }
      int known = groups.size();
      int id = groups.idOf(tuple, 0);
      if (id == known) {
        seen(id, part.firstSeen[group]);
      }
      ids[first][group] = id;
    }
  }

  private boolean isNull(int k, int group) {
    return (groups.code(group, keyCount) & (1L << k)) != 0;
  }

  /** Key {@code k} of group {@code group} as the row-at-a-time executor gives it. */
  @Nullable Object key(int k, int group) {
    if (isNull(k, group)) {
      return null;
    }
    long code = groups.code(group, k);
    return switch (keyTypes.get(k).kind()) {
      case STRING -> keyStrings[k].string((int) code);
      case INT -> (int) code;
      case BIGINT -> code;
      case DATE -> LocalDate.ofEpochDay(code);
      case BOOLEAN -> code != 0;
      case DOUBLE, DECIMAL, TIMESTAMP -> throw new IllegalStateException("not a key type");
    };
  }
}
