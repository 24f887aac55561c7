package org.elementvault.sandbox.exec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.DatasetVersion;
import org.elementvault.sandbox.catalog.BatchStream;
import org.elementvault.sandbox.exec.ContributionQuery.Kind;
import org.elementvault.sandbox.exec.ContributionQuery.Partial;
import org.elementvault.sandbox.protection.ContributorColumns;
import org.elementvault.sandbox.protection.Contributors;
import org.elementvault.sandbox.protection.NoiseKey;
import org.elementvault.sandbox.protection.SubjectHash;
import org.elementvault.sandbox.protection.SubjectSetDigest;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ContributionQuery} over the Arrow vectors of each batch, equal to what the release
 * combines from the query's rows streamed one subject each: a string subject is hashed from its
 * UTF-8 bytes in the column buffer (the bytes of the String the row path hashes), and numbers reach
 * {@link Contributors} as unscaled longs, so no String, boxed value or BigDecimal is made per row.
 *
 * <p>The batches are split between workers (see {@link BatchWorkers}); as every row is a different
 * subject, the parts' subjects are disjoint, and their digests and contributors merge into exactly
 * those of one run over every batch (Contributors are independent of order and batching).
 *
 * <p>Not thread-safe: one per run.
 */
final class ContributionRun {

  private final ContributionQuery query;
  private final VectorPlan.Scan scan;
  private final List<ColumnType> keyTypes;
  private final int subjectSlot;
  private final boolean stringSubject;
  private final int[] partialSlots;
  private final ColumnType[] partialTypes;

  /** The scale of each partial's unscaled contributions: a summed decimal's, else 0 (counts). */
  private final int[] scales;

  private final NoiseKey noiseKey;
  private final BatchCache batches;

  /**
   * A partial that adds every selected subject (a count of rows or of values), whose digest is then
   * the group's: the group's own accumulators are left empty. -1 if none.
   */
  private final int countingPartial;

  /** The dataset the scan reads, and its version read (the latest). */
  private final Dataset dataset;

  private final DatasetVersion version;

  private ContributionRun(
      ContributionQuery query, VectorPlan.Scan scan, DatasetVersion version, BatchCache batches) {
    this.query = query;
    this.scan = scan;
    this.dataset = scan.table().dataset();
    this.version = version;
    this.batches = batches;
    this.noiseKey = query.noiseKey();
    int keyCount = query.keys().size();
    this.keyTypes = scan.slots().subList(0, keyCount).stream().map(this::type).toList();
    this.subjectSlot = scan.slots().get(keyCount);
    this.stringSubject = type(subjectSlot).kind() == ColumnType.Kind.STRING;
    int partialCount = query.partials().size();
    this.partialSlots = new int[partialCount];
    this.partialTypes = new ColumnType[partialCount];
    this.scales = new int[partialCount];
    int next = keyCount + 1;
    for (int p = 0; p < partialCount; p++) {
      boolean reads = query.partials().get(p).kind() != Kind.ROWS;
      partialSlots[p] = reads ? scan.slots().get(next++) : -1;
      partialTypes[p] = reads ? type(partialSlots[p]) : ColumnType.BIGINT;
      boolean sumsDecimal =
          query.partials().get(p).kind() == Kind.VALUE
              && partialTypes[p].kind() == ColumnType.Kind.DECIMAL;
      scales[p] = sumsDecimal ? partialTypes[p].scale() : 0;
    }
    int counting = -1;
    for (int p = partialCount - 1; p >= 0; p--) {
      Kind kind = query.partials().get(p).kind();
      counting = kind == Kind.ROWS || kind == Kind.VALUES ? p : counting;
    }
    this.countingPartial = counting;
  }

  /**
   * The run of {@code query}, or empty unless its input is a scan the executor reads, its keys are
   * of types it groups on, its subject is a string or integer column unique per row in the version
   * read, and every partial reads a number (or counts).
   */
  static Optional<ContributionRun> of(ContributionQuery query, BatchCache batches) {
    List<Integer> fields = new ArrayList<>(query.keys());
    fields.add(query.subject());
    for (Partial partial : query.partials()) {
      if (partial.kind() != Kind.ROWS) {
        fields.add(partial.field());
      }
    }
    Optional<VectorPlan.Scan> scan = VectorPlan.scan(query.input(), fields);
    Optional<DatasetVersion> version = scan.flatMap(s -> s.table().dataset().latest());
    if (scan.isEmpty() || version.isEmpty()) {
      return Optional.empty();
    }
    ContributionRun run = new ContributionRun(query, scan.get(), version.get(), batches);
    return run.isSupported() ? Optional.of(run) : Optional.empty();
  }

  private boolean isSupported() {
    Column subject = scan.columns().get(subjectSlot);
    boolean uniqueSubject = dataset.schema().isSubject(subject) && version.subjectUnique();
    boolean subjectType =
        switch (subject.type().kind()) {
          case STRING, INT, BIGINT -> true;
          case BOOLEAN, DOUBLE, DECIMAL, DATE, TIMESTAMP -> false;
        };
    boolean keyTypes =
        scan.slots().subList(0, query.keys().size()).stream()
            .allMatch(slot -> VectorPlan.isKeyType(type(slot)));
    boolean numbers = true;
    for (int p = 0; p < partialSlots.length; p++) {
      if (query.partials().get(p).kind() == Kind.VALUE) {
        numbers &=
            switch (partialTypes[p].kind()) {
              case INT, BIGINT, DOUBLE, DECIMAL -> true;
              case BOOLEAN, STRING, DATE, TIMESTAMP -> false;
            };
      }
    }
    return uniqueSubject && subjectType && keyTypes && numbers;
  }

  private ColumnType type(int slot) {
    return scan.columns().get(slot).type();
  }

  /**
   * Scans the table with {@code workers} and returns each group's contributions, in order of first
   * appearance, and the rows that fail some filter if the query asks for them.
   */
  Contributions execute(BatchWorkers workers) {
    List<String> names = scan.columns().stream().map(Column::name).toList();
    List<Part> parts;
    try (BatchStream stream = scan.table().open(names)) {
      parts = workers.run(stream, scan.table().limits(), false, Part::new);
    }
    Part whole = parts.size() == 1 ? parts.get(0) : merge(parts);
    List<GroupContributions> result = new ArrayList<>(whole.groupCount);
    for (int g = 0; g < whole.groupCount; g++) {
      List<@Nullable Object> keys = new ArrayList<>(query.keys().size());
      for (int k = 0; k < query.keys().size(); k++) {
        keys.add(whole.rows.key(k, g));
      }
      List<Contributors> groupPartials = new ArrayList<>(whole.partials.length);
      for (ContributorColumns partial : whole.partials) {
        groupPartials.add(partial.contributors(g));
      }
      SubjectSetDigest subjects =
          countingPartial < 0
              ? whole.subjects[g].digest()
              : whole.partials[countingPartial].contributors(g).subjects();
      result.add(new GroupContributions(keys, subjects, groupPartials));
    }
    return new Contributions(result, failing(parts));
  }

  /** The failing rows of every part, merged per group and mask. */
  private List<FailingRows> failing(List<Part> parts) {
    Map<List<@Nullable Object>, FailingRows> merged = new LinkedHashMap<>();
    for (Part part : parts) {
      part.failed.forEach(
          (mask, kept) -> {
            for (int g = 0; g < kept.counts.length; g++) {
              if (kept.counts[g] == 0) {
                continue;
              }
              List<@Nullable Object> keys = new ArrayList<>(query.keys().size());
              for (int k = 0; k < query.keys().size(); k++) {
                keys.add(part.failedGroups.key(k, g));
              }
              List<@Nullable Object> id = new ArrayList<>(keys);
              id.add(mask);
              Optional<List<@Nullable Object[]>> rows = Optional.ofNullable(kept.rows[g]);
              merged.merge(
                  id,
                  new FailingRows(keys, mask, rows),
                  (a, b) -> new FailingRows(keys, mask, concat(a.rows(), b.rows())));
            }
          });
    }
    return List.copyOf(merged.values());
  }

  private static Optional<List<@Nullable Object[]>> concat(
      Optional<List<@Nullable Object[]>> a, Optional<List<@Nullable Object[]>> b) {
    if (a.isEmpty() || b.isEmpty() || a.get().size() + b.get().size() > FailingRows.KEPT) {
      return Optional.empty();
    }
    List<@Nullable Object[]> both = new ArrayList<>(a.get());
    both.addAll(b.get());
    return Optional.of(both);
  }

  /** The rows of one mask that fail, per group of a part: counted, and kept while few. */
  private static final class Kept {
    int[] counts = new int[8];
    @Nullable List<@Nullable Object[]>[] rows = newRows(8);

    @SuppressWarnings("unchecked")
    private static @Nullable List<@Nullable Object[]>[] newRows(int size) {
      return (List<@Nullable Object[]>[]) new List<?>[size];
    }

    /** Counts one more row of group {@code g}; whether it is still to be kept. */
    boolean count(int g) {
      if (g >= counts.length) {
        int size = Math.max(g + 1, counts.length * 2);
        counts = Arrays.copyOf(counts, size);
        rows = Arrays.copyOf(rows, size);
      }
      int count = ++counts[g];
      if (count > FailingRows.KEPT) {
        rows[g] = null;
        return false;
      }
      if (rows[g] == null) {
        rows[g] = new ArrayList<>();
      }
      return true;
    }
  }

  private Part merge(List<Part> parts) {
    Part whole = new Part();
    int[][] ids = whole.rows.merge(parts.stream().map(part -> part.rows).toList());
    if (query.keys().isEmpty()) {
      whole.ensure(parts.stream().mapToInt(part -> part.groupCount).max().orElse(0));
    } else {
      whole.ensure(whole.rows.groupCount());
    }
    for (int p = 0; p < parts.size(); p++) {
      Part part = parts.get(p);
      for (int g = 0; g < part.groupCount; g++) {
        int id = ids[p][g];
        whole.subjects[id].add(part.subjects[g].digest());
        for (int c = 0; c < whole.partials.length; c++) {
          whole.partials[c].contributors(id).merge(part.partials[c].contributors(g));
        }
      }
    }
    return whole;
  }

  /** The groups and contributions of the batches one worker reads. */
  private final class Part implements BatchWorkers.Worker {
    private final GroupedRows rows;
    private SubjectSetDigest.Accumulator[] subjects = new SubjectSetDigest.Accumulator[0];
    private final ContributorColumns[] partials;
    private final GroupedRows failedGroups;
    private final Map<Integer, Kept> failed = new TreeMap<>();
    private int groupCount;

    /** The subject hashes of the current batch's rows, two words per row. */
    private long[] words = new long[0];

    private byte[] buffer = new byte[64];

    /** Per selected row, its contribution to the partial at hand, unscaled. */
    private long[] amounts = new long[0];

    /** The contribution of a row counted: one, for every row of a batch. */
    private long[] ones = new long[0];

    /** The selected rows, and their groups, whose value the partial at hand reads is not NULL. */
    private int[] valued = new int[0];

    private int[] valuedGroups = new int[0];

    Part() {
      List<Integer> keySlots = scan.slots().subList(0, keyTypes.size());
      GroupedRows.Codes codes = batches.codes(scan.table(), scan.columns());
      this.rows = new GroupedRows(scan.filters(), keySlots, keyTypes, codes);
      this.partials = new ContributorColumns[partialSlots.length];
      for (int p = 0; p < partials.length; p++) {
        partials[p] = new ContributorColumns(scales[p]);
      }
      this.failedGroups = new GroupedRows(List.of(), keySlots, keyTypes, codes);
    }

    @Override
    public void accept(VectorSchemaRoot batch, int index) {
      boolean marking = query.reportsFailing() && !settled();
      int count =
          marking
              ? rows.selectMarking(batch, batch.getRowCount())
              : rows.select(batch, batch.getRowCount());
      if (marking && rows.failingCount() > 0) {
        fail(batch, index);
      }
      // Before the early return: kept hashes and codes depend on the batches read, not on what
      // they selected.
      rows.readCodes(batch, index);
      org.elementvault.sandbox.exec.Column subject =
          org.elementvault.sandbox.exec.Column.of(batch.getVector(subjectSlot));
      words = batches.subjectHashes(cacheKey(batch, subject, index), () -> hashAll(subject));
      if (count == 0) {
        return;
      }
      rows.group(batch, count, index);
      ensure(query.keys().isEmpty() ? 1 : rows.groupCount());
      count = dropNoOnes(subject, count);
      int[] selection = rows.selection();
      int[] groupIds = rows.groupIds();
      if (countingPartial < 0) {
        for (int i = 0; i < count; i++) {
          int row = selection[i];
          subjects[groupIds[i]].add(words[2 * row], words[2 * row + 1]);
        }
      }
      for (int p = 0; p < partials.length; p++) {
        contribute(p, batch, count);
      }
    }

    /**
     * Drops the selected rows whose subject is NULL, after grouping (their groups still appear): no
     * one's row contributes nothing. Returns how many selected rows are left.
     */
    private int dropNoOnes(org.elementvault.sandbox.exec.Column subject, int count) {
      if (!subject.hasNulls()) {
        return count;
      }
      int[] selection = rows.selection();
      int[] groupIds = rows.groupIds();
      int kept = 0;
      for (int i = 0; i < count; i++) {
        if (!subject.isNull(selection[i])) {
          selection[kept] = selection[i];
          groupIds[kept++] = groupIds[i];
        }
      }
      return kept;
    }

    /**
     * Whether no failing row can matter any more: one group and one filter, whose failing rows
     * already stand for too many subjects to be of low effect (a global count's common case).
     */
    private boolean settled() {
      if (!query.keys().isEmpty() || scan.filters().size() != 1) {
        return false;
      }
      Kept kept = failed.get(1);
      return kept != null && kept.counts[0] > FailingRows.KEPT;
    }

    /** Counts the failing rows of the batch per mask and group, keeping those of few subjects. */
    private void fail(VectorSchemaRoot batch, int index) {
      int count = rows.failingCount();
      int[] failing = rows.failing();
      int[] masks = rows.failingMasks();
      failedGroups.group(batch, failing, count, index);
      int[] groupIds = failedGroups.groupIds();
      org.elementvault.sandbox.exec.Column subjects =
          org.elementvault.sandbox.exec.Column.of(batch.getVector(subjectSlot));
      // Views of the partials' columns, made when a kept row first needs them: making one reads
      // the vector's validity to count its nulls.
      org.elementvault.sandbox.exec.Column[] partialColumns =
          new org.elementvault.sandbox.exec.Column[partialSlots.length];
      int lastMask = 0;
      Kept kept = null;
      for (int i = 0; i < count; i++) {
        int row = failing[i];
        if (subjects.isNull(row)) {
          continue; // no one's row contributes nothing
        }
        if (kept == null || masks[i] != lastMask) {
          lastMask = masks[i];
          kept = failed.computeIfAbsent(lastMask, m -> new Kept());
        }
        int g = groupIds[i];
        if (kept.count(g)) {
          Objects.requireNonNull(kept.rows[g]).add(row(batch, row, g, subjects, partialColumns));
        }
      }
    }

    /** Row {@code row} as the row-at-a-time executor streams it: keys, subject, partials. */
    private @Nullable Object[] row(
        VectorSchemaRoot batch,
        int row,
        int group,
        org.elementvault.sandbox.exec.Column subjects,
        org.elementvault.sandbox.exec.@Nullable Column[] partialColumns) {
      int keyCount = query.keys().size();
      @Nullable Object[] values = new Object[keyCount + 1 + partialSlots.length];
      for (int k = 0; k < keyCount; k++) {
        values[k] = failedGroups.key(k, group);
      }
      FieldVector subject = batch.getVector(subjectSlot);
      values[keyCount] = stringSubject ? subject.getObject(row).toString() : subjects.longAt(row);
      for (int p = 0; p < partialSlots.length; p++) {
        Kind kind = query.partials().get(p).kind();
        if (kind == Kind.ROWS) {
          values[keyCount + 1 + p] = 1L;
          continue;
        }
        FieldVector vector = batch.getVector(partialSlots[p]);
        org.elementvault.sandbox.exec.Column column = partialColumns[p];
        if (column == null) {
          column = org.elementvault.sandbox.exec.Column.of(vector);
          partialColumns[p] = column;
        }
        if (kind == Kind.VALUES) {
          values[keyCount + 1 + p] = column.isNull(row) ? 0L : 1L;
        } else if (!column.isNull(row)) {
          boolean asLong =
              partialTypes[p].kind() != ColumnType.Kind.DOUBLE && !isLargeDecimal(partialTypes[p]);
          values[keyCount + 1 + p] =
              asLong
                  ? BigDecimal.valueOf(column.longAt(row), scales[p])
                  : decimal(vector, column, row);
        }
      }
      return values;
    }

    /** Makes state for groups up to {@code groups - 1}. */
    private void ensure(int groups) {
      if (groups <= groupCount) {
        return;
      }
      if (subjects.length < groups) {
        subjects = Arrays.copyOf(subjects, Math.max(groups, subjects.length * 2));
      }
      for (int g = groupCount; g < groups; g++) {
        subjects[g] = SubjectSetDigest.accumulator();
      }
      for (ContributorColumns partial : partials) {
        partial.ensure(groups);
      }
      groupCount = groups;
    }

    /**
     * The hashes of the subjects of every row of {@code column}, two words per row (zeros for a
     * NULL subject), whatever the query selects: the batch's hashes are kept for later runs.
     */
    private long[] hashAll(org.elementvault.sandbox.exec.Column column) {
      int rows = column.rows();
      long[] words = new long[2 * rows];
      for (int row = 0; row < rows; row++) {
        if (!column.isNull(row)) {
          SubjectHash hash = hash(column, row);
          words[2 * row] = hash.high();
          words[2 * row + 1] = hash.low();
        }
      }
      return words;
    }

    private BatchCache.Key cacheKey(
        VectorSchemaRoot batch, org.elementvault.sandbox.exec.Column subjects, int index) {
      return new BatchCache.Key(
          BatchCache.Batch.of(dataset, version, index, batch.getRowCount()),
          scan.columns().get(subjectSlot).name(),
          subjects.valueBytes(),
          noiseKey.subjectKeyId());
    }

    /** The keyed hash of the subject at {@code row}, not NULL. */
    private SubjectHash hash(org.elementvault.sandbox.exec.Column column, int row) {
      if (!stringSubject) {
        // The row path hashes the text of the number.
        return noiseKey.subject(Long.toString(column.longAt(row)));
      }
      int length = column.length(row);
      if (buffer.length < length) {
        buffer = new byte[Math.max(length, buffer.length * 2)];
      }
      column.copy(row, buffer);
      return noiseKey.subject(buffer, 0, length);
    }

    /**
     * Adds each selected row's contribution to partial {@code p} of its group: a column of
     * contributions, unscaled, for {@link ContributorColumns}, or one decimal at a time for a
     * double or a wide decimal.
     */
    private void contribute(int p, VectorSchemaRoot batch, int count) {
      ContributorColumns groups = partials[p];
      int[] selection = rows.selection();
      int[] groupIds = rows.groupIds();
      ensureScratch(count);
      Kind kind = query.partials().get(p).kind();
      if (kind == Kind.ROWS) {
        groups.add(words, selection, groupIds, ones, count);
        return;
      }
      FieldVector vector = batch.getVector(partialSlots[p]);
      org.elementvault.sandbox.exec.Column column = org.elementvault.sandbox.exec.Column.of(vector);
      if (kind == Kind.VALUES) {
        for (int i = 0; i < count; i++) {
          amounts[i] = column.valid(selection[i]);
        }
        groups.add(words, selection, groupIds, amounts, count);
        return;
      }
      ColumnType type = partialTypes[p];
      if (type.kind() == ColumnType.Kind.DOUBLE || isLargeDecimal(type)) {
        contributeDecimals(groups, vector, column, count);
        return;
      }
      if (!column.hasNulls()) {
        for (int i = 0; i < count; i++) {
          amounts[i] = column.longAt(selection[i]);
        }
        groups.add(words, selection, groupIds, amounts, count);
        return;
      }
      // A NULL value contributes nothing, not even its subject. Every row is written and only
      // the valued advance (a NULL row's slot holds some value, never read as a contribution).
      int kept = 0;
      for (int i = 0; i < count; i++) {
        int row = selection[i];
        valued[kept] = row;
        valuedGroups[kept] = groupIds[i];
        amounts[kept] = column.longAt(row);
        kept += column.valid(row);
      }
      groups.add(words, valued, valuedGroups, amounts, kept);
    }

    private void contributeDecimals(
        ContributorColumns groups,
        FieldVector vector,
        org.elementvault.sandbox.exec.Column column,
        int count) {
      int[] selection = rows.selection();
      int[] groupIds = rows.groupIds();
      for (int i = 0; i < count; i++) {
        int row = selection[i];
        if (!column.isNull(row)) {
          BigDecimal value = decimal(vector, column, row);
          if (value != null) {
            groups
                .contributors(groupIds[i])
                .add(new SubjectHash(words[2 * row], words[2 * row + 1]), value);
          }
        }
      }
    }

    private void ensureScratch(int count) {
      if (amounts.length < count) {
        amounts = new long[count];
        valued = new int[count];
        valuedGroups = new int[count];
        ones = new long[count];
        Arrays.fill(ones, 1L);
      }
    }
  }

  private static boolean isLargeDecimal(ColumnType type) {
    return type.kind() == ColumnType.Kind.DECIMAL && !type.isSmallDecimal();
  }

  /** A double as the row path makes it a decimal (none if not finite), or a wide decimal. */
  private static @Nullable BigDecimal decimal(
      FieldVector vector, org.elementvault.sandbox.exec.Column column, int row) {
    if (vector instanceof DecimalVector decimals) {
      return decimals.getObject(row);
    }
    double value = column.doubleAt(row);
    return Double.isFinite(value) ? BigDecimal.valueOf(value) : null;
  }
}
