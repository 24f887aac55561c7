package org.elementvault.engine.dataset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.jspecify.annotations.Nullable;

/**
 * Learns, during an import, the {@link Categories} of every GENERAL text column without a PII type
 * (the subject excepted): how many rows hold each value, and whether at least {@link
 * Categories#MIN_SUBJECTS} distinct subjects do. Only such columns are tallied, as classified at
 * import; a value is recorded only once enough subjects hold it.
 *
 * <p>Memory is bounded, whatever the file: at most {@link #MAX_VALUES} distinct values over all
 * columns (each column gets an equal share, at most {@link #MAX_VALUES_PER_COLUMN}), and for each
 * value a {@link SubjectCount}. A column with more distinct values than its share is given up and
 * records nothing (free text, identifiers); values longer than {@link #MAX_VALUE_BYTES} bytes are
 * not counted.
 *
 * <p>Each batch may be tallied apart, on its own thread, and {@link #merge merged}: the result is
 * that of one tally over every row. Not thread-safe.
 */
final class CategoryTally {

  /** The most distinct values tracked over all columns of one import. */
  static final int MAX_VALUES = 16_384;

  /** The most distinct values tracked in one column. */
  static final int MAX_VALUES_PER_COLUMN = 1_000;

  /** The longest value counted, in UTF-8 bytes. */
  static final int MAX_VALUE_BYTES = 256;

  private final int subject;
  private final List<Tracked> columns = new ArrayList<>();

  CategoryTally(Schema schema) {
    this.subject = schema.columnIndex(schema.subject()).orElseThrow();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < schema.columns().size(); i++) {
      Column column = schema.columns().get(i);
      if (column.type().kind() == ColumnType.Kind.STRING
          && column.level() == Level.GENERAL
          && column.pii() == PiiType.NONE
          && i != subject) {
        indexes.add(i);
      }
    }
    int share =
        indexes.isEmpty()
            ? 0
            : Math.min(MAX_VALUES_PER_COLUMN, Math.max(1, MAX_VALUES / indexes.size()));
    for (int index : indexes) {
      columns.add(new Tracked(schema.columns().get(index).name(), index, share));
    }
  }

  /** Counts the first {@code count} rows of one batch (whose vectors are not yet sealed). */
  void add(ArrowColumns.BatchWriter batch, int count) {
    if (columns.isEmpty()) {
      return;
    }
    FieldVector subjects = batch.vector(subject);
    for (Tracked column : columns) {
      column.add((VarCharVector) batch.vector(column.index), subjects, count);
    }
  }

  /** Adds what {@code other}, a tally of the same schema over other rows, counted. */
  void merge(CategoryTally other) {
    for (int i = 0; i < columns.size(); i++) {
      columns.get(i).merge(other.columns.get(i));
    }
  }

  /** The categories of every column tallied to the end that has a common value, in schema order. */
  List<Categories> categories() {
    List<Categories> all = new ArrayList<>();
    for (Tracked column : columns) {
      Map<Key, SubjectCount> tallies = column.tallies;
      if (tallies == null) {
        continue;
      }
      List<Categories.Value> values = new ArrayList<>();
      tallies.forEach(
          (key, tally) -> {
            if (tally.isCommon()) {
              values.add(
                  new Categories.Value(
                      new String(key.bytes, 0, key.length, StandardCharsets.UTF_8), tally.rows()));
            }
          });
      if (!values.isEmpty()) {
        values.sort(
            Comparator.comparingLong(Categories.Value::rows)
                .reversed()
                .thenComparing(Categories.Value::text));
        all.add(new Categories(column.name, values));
      }
    }
    return all;
  }

  /** The tallies of one column; {@code null} once the column is given up. */
  private static final class Tracked {
    private final String name;
    private final int index;
    private final int limit;
    private final Key probe = new Key(new byte[MAX_VALUE_BYTES], 0);
    private @Nullable Map<Key, SubjectCount> tallies = new HashMap<>();

    Tracked(String name, int index, int limit) {
      this.name = name;
      this.index = index;
      this.limit = limit;
    }

    void add(VarCharVector values, FieldVector subjects, int count) {
      Map<Key, SubjectCount> seen = tallies;
      if (seen == null) {
        return;
      }
      for (int row = 0; row < count; row++) {
        if (values.isNull(row)) {
          continue;
        }
        int length = values.getValueLength(row);
        if (length > MAX_VALUE_BYTES) {
          continue;
        }
        values.getDataBuffer().getBytes(values.getStartOffset(row), probe.bytes, 0, length);
        probe.set(length);
        SubjectCount tally = seen.get(probe);
        if (tally == null) {
          if (seen.size() >= limit) {
            tallies = null;
            return;
          }
          tally = new SubjectCount();
          seen.put(probe.copy(), tally);
        }
        tally.add(subjects, row);
      }
    }

    /**
     * Adds {@code other}'s counts; the column is given up when either side gave it up or the two
     * together hold more distinct values than the limit, as one tally over both would.
     */
    void merge(Tracked other) {
      Map<Key, SubjectCount> seen = tallies;
      Map<Key, SubjectCount> more = other.tallies;
      if (seen == null || more == null) {
        tallies = null;
        return;
      }
      for (Map.Entry<Key, SubjectCount> entry : more.entrySet()) {
        SubjectCount tally = seen.get(entry.getKey());
        if (tally != null) {
          tally.merge(entry.getValue());
        } else if (seen.size() >= limit) {
          tallies = null;
          return;
        } else {
          seen.put(entry.getKey(), entry.getValue());
        }
      }
    }
  }

  /** The bytes of a value; the probe is refilled for every row, stored keys are copies. */
  private static final class Key {
    private final byte[] bytes;
    private int length;
    private int hash;

    Key(byte[] bytes, int length) {
      this.bytes = bytes;
      set(length);
    }

    void set(int newLength) {
      length = newLength;
      int h = 1;
      for (int i = 0; i < newLength; i++) {
        h = 31 * h + bytes[i];
      }
      hash = h;
    }

    Key copy() {
      return new Key(Arrays.copyOf(bytes, length), length);
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Key key
          && key.length == length
          && Arrays.equals(bytes, 0, length, key.bytes, 0, length);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
