package org.elementvault.sandbox.compile;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.compile.ReleaseConditions.Condition;
import org.elementvault.sandbox.exec.FailingRows;
import org.elementvault.sandbox.exec.GroupContributions;
import org.elementvault.sandbox.protection.Contributors;
import org.elementvault.sandbox.protection.FlattenedSum;
import org.elementvault.sandbox.protection.Flattening;
import org.elementvault.sandbox.protection.LowCountFilter;
import org.elementvault.sandbox.protection.NoiseKey;
import org.elementvault.sandbox.protection.NoiseLayers;
import org.elementvault.sandbox.protection.StickyNoise;
import org.elementvault.sandbox.protection.SubjectHash;
import org.elementvault.sandbox.protection.SubjectSetDigest;
import org.jspecify.annotations.Nullable;

/**
 * The default release protection, {@code protection: noise} (DESIGN.md, Release protection), over
 * the contributions of each subject to each group. It reads rows of {@code group keys, subjects,
 * partial aggregates} — one row per group and subject, or per group and combination of the
 * datasets' subjects after a join — combines the rows of each person into one contribution, and
 * releases per group:
 *
 * <ul>
 *   <li>nothing, silently, unless the group has at least k distinct subjects of every dataset and
 *       passes the noisy low-count filter (k plus non-negative sticky noise);
 *   <li>counts, sums, averages and variances over flattened contributions, plus sticky noise in
 *       layers (the columns conditions read, their canonical text, the group's key values; the
 *       dynamic samples seeded by the contributions themselves), scaled by the flattening;
 * </ul>
 *
 * <p>Not thread-safe: one instance per run.
 */
final class NoisyAggregation {

  /** What a released aggregate computes. */
  enum Kind {
    COUNT_ROWS,
    COUNT_VALUES,
    COUNT_SUBJECTS,
    SUM,
    AVG,
    VAR_POP,
    VAR_SAMP,
    STDDEV_POP,
    STDDEV_SAMP
  }

  /**
   * One released aggregate.
   *
   * @param kind what it computes
   * @param value the partial field with each subject's count, sum, minimum or maximum; for {@link
   *     Kind#COUNT_SUBJECTS}, the index of the dataset whose subjects it counts
   * @param count the partial field with each subject's count of values (averages, variances), or -1
   * @param squares the partial field with each subject's sum of squares (variances), or -1
   * @param type the released value's type
   */
  record Output(Kind kind, int value, int count, int squares, ColumnType type) {
    Output {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(type, "type");
    }

    boolean isNumeric() {
      return kind != Kind.COUNT_SUBJECTS;
    }
  }

  /**
   * What became of one group, for the release ledger.
   *
   * @param keys the group's key values
   * @param released whether the group was released
   * @param subjects a suppressed group's exact count of distinct subjects (the fewest of any
   *     dataset read); 0 for a released group
   */
  record GroupOutcome(List<@Nullable Object> keys, boolean released, long subjects) {}

  private static final MathContext DECIMAL = MathContext.DECIMAL128;

  private final int keys;
  private final int subjects;
  private final int partials;
  private final List<Output> outputs;
  private final int k;
  private final NoiseKey key;
  private final ReleaseConditions conditions;
  private final LowEffect lowEffect;
  private final boolean[] numeric;
  private final boolean repeatedSubjects;
  private final Map<List<@Nullable Object>, Group> groups = new LinkedHashMap<>();
  private final List<GroupOutcome> outcomes = new ArrayList<>();

  /**
   * A release of rows with {@code keys} key fields, then {@code subjects} subject fields (one per
   * dataset read, the first naming the contributor), then {@code partials} partial aggregates, then
   * (if {@code conditions} checks any) the mask of the checked conditions the row fails; noise
   * under {@code key}, in the layers of the {@code conditions} each group keeps and one layer per
   * group key value. {@code repeatedSubjects} says whether a subject may come in more than one row
   * of a group (rows per subject and mask), so that its rows must be combined before it is counted.
   */
  NoisyAggregation(
      int keys,
      int subjects,
      int partials,
      List<Output> outputs,
      int k,
      NoiseKey key,
      ReleaseConditions conditions,
      boolean repeatedSubjects) {
    this.keys = keys;
    this.conditions = conditions;
    this.lowEffect = new LowEffect(key, conditions.checked());
    this.repeatedSubjects = repeatedSubjects;
    this.subjects = subjects;
    this.partials = partials;
    this.outputs = List.copyOf(outputs);
    this.k = k;
    this.key = key;
    this.numeric = new boolean[partials];
    for (Output output : outputs) {
      if (output.isNumeric()) {
        for (int field : new int[] {output.value(), output.count(), output.squares()}) {
          if (field >= 0) {
            numeric[field] = true;
          }
        }
      }
    }
  }

  /** Adds one row of contributions. */
  void add(@Nullable Object[] row) {
    List<@Nullable Object> group = new ArrayList<>(keys);
    for (int i = 0; i < keys; i++) {
      group.add(row[i]);
    }
    long mark = mark(row);
    int mask = ReleaseConditions.failures(mark);
    Group contributions = groups.computeIfAbsent(group, g -> new Group());
    if (mask != 0) {
      contributions.failed(mask, row);
    } else if (mark != 0) {
      contributions.pending(mark, row);
    } else {
      contributions.add(row);
    }
  }

  /** A row's mark: the conditions it fails and its branches ({@link ReleaseConditions#masked}). */
  private long mark(@Nullable Object[] row) {
    return conditions.checked().isEmpty()
        ? 0
        : ((Number) Objects.requireNonNull(row[row.length - 1])).longValue();
  }

  /**
   * Adds the rows of one group that fail some checked conditions, as an executor found them ({@link
   * FailingRows}): rows of {@code keys…, subject, partials…}.
   */
  void add(FailingRows failing) {
    Group group = groups.computeIfAbsent(failing.keys(), g -> new Group());
    if (failing.rows().isEmpty()) {
      group.failedMany(failing.mask());
    } else {
      failing.rows().get().forEach(row -> group.failed(failing.mask(), row));
    }
  }

  /**
   * Adds one group's contributions as an executor combined them ({@link
   * org.elementvault.sandbox.exec.Executor#contributions}): the same as adding the group's rows,
   * one subject each, for a release of one dataset's subjects.
   */
  void add(GroupContributions combined) {
    if (subjects != 1 || combined.partials().size() != partials) {
      throw new IllegalStateException("combined contributions need one subject field per row");
    }
    groups.computeIfAbsent(combined.keys(), g -> new Group()).add(combined);
  }

  /** The released groups: key fields, then one value per output; suppressed groups are absent. */
  List<List<@Nullable Object>> finish() {
    LowCountFilter filter = LowCountFilter.create(key, k);
    StickyNoise noise = StickyNoise.create(key);
    Flattening flattening = Flattening.create(key);
    List<List<@Nullable Object>> released = new ArrayList<>();
    groups.forEach(
        (group, contributions) -> {
          if (!contributions.readmit(group)) {
            return; // only rows that fail conditions kept in force: the query has no such group
          }
          Optional<List<@Nullable Object>> row =
              contributions.release(group, filter, noise, flattening);
          row.ifPresent(released::add);
          outcomes.add(
              new GroupOutcome(
                  group, row.isPresent(), row.isPresent() ? 0 : contributions.fewestSubjects()));
        });
    return released;
  }

  /** What became of each group, once {@link #finish()} has run. */
  List<GroupOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /**
   * The contributions to one group. With one dataset every row is a different subject, so rows
   * stream in; after a join, rows are merged per contributor (the first dataset's subject) first.
   */
  private final class Group {
    private final @Nullable Map<Object, @Nullable Object[]> byContributor =
        subjects > 1 || repeatedSubjects ? new HashMap<>() : null;
    private final Map<Integer, FailedRows> failed = new java.util.TreeMap<>();
    private final Map<Long, FailedRows> pending = new HashMap<>();
    private boolean present;
    private List<String> columnLayers = List.of();
    private @Nullable String textLayer;
    private final List<Set<Object>> otherSubjects = new ArrayList<>();
    private final @Nullable Contributors[] fields = new Contributors[partials];
    private final SubjectSetDigest.Accumulator subjectSet = SubjectSetDigest.accumulator();
    private @Nullable SubjectSetDigest digest;

    Group() {
      for (int i = 0; i < partials; i++) {
        fields[i] = numeric[i] ? new Contributors() : null;
      }
      for (int i = 1; i < subjects; i++) {
        otherSubjects.add(new HashSet<>());
      }
    }

    void add(@Nullable Object[] row) {
      present = true;
      Object contributor = row[keys];
      if (contributor == null) {
        return; // a row of no one (an outer join's padding) contributes nothing
      }
      if (byContributor == null) {
        feed(contributor, row, keys + subjects);
        return;
      }
      @Nullable Object[] values = new Object[partials];
      System.arraycopy(row, keys + subjects, values, 0, partials);
      for (int i = 1; i < subjects; i++) {
        Object subject = row[keys + i];
        if (subject != null) {
          otherSubjects.get(i - 1).add(subject);
        }
      }
      byContributor.merge(contributor, values, this::merge);
    }

    /** Adds contributions an executor combined: disjoint from any added before, by contract. */
    void add(GroupContributions combined) {
      present = true;
      subjectSet.add(combined.subjects());
      for (int i = 0; i < partials; i++) {
        Contributors field = fields[i];
        if (field != null) {
          field.merge(combined.partials().get(i));
        }
      }
    }

    /** Keeps a row that fails the checked conditions of {@code mask}, in case they are dropped. */
    void failed(int mask, @Nullable Object[] row) {
      failed.computeIfAbsent(mask, m -> new FailedRows(keys)).add(row);
    }

    /**
     * Holds a row that passes every condition through the branches of {@code mark}, in case one of
     * them is of low effect; once too many subjects come through the same branches, their rows are
     * in force whatever the other branches do, and are added.
     */
    void pending(long mark, @Nullable Object[] row) {
      FailedRows rows = pending.computeIfAbsent(mark, m -> new FailedRows(keys));
      List<@Nullable Object[]> held = rows.rows();
      if (held == null) {
        add(row);
        return;
      }
      rows.add(row);
      if (rows.rows() == null) {
        held.forEach(this::add); // the list the rows forgot, this row included
      }
    }

    /** Notes more rows failing the conditions of {@code mask} than low effect could readmit. */
    void failedMany(int mask) {
      failed.computeIfAbsent(mask, m -> new FailedRows(keys)).overflow();
    }

    /**
     * Drops the checked conditions of low effect in this group (Open Diffix's low-effect
     * detection): readmits the rows that fail only those, and sets the group's layers to those of
     * the conditions kept, so that the answer is exactly that of the query without them. Returns
     * whether the group exists in that query.
     */
    boolean readmit(List<@Nullable Object> group) {
      int dropped = lowEffect.dropped(group, failed);
      List<@Nullable Object[]> readmitted = new ArrayList<>();
      failed.forEach(
          (mask, rows) -> {
            if ((mask & ~dropped) == 0) {
              readmitted.addAll(Objects.requireNonNull(rows.rows()));
            }
          });
      Map<Integer, BitSet> branches =
          conditions.branching()
              ? lowEffect.keptBranches(group, dropped, held(readmitted), conditions)
              : Map.of();
      for (@Nullable Object[] row : readmitted) {
        // An executor's failing rows end in a partial, not a mark: they have no branches.
        if (branches.isEmpty() || inForce(mark(row), branches)) {
          add(row);
        }
      }
      pending.forEach(
          (mark, rows) -> {
            List<@Nullable Object[]> held = rows.rows();
            if (held != null && inForce(mark, branches)) {
              held.forEach(this::add);
            }
          });
      TreeSet<String> columns = new TreeSet<>(conditions.otherColumns());
      TreeSet<String> texts = new TreeSet<>(conditions.otherTexts());
      for (int i = 0; i < conditions.checked().size(); i++) {
        if ((dropped & (1 << i)) == 0) {
          Condition condition = conditions.checked().get(i);
          BitSet kept = branches.get(i);
          Branches all = condition.branches();
          if (kept == null || all == null || kept.cardinality() == all.size()) {
            columns.addAll(condition.columns());
            texts.add(condition.text());
          } else {
            // As the query that never had the dropped branches.
            columns.addAll(all.columns(kept));
            texts.add(all.text(kept));
          }
        }
      }
      columnLayers = List.copyOf(columns);
      textLayer = texts.isEmpty() ? null : "conditions " + String.join(" and ", texts);
      return present;
    }

    /** The rows in force, as {@link LowEffect} weighs their branches: held ones, and readmitted. */
    private List<LowEffect.Held> held(List<@Nullable Object[]> readmitted) {
      List<LowEffect.Held> held = new ArrayList<>();
      pending.forEach((mark, rows) -> held.add(new LowEffect.Held(mark, rows.contributors())));
      for (@Nullable Object[] row : readmitted) {
        Object contributor = row[keys];
        held.add(
            new LowEffect.Held(
                mark(row), Optional.of(contributor == null ? Set.of() : Set.of(contributor))));
      }
      return held;
    }

    /** Whether rows of mark {@code mark} hold through a kept branch of each condition. */
    private boolean inForce(long mark, Map<Integer, BitSet> branches) {
      for (Map.Entry<Integer, BitSet> kept : branches.entrySet()) {
        int condition = kept.getKey();
        BitSet through =
            Objects.requireNonNull(conditions.checked().get(condition).branches())
                .satisfied(conditions.code(mark, condition));
        if (!through.intersects(kept.getValue())) {
          return false;
        }
      }
      return true;
    }

    /** Adds one contributor whose partials are {@code values[from…]}. */
    private void feed(Object contributor, @Nullable Object[] values, int from) {
      SubjectHash subject = key.subject(contributor.toString());
      subjectSet.add(subject);
      for (int i = 0; i < partials; i++) {
        BigDecimal amount = decimal(numeric[i] ? values[from + i] : null);
        Contributors field = fields[i];
        if (amount != null && field != null) {
          field.add(subject, amount);
        }
      }
    }

    private @Nullable Object[] merge(@Nullable Object[] a, @Nullable Object[] b) {
      for (Output output : outputs) {
        if (output.isNumeric()) {
          for (int field : new int[] {output.value(), output.count(), output.squares()}) {
            if (field >= 0) {
              a[field] = plus(a[field], b[field]);
            }
          }
        }
      }
      return a;
    }

    /** The fewest distinct subjects of any dataset read: what a suppressed group protects. */
    long fewestSubjects() {
      long fewest = distinctSubjects(0);
      for (int i = 1; i < subjects; i++) {
        fewest = Math.min(fewest, distinctSubjects(i));
      }
      return fewest;
    }

    private long distinctSubjects(int dataset) {
      return dataset == 0 ? subjects().count() : otherSubjects.get(dataset - 1).size();
    }

    /** The group's contributors, once they have all been added. */
    private SubjectSetDigest subjects() {
      if (digest == null) {
        digest = subjectSet.digest();
      }
      return digest;
    }

    Optional<List<@Nullable Object>> release(
        List<@Nullable Object> group, LowCountFilter filter, StickyNoise noise, Flattening flat) {
      if (byContributor != null) {
        byContributor.forEach((contributor, values) -> feed(contributor, values, 0));
      }
      for (int i = 1; i < subjects; i++) {
        if (distinctSubjects(i) < k) {
          return Optional.empty();
        }
      }
      List<String> stable = new ArrayList<>(columnLayers);
      for (int i = 0; i < keys; i++) {
        stable.add("key " + group.get(i));
      }
      // The filter leaves out the text layer: a phantom spelling, which changes only the text,
      // must not buy a fresh threshold and so show, over many spellings, how near k a group is.
      NoiseLayers filterLayers = new NoiseLayers(stable);
      if (!filter.passes(filterLayers, subjects())) {
        return Optional.empty();
      }
      List<String> all = new ArrayList<>(stable);
      if (textLayer != null) {
        all.add(textLayer);
      }
      Released values = new Released(new NoiseLayers(all), filterLayers, filter, noise, flat);
      List<@Nullable Object> row = new ArrayList<>(group);
      for (Output output : outputs) {
        row.add(values.of(output));
      }
      return Optional.of(row);
    }

    /** The noisy values of one released group. */
    private final class Released {
      private final NoiseLayers layers;
      private final NoiseLayers filterLayers;
      private final LowCountFilter filter;
      private final StickyNoise noise;
      private final Flattening flattening;

      Released(
          NoiseLayers layers,
          NoiseLayers filterLayers,
          LowCountFilter filter,
          StickyNoise noise,
          Flattening flattening) {
        this.layers = layers;
        this.filterLayers = filterLayers;
        this.filter = filter;
        this.noise = noise;
        this.flattening = flattening;
      }

      @Nullable Object of(Output output) {
        return switch (output.kind()) {
          case COUNT_SUBJECTS ->
              Math.max(0, distinctSubjects(output.value()) + noise.countNoise(layers, subjects()));
          case COUNT_ROWS, COUNT_VALUES -> {
            BigDecimal count = noisy(output.value(), 0);
            yield count == null ? null : count.max(BigDecimal.ZERO).longValueExact();
          }
          case SUM -> number(noisy(output.value(), scaleOf(output.type())), output.type());
          case AVG -> {
            BigDecimal sum = noisy(output.value(), scaleOf(output.type()) + 2);
            BigDecimal count = noisy(output.count(), 0);
            yield sum == null || count == null
                ? null
                : number(sum.divide(count.max(BigDecimal.ONE), DECIMAL), output.type());
          }
          case VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP -> variance(output);
        };
      }

      /**
       * The flattened total of a partial with noise on the grid of 10^-scale; null unless the
       * people who gave it a value pass the low-count filter themselves: a group of k people of
       * whom four have an income must not release those four incomes' average.
       */
      private @Nullable BigDecimal noisy(int field, int scale) {
        Contributors contributors = Objects.requireNonNull(fields[field]);
        if (!filter.passes(filterLayers, contributors.subjects())) {
          return null;
        }
        Optional<FlattenedSum> flattened = flattening.flatten(contributors);
        if (flattened.isEmpty()) {
          return null;
        }
        FlattenedSum sum = flattened.get();
        return sum.total()
            .setScale(scale, RoundingMode.HALF_EVEN)
            .add(noise.noise(layers, contributors, sum.noiseSd(), scale));
      }

      private @Nullable Object variance(Output output) {
        BigDecimal sum = noisy(output.value(), 6);
        BigDecimal count = noisy(output.count(), 0);
        BigDecimal squares = noisy(output.squares(), 6);
        if (sum == null || count == null || squares == null || count.signum() <= 0) {
          return null;
        }
        boolean sample = output.kind() == Kind.VAR_SAMP || output.kind() == Kind.STDDEV_SAMP;
        BigDecimal denominator = sample ? count.subtract(BigDecimal.ONE) : count;
        if (denominator.signum() <= 0) {
          return null;
        }
        BigDecimal variance =
            squares
                .subtract(sum.multiply(sum).divide(count, DECIMAL))
                .divide(denominator, DECIMAL)
                .max(BigDecimal.ZERO);
        boolean root = output.kind() == Kind.STDDEV_POP || output.kind() == Kind.STDDEV_SAMP;
        return number(root ? variance.sqrt(DECIMAL) : variance, output.type());
      }
    }
  }

  static int scaleOf(ColumnType type) {
    return type.kind() == ColumnType.Kind.DECIMAL
        ? type.scale()
        : type.kind() == ColumnType.Kind.DOUBLE ? 6 : 0;
  }

  static @Nullable BigDecimal decimal(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Long || value instanceof Integer) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Number number) {
      double d = number.doubleValue();
      return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
    }
    throw new IllegalArgumentException("not a number: " + value.getClass().getSimpleName());
  }

  /** The noisy value in the released type: decimals at their scale, integers whole. */
  static @Nullable Object number(@Nullable BigDecimal value, ColumnType type) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case INT -> value.setScale(0, RoundingMode.HALF_EVEN).intValue();
      case BIGINT -> value.setScale(0, RoundingMode.HALF_EVEN).longValue();
      case DECIMAL -> value.setScale(type.scale(), RoundingMode.HALF_EVEN);
      case DOUBLE -> value.doubleValue();
      case BOOLEAN, STRING, DATE, TIMESTAMP ->
          throw new IllegalArgumentException("not a numeric aggregate: " + type);
    };
  }

  private static @Nullable Object plus(@Nullable Object a, @Nullable Object b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return Objects.requireNonNull(decimal(a)).add(Objects.requireNonNull(decimal(b)));
  }
}
