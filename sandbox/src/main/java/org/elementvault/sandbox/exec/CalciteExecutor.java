package org.elementvault.sandbox.exec;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.tools.Programs;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.sandbox.exec.ElementResult.ResultColumn;
import org.jspecify.annotations.Nullable;

/**
 * Runs plans with Calcite's enumerable convention: generated Java code, row at a time, over the
 * catalog's tables, with sums and averages made exact first ({@link ExactAggregates}). Correct for
 * every plan the policy admits; the reference the faster executors are compared against.
 */
public final class CalciteExecutor implements Executor {

  @Override
  public ElementResult execute(RelNode plan, SchemaPlus catalog, JobLimits limits) {
    List<ResultColumn> columns = columns(plan);
    List<List<@Nullable Object>> rows = new ArrayList<>();
    run(
        plan,
        catalog,
        values -> {
          rows.add(new ArrayList<>(java.util.Arrays.asList(values)));
          limits.onResultRows(rows.size());
        });
    return new ElementResult(columns, rows);
  }

  @Override
  public void stream(
      RelNode plan,
      SchemaPlus catalog,
      JobLimits limits,
      java.util.function.Consumer<@Nullable Object[]> sink) {
    run(
        plan,
        catalog,
        values -> {
          sink.accept(values);
          limits.tick();
        });
  }

  /** Plans {@code plan} into generated code and hands each converted row to {@code sink}. */
  private static void run(
      RelNode plan, SchemaPlus catalog, java.util.function.Consumer<@Nullable Object[]> sink) {
    try {
      ResultRows rows = generate(plan);
      rows.run(new JobContext(catalog, List.of()), sink);
    } catch (VaultException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failed(e);
    }
  }

  /**
   * {@code plan}, whose one {@link GivenRows} leaf takes its rows at each run, planned and compiled
   * into generated code once, to run any number of times.
   *
   * @throws VaultException {@code INTERNAL} if Calcite cannot compile the plan
   */
  public static Prepared prepare(RelNode plan, GivenRows given) {
    try {
      return new Prepared(generate(plan), columns(plan), given);
    } catch (VaultException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failed(e);
    }
  }

  /**
   * {@code given}'s rows as they come, converted as {@link #prepare} converts a plan's results:
   * what a plan with nothing above its leaf computes, without the planner or generated code (whose
   * compiler alone takes a fresh JVM a third of a second to load).
   */
  public static Prepared passThrough(GivenRows given) {
    return new Prepared(
        new ResultRows(context -> context.givenRows, converters(given)), columns(given), given);
  }

  /**
   * A plan compiled by {@link #prepare} or {@link #passThrough}: not thread-safe, run it on one
   * thread at a time.
   */
  public static final class Prepared {
    private final ResultRows source;
    private final List<ResultColumn> columns;
    private final GivenRows given;

    private Prepared(ResultRows source, List<ResultColumn> columns, GivenRows given) {
      this.source = source;
      this.columns = List.copyOf(columns);
      this.given = given;
    }

    /** Runs the compiled plan with {@code rows} (in released values) as its given leaf's rows. */
    public ElementResult execute(
        List<List<@Nullable Object>> rows, SchemaPlus catalog, JobLimits limits) {
      List<List<@Nullable Object>> result = new ArrayList<>();
      try {
        source.run(
            new JobContext(catalog, given.internal(rows)),
            values -> {
              result.add(new ArrayList<>(java.util.Arrays.asList(values)));
              limits.onResultRows(result.size());
            });
      } catch (VaultException e) {
        throw e;
      } catch (RuntimeException e) {
        throw failed(e);
      }
      return new ElementResult(columns, result);
    }
  }

  // Code generation or a library failing on a plan is the sandbox's bug, never the data's: fail
  // closed with a message that carries nothing of either.
  private static VaultException failed(RuntimeException e) {
    return new VaultException(
        ErrorCode.INTERNAL, "query: the executor failed on this plan; nothing was released", e);
  }

  private static List<ResultColumn> columns(RelNode plan) {
    List<ResultColumn> columns = new ArrayList<>();
    for (RelDataTypeField field : plan.getRowType().getFieldList()) {
      columns.add(new ResultColumn(field.getName(), columnType(field.getType())));
    }
    return columns;
  }

  private static ResultRows generate(RelNode plan) {
    RelNode exact = ExactAggregates.apply(plan);
    RelNode physical =
        Programs.standard()
            .run(
                exact.getCluster().getPlanner(),
                exact,
                exact.getTraitSet().replace(EnumerableConvention.INSTANCE),
                List.of(),
                List.of());
    Bindable<@Nullable Object> bindable =
        EnumerableInterpretable.toBindable(
            new HashMap<>(), null, (EnumerableRel) physical, EnumerableRel.Prefer.ARRAY);
    return new ResultRows(bindable::bind, converters(plan));
  }

  private static List<Converter> converters(RelNode plan) {
    List<Converter> converters = new ArrayList<>();
    for (RelDataTypeField field : plan.getRowType().getFieldList()) {
      converters.add(converter(columnType(field.getType())));
    }
    return List.copyOf(converters);
  }

  /**
   * The rows a job's context yields and how to convert each of their fields to a released value.
   */
  private record ResultRows(
      Function<JobContext, Enumerable<? extends @Nullable Object>> rows,
      List<Converter> converters) {

    void run(JobContext context, java.util.function.Consumer<@Nullable Object[]> sink) {
      try (Enumerator<? extends @Nullable Object> enumerator = rows.apply(context).enumerator()) {
        while (enumerator.moveNext()) {
          Object current = enumerator.current();
          @Nullable Object[] values =
              current instanceof Object[] array ? array.clone() : new @Nullable Object[] {current};
          for (int i = 0; i < values.length; i++) {
            values[i] = converters.get(i).convert(values[i]);
          }
          sink.accept(values);
        }
      }
    }
  }

  /** The column type a result value of {@code type} is released as. */
  public static ColumnType columnType(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case BOOLEAN -> ColumnType.BOOLEAN;
      case TINYINT, SMALLINT, INTEGER -> ColumnType.INT;
      case BIGINT -> ColumnType.BIGINT;
      case FLOAT, REAL, DOUBLE -> ColumnType.DOUBLE;
      case DECIMAL ->
          new ColumnType(
              ColumnType.Kind.DECIMAL,
              Math.min(type.getPrecision(), ColumnType.MAX_DECIMAL_PRECISION),
              Math.min(
                  type.getScale(),
                  Math.min(type.getPrecision(), ColumnType.MAX_DECIMAL_PRECISION)));
      case CHAR, VARCHAR -> ColumnType.STRING;
      case DATE -> ColumnType.DATE;
      case TIMESTAMP -> ColumnType.TIMESTAMP;
      default ->
          throw new VaultException(
              ErrorCode.USER_ERROR,
              "query: results of type " + type.getSqlTypeName() + " cannot be released");
    };
  }

  @FunctionalInterface
  private interface Converter {
    @Nullable Object convert(@Nullable Object internal);
  }

  private static Converter converter(ColumnType type) {
    return switch (type.kind()) {
      case BOOLEAN, STRING -> value -> value;
      case INT -> value -> value == null ? null : ((Number) value).intValue();
      case BIGINT -> value -> value == null ? null : ((Number) value).longValue();
      case DOUBLE -> value -> value == null ? null : ((Number) value).doubleValue();
      case DECIMAL ->
          value ->
              value == null
                  ? null
                  : value instanceof BigDecimal decimal
                      ? decimal
                      : new BigDecimal(value.toString());
      case DATE ->
          value -> value == null ? null : LocalDate.ofEpochDay(((Number) value).intValue());
      case TIMESTAMP ->
          value -> value == null ? null : Instant.ofEpochMilli(((Number) value).longValue());
    };
  }

  /**
   * What generated code may ask of the job: the catalog, types, a fixed zone, and the rows of a
   * {@link GivenRows} leaf.
   */
  private static final class JobContext implements DataContext {
    private final SchemaPlus catalog;
    private final Enumerable<@Nullable Object[]> givenRows;
    private final JavaTypeFactory types = new JavaTypeFactoryImpl();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    JobContext(SchemaPlus catalog, List<@Nullable Object[]> givenRows) {
      this.catalog = catalog;
      this.givenRows = Linq4j.asEnumerable(givenRows);
    }

    @Override
    public SchemaPlus getRootSchema() {
      return catalog;
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
      return types;
    }

    @Override
    public QueryProvider getQueryProvider() {
      throw new VaultException(ErrorCode.INTERNAL, "queries cannot start other queries");
    }

    @Override
    public @Nullable Object get(String name) {
      if (Variable.TIME_ZONE.camelName.equals(name)) {
        return TimeZone.getTimeZone("UTC");
      }
      if (Variable.CANCEL_FLAG.camelName.equals(name)) {
        return cancelled;
      }
      if (GivenRows.PARAMETER.equals(name)) {
        return givenRows;
      }
      return null;
    }
  }
}
