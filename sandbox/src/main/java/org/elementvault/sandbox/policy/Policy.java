package org.elementvault.sandbox.policy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnStats;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.DatasetVersion;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;
import org.elementvault.sandbox.catalog.FunctionCatalog;
import org.elementvault.sandbox.catalog.FunctionCatalog.Role;
import org.elementvault.sandbox.catalog.VaultTable;
import org.elementvault.sandbox.element.Use;
import org.elementvault.sandbox.masking.Masking;
import org.elementvault.sandbox.policy.Flow.Form;
import org.jspecify.annotations.Nullable;

/**
 * The release policy (DESIGN.md, Sandbox step 3) over a logical plan. An own lineage walk traces
 * every field of every node to its source columns, through any expression, and checks every use of
 * a column against its classification: outputs, conditions, join keys, grouping, ordering,
 * aggregates, and every branch of a set operation. Anything the walk does not know is refused.
 */
public final class Policy {

  /** The most tables one query may read; joins beyond this are refused. */
  public static final int MAX_TABLE_READS = 4;

  /** The most plan nodes one query may have. */
  public static final int MAX_NODES = 200;

  /** The finest generalization of a number: this share of the column's range (DESIGN.md). */
  static final BigDecimal FLOOR_SHARE = new BigDecimal("0.001");

  /** Identifiers: they may be counted, never summed or averaged as if they were numbers. */
  private static final Set<PiiType> IDENTIFIERS =
      EnumSet.of(
          PiiType.ID_CARD,
          PiiType.PHONE,
          PiiType.NAME,
          PiiType.ADDRESS,
          PiiType.BANK_CARD,
          PiiType.EMAIL);

  private static final Set<SqlKind> COMPARISONS =
      EnumSet.of(
          SqlKind.LESS_THAN,
          SqlKind.LESS_THAN_OR_EQUAL,
          SqlKind.GREATER_THAN,
          SqlKind.GREATER_THAN_OR_EQUAL);

  private final List<Problem> problems = new ArrayList<>();
  private final Map<Origin, Set<Use>> uses = new LinkedHashMap<>();
  private final Map<Origin, BigDecimal> floors = new HashMap<>();
  private int tableReads;
  private int nodes;

  private Policy() {}

  /** Checks the plan of one element query. */
  public static PolicyReport check(RelNode root) {
    Policy policy = new Policy();
    policy.blocks(root);
    List<Flow> out = policy.visit(root, false);
    boolean aggregate = rowsAreGroups(root);
    List<Integer> quasi = new ArrayList<>();
    Map<Origin, Set<String>> releasedAs = new HashMap<>();
    for (int i = 0; i < out.size(); i++) {
      Flow flow = out.get(i);
      policy.release(flow, Use.OUTPUT, aggregate);
      if (flow.form() != Form.AGGREGATED && flow.form() != Form.CONSTANT) {
        if (flow.sources().stream().anyMatch(o -> o.column().quasiIdentifier())) {
          quasi.add(i);
        }
        for (Origin origin : flow.sources()) {
          releasedAs
              .computeIfAbsent(origin, o -> new LinkedHashSet<>())
              .add(flow.function() == null ? "raw" : flow.function() + "()");
        }
      }
    }
    releasedAs.forEach(
        (origin, ways) -> {
          if (origin.column().level() != Level.GENERAL && ways.size() > 1) {
            policy.problem(
                origin.describe(),
                Use.OUTPUT,
                "is released in more than one way (" + String.join(", ", ways) + ")",
                "release it through one function only");
          }
        });
    return new PolicyReport(aggregate, policy.problems, policy.uses, quasi);
  }

  /**
   * A released result is one aggregate block over one {@code FROM}: two aggregates of one element
   * (branches of a set operation, scalar or {@code IN} subqueries, a grouped derived table joined
   * back) that differ by a small set give that set's value away by difference. Ordering and row
   * limits belong to the final output only: below it they select rows by rank.
   */
  private void blocks(RelNode root) {
    List<RelNode> aggregates = new ArrayList<>();
    List<Sort> sorts = new ArrayList<>();
    collect(root, aggregates, sorts);
    if (aggregates.size() > 1) {
      construct(
          "query",
          "has more than one aggregate block: two aggregates of one element that differ by a small"
              + " set give that set's value away",
          "release one aggregate block over one FROM per element (joins are allowed)");
    } else if (aggregates.size() == 1 && !onTop(root, aggregates.get(0), true)) {
      construct(
          "aggregate in a sub-select, join or set operation",
          "is not allowed: a released result is one aggregate block over one FROM",
          "aggregate once, in the outermost SELECT");
    }
    for (Sort sort : sorts) {
      boolean limited = sort.fetch != null || sort.offset != null;
      if (!onTop(root, sort, false)) {
        construct(
            "ORDER BY, LIMIT, OFFSET or FETCH below the final output",
            "is not allowed: it selects rows by their rank",
            "order and limit only the outermost SELECT");
      } else if (limited && !rowsAreGroups(sort.getInput())) {
        construct(
            "LIMIT, OFFSET or FETCH on a row-level result",
            "is not allowed: it selects rows by their rank",
            "remove it: released rows come in an order that carries no information");
      } else if (!orderedByOutput(root, sort)) {
        construct(
            "ORDER BY",
            "may only order by released output columns",
            "order by columns of the SELECT list");
      }
    }
  }

  private static void collect(RelNode node, List<RelNode> aggregates, List<Sort> sorts) {
    if (node instanceof Aggregate) {
      aggregates.add(node);
    } else if (node instanceof Sort sort) {
      sorts.add(sort);
    }
    node.getInputs().forEach(i -> collect(i, aggregates, sorts));
  }

  /**
   * Whether {@code target} is the outermost block: reached from {@code root} through projections
   * only, and, for an aggregate, also through HAVING filters and the final ordering.
   */
  private static boolean onTop(RelNode root, RelNode target, boolean aggregate) {
    RelNode node = root;
    while (node != target) {
      boolean passes =
          node instanceof Project || aggregate && (node instanceof Filter || node instanceof Sort);
      if (!passes) {
        return false;
      }
      node = node.getInput(0);
    }
    return true;
  }

  /** Whether every sort key of the outermost sort is a field the projections above release. */
  private static boolean orderedByOutput(RelNode root, Sort sort) {
    for (RelFieldCollation key : sort.getCollation().getFieldCollations()) {
      int field = key.getFieldIndex();
      for (RelNode node = sort; node != root; ) {
        RelNode parent = parentOf(root, node);
        if (parent instanceof Project project) {
          field = passedThrough(project, field);
          if (field < 0) {
            return false;
          }
        }
        node = parent;
      }
    }
    return true;
  }

  /** The output field of {@code project} that is its input field {@code field}, or -1. */
  private static int passedThrough(Project project, int field) {
    List<RexNode> projects = project.getProjects();
    for (int i = 0; i < projects.size(); i++) {
      if (projects.get(i) instanceof RexInputRef ref && ref.getIndex() == field) {
        return i;
      }
    }
    return -1;
  }

  private static RelNode parentOf(RelNode root, RelNode child) {
    RelNode node = root;
    while (node.getInput(0) != child) {
      node = node.getInput(0);
    }
    return node;
  }

  private List<Flow> visit(RelNode node, boolean aggregated) {
    if (++nodes > MAX_NODES) {
      if (nodes == MAX_NODES + 1) {
        construct("query", "is too large: more than " + MAX_NODES + " plan nodes", "simplify it");
      }
      return constants(node);
    }
    if (node instanceof TableScan scan) {
      return scan(scan);
    }
    if (node instanceof Filter filter) {
      List<Flow> in = visit(filter.getInput(), aggregated);
      condition(
          filter.getCondition(), in, aggregated || rowsAreGroups(filter.getInput()), Use.FILTER);
      return in;
    }
    if (node instanceof Project project) {
      List<Flow> in = visit(project.getInput(), aggregated);
      boolean context = aggregated || rowsAreGroups(project.getInput());
      List<Flow> out = project.getProjects().stream().map(e -> flowOf(e, in, context)).toList();
      // CORE data may not be touched at all, even in a field no one releases.
      out.forEach(
          f ->
              f.sources().stream().filter(Policy::isCore).forEach(o -> coreProblem(o, Use.OUTPUT)));
      return out;
    }
    if (node instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (node instanceof Join join) {
      return join(join, aggregated);
    }
    if (node instanceof Sort sort) {
      List<Flow> in = visit(sort.getInput(), aggregated);
      boolean groups = aggregated || rowsAreGroups(sort.getInput());
      for (RelFieldCollation key : sort.getCollation().getFieldCollations()) {
        release(in.get(key.getFieldIndex()), Use.ORDER, groups);
      }
      return in;
    }
    if (node instanceof SetOp setOp) {
      return setOp(setOp, aggregated);
    }
    if (node instanceof Values) {
      return constants(node);
    }
    construct(node.getRelTypeName(), "is not allowed in element queries", "rewrite the query");
    return constants(node);
  }

  private List<Flow> scan(TableScan scan) {
    if (++tableReads == MAX_TABLE_READS + 1) {
      construct(
          "query",
          "reads more than " + MAX_TABLE_READS + " tables",
          "read at most " + MAX_TABLE_READS + " tables");
    }
    VaultTable table = scan.getTable().unwrap(VaultTable.class);
    if (table == null) {
      construct("table", "is not a dataset of the element", "read only the spec's datasets");
      return constants(scan);
    }
    Dataset dataset = table.dataset();
    List<Flow> flows = new ArrayList<>();
    for (Column column : table.columns()) {
      Origin origin = new Origin(dataset.name(), column, dataset.schema().isSubject(column));
      floors.put(origin, floor(dataset, column));
      flows.add(Flow.bare(origin));
    }
    return flows;
  }

  /**
   * The finest width a number of {@code column} may be generalized to or compared at: the smallest
   * grid value that is at least {@link #FLOOR_SHARE} of the column's range in the latest version,
   * and coarser than the column's own precision. The range comes from the import's statistics,
   * rounded to the grid, so the floor says no more of the data than its order of magnitude.
   */
  private static BigDecimal floor(Dataset dataset, Column column) {
    BigDecimal precision =
        switch (column.type().kind()) {
          case INT, BIGINT -> BigDecimal.ONE;
          case DECIMAL -> BigDecimal.ONE.movePointLeft(column.type().scale());
          case DOUBLE, BOOLEAN, STRING, DATE, TIMESTAMP -> BigDecimal.ZERO;
        };
    int index = dataset.schema().columns().indexOf(column);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (var batch : dataset.latest().map(DatasetVersion::batches).orElse(List.of())) {
      ColumnStats stats = batch.columns().get(index);
      if (stats.min() != null && stats.max() != null) {
        min = Math.min(min, stats.min());
        max = Math.max(max, stats.max());
      }
    }
    BigDecimal share =
        max > min && Double.isFinite(max - min)
            ? BigDecimal.valueOf(max - min).multiply(FLOOR_SHARE)
            : BigDecimal.ZERO;
    BigDecimal finest = share.compareTo(precision) > 0 ? share : precision.add(precision);
    return finest.signum() == 0 ? BigDecimal.ZERO : Masking.gridAtLeast(finest);
  }

  private List<Flow> aggregate(Aggregate aggregate) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      construct(
          "GROUPING SETS, ROLLUP or CUBE",
          "is not allowed: a subtotal next to suppressed groups reveals them by difference",
          "group by one set of keys per query");
    }
    List<Flow> in = visit(aggregate.getInput(), true);
    List<Flow> out = new ArrayList<>();
    for (int key : aggregate.getGroupSet()) {
      Flow flow = in.get(key);
      release(flow, Use.GROUP, true);
      out.add(flow);
    }
    for (AggregateCall call : aggregate.getAggCallList()) {
      List<Flow> args = call.getArgList().stream().map(in::get).toList();
      if (call.filterArg >= 0) {
        Flow filter = in.get(call.filterArg);
        genericCondition(filter, true, Use.FILTER);
        conditionalAggregate(filter, args);
      }
      aggregateCall(call, args);
      Set<Origin> sources = new HashSet<>();
      args.forEach(f -> sources.addAll(f.sources()));
      out.add(new Flow(Form.AGGREGATED, sources, null));
    }
    return out;
  }

  /**
   * The threshold counts the subjects of the whole group, not the rows a FILTER selects: {@code
   * SUM(income) FILTER (WHERE age = 37)} over a large group returns one person's income, and {@code
   * COUNT(*) FILTER (WHERE income > 100000 AND age = 37)} one bit of it. A FILTER may therefore
   * only select on GENERAL columns, and only for aggregates of GENERAL columns.
   */
  private void conditionalAggregate(Flow filter, List<Flow> args) {
    Set<Origin> protectedSources = new LinkedHashSet<>();
    filter.sources().stream().filter(o -> !isGeneral(o)).forEach(protectedSources::add);
    args.forEach(
        a -> a.sources().stream().filter(o -> !isGeneral(o)).forEach(protectedSources::add));
    for (Origin origin : protectedSources) {
      problem(
          origin.describe(),
          Use.AGGREGATE,
          "may not be aggregated conditionally: the threshold counts the whole group, not the rows"
              + " a FILTER selects",
          "filter in WHERE or group by the condition");
    }
  }

  private static boolean isGeneral(Origin origin) {
    return origin.column().level() == Level.GENERAL;
  }

  private static boolean isCore(Origin origin) {
    return origin.column().level() == Level.CORE;
  }

  private void aggregateCall(AggregateCall call, List<Flow> args) {
    String name = call.getAggregation().getName();
    Role role = FunctionCatalog.of(call.getAggregation()).map(FunctionCatalog::role).orElse(null);
    boolean count = call.getAggregation().getKind() == SqlKind.COUNT;
    if (role != Role.AGGREGATE && role != Role.MEMBER_AGGREGATE) {
      construct("aggregate " + name, "is not on the allow-list", "use COUNT, SUM or AVG");
    }
    if (call.isDistinct() && !count) {
      construct(
          name + "(DISTINCT …)",
          "is not allowed: each person's contribution is combined before it counts",
          "drop DISTINCT");
    }
    for (Flow arg : args) {
      for (Origin origin : arg.sources()) {
        use(origin, Use.AGGREGATE);
        Column column = origin.column();
        if (column.level() == Level.CORE) {
          problem(
              origin.describe(),
              Use.AGGREGATE,
              "may not be used: CORE data needs an explicit grant",
              "remove it from the query");
        } else if (call.isDistinct() && count && !origin.subject()) {
          // One person with many distinct values (visit dates, clinics) would count many times,
          // beyond what flattening bounds: distinct counts count people.
          problem(
              origin.describe(),
              Use.AGGREGATE,
              "may be counted distinct only if it is the subject column: one person's many"
                  + " distinct values would each count",
              "count the subject, COUNT(DISTINCT subject), or group by the column");
        } else if (origin.subject() && !(count && arg.bareSource() != null)) {
          problem(
              origin.describe(),
              Use.AGGREGATE,
              "may only be counted: the subject column may not be computed with",
              "use COUNT(DISTINCT " + column.name() + ")");
        } else if (role == Role.MEMBER_AGGREGATE) {
          // Even a GENERAL extreme is one person's value: a condition on another column that
          // admits or drops that person moves it, and bisecting the condition reads them out.
          problem(
              origin.describe(),
              Use.AGGREGATE,
              "may not be aggregated with "
                  + name
                  + ": it returns one person's value, which a condition on another column can"
                  + " bisect",
              "use COUNT, SUM or AVG, or count the groups of bucket(" + column.name() + ", …)");
        } else if (column.level() != Level.GENERAL && arg.bareSource() == null) {
          // SUM(CASE WHEN age = 37 THEN income ELSE 0 END), SUM(income * 1e9) or
          // COUNT(DISTINCT SUBSTRING(phone, 1, 7)) select, weight or reshape one person's value.
          problem(
              origin.describe(),
              Use.AGGREGATE,
              "may be aggregated only as a bare column: an expression can select or weight one"
                  + " person's value inside a large group",
              "aggregate the column itself; filter in WHERE or group by the condition");
        } else if (!count
            && column.level() != Level.GENERAL
            && IDENTIFIERS.contains(column.pii())) {
          problem(
              origin.describe(),
              Use.AGGREGATE,
              "may only be counted: an identifier is not a quantity to sum or average",
              "use COUNT(DISTINCT " + column.name() + ")");
        }
      }
    }
  }

  private List<Flow> join(Join join, boolean aggregated) {
    List<Flow> left = visit(join.getLeft(), aggregated);
    List<Flow> right = visit(join.getRight(), aggregated);
    List<Flow> all = new ArrayList<>(left);
    all.addAll(right);
    List<RexNode> conjuncts = RelOptUtil.conjunctions(join.getCondition());
    if (conjuncts.isEmpty() || join.getCondition().isAlwaysTrue()) {
      construct(
          "cross join",
          "is not allowed",
          "join on equality of the datasets' subject columns or of columns with the same PII type");
    }
    for (RexNode conjunct : conjuncts) {
      joinKey(conjunct, all, left.size());
    }
    return join.getJoinType().projectsRight() ? all : left;
  }

  private void joinKey(RexNode conjunct, List<Flow> flows, int leftCount) {
    if (conjunct.isAlwaysTrue()) {
      return;
    }
    if ((conjunct.getKind() == SqlKind.EQUALS || conjunct.getKind() == SqlKind.IS_NOT_DISTINCT_FROM)
        && conjunct instanceof RexCall call
        && stripCasts(call.getOperands().get(0)) instanceof RexInputRef a
        && stripCasts(call.getOperands().get(1)) instanceof RexInputRef b
        && (a.getIndex() < leftCount) != (b.getIndex() < leftCount)) {
      if (maskedAlike(flows.get(a.getIndex()), flows.get(b.getIndex()))) {
        return;
      }
      Origin x = flows.get(a.getIndex()).bareSource();
      Origin y = flows.get(b.getIndex()).bareSource();
      if (x != null && y != null) {
        use(x, Use.JOIN);
        use(y, Use.JOIN);
        if (isCore(x) || isCore(y)) {
          coreProblem(isCore(x) ? x : y, Use.JOIN);
          return;
        }
        boolean subjects = x.subject() && y.subject();
        boolean samePii = x.column().pii() == y.column().pii() && x.column().pii() != PiiType.NONE;
        if (subjects || samePii) {
          return;
        }
        problem(
            x.describe() + " = " + y.describe(),
            Use.JOIN,
            "is not an allowed join key: joins are only on equality of subject columns or of"
                + " columns with the same PII type",
            "join on the datasets' subject columns");
        return;
      }
    }
    List<Flow> operands = new ArrayList<>();
    conjunct.accept(
        new org.apache.calcite.rex.RexVisitorImpl<Void>(true) {
          @Override
          public Void visitInputRef(RexInputRef ref) {
            operands.add(flows.get(ref.getIndex()));
            return null;
          }
        });
    operands.forEach(f -> f.sources().forEach(o -> use(o, Use.JOIN)));
    construct(
        "join condition",
        "is not allowed: joins are only on equality of subject columns or of columns with the"
            + " same PII type",
        "join on the datasets' subject columns and filter in WHERE");
  }

  /**
   * Whether two join keys are the same masking or pseudonym function over one column each of the
   * same PII type: {@code pseudonym(a.id_card) = pseudonym(b.id_card)} is the join on the columns.
   */
  private boolean maskedAlike(Flow x, Flow y) {
    if (x.form() != Form.MASKED
        || y.form() != Form.MASKED
        || x.function() == null
        || !x.function().equals(y.function())
        || x.sources().size() != 1
        || y.sources().size() != 1) {
      return false;
    }
    Origin a = x.sources().iterator().next();
    Origin b = y.sources().iterator().next();
    boolean samePii = a.column().pii() == b.column().pii() && a.column().pii() != PiiType.NONE;
    if (samePii) {
      use(a, Use.JOIN);
      use(b, Use.JOIN);
    }
    return samePii;
  }

  private List<Flow> setOp(SetOp setOp, boolean aggregated) {
    List<List<Flow>> branches = setOp.getInputs().stream().map(i -> visit(i, aggregated)).toList();
    List<Flow> out = new ArrayList<>();
    for (int i = 0; i < setOp.getRowType().getFieldCount(); i++) {
      int field = i;
      out.add(Flow.merge(branches.stream().map(b -> b.get(field)).toList()));
    }
    if (setOp instanceof Intersect || setOp instanceof Minus) {
      // Membership in another branch is a condition on every field.
      boolean groups = aggregated || rowsAreGroups(setOp);
      branches.forEach(b -> b.forEach(f -> genericCondition(f, groups, Use.FILTER)));
    }
    return out;
  }

  private Flow flowOf(RexNode node, List<Flow> in, boolean aggregated) {
    if (node instanceof RexInputRef ref) {
      return in.get(ref.getIndex());
    }
    if (node instanceof RexLiteral) {
      return Flow.CONSTANT;
    }
    if (node instanceof RexOver) {
      construct("window function", "is not allowed in element queries", "use GROUP BY");
      return Flow.CONSTANT;
    }
    if (!(node instanceof RexCall call)) {
      construct("expression " + node.getKind(), "is not allowed in element queries", "rewrite it");
      return Flow.CONSTANT;
    }
    Optional<FunctionCatalog> entry = FunctionCatalog.of(call.getOperator());
    if (entry.isEmpty()) {
      construct(
          "function " + call.getOperator().getName(),
          "is not on the allow-list",
          "use the functions of DESIGN.md");
      return Flow.CONSTANT;
    }
    return switch (entry.get().role()) {
      case MASK, PSEUDONYMIZE, GENERALIZE -> protectingCall(call, in, entry.get(), aggregated);
      case CONDITION -> {
        condition(call, in, aggregated, Use.FILTER);
        yield conditionFlow(call, in);
      }
      case CAST -> cast(call, in, aggregated);
      case CASE -> caseFlow(call, in, aggregated);
      case COMPUTE -> computation(call, in, entry.get(), aggregated);
      case AGGREGATE, MEMBER_AGGREGATE -> {
        construct(
            "aggregate " + call.getOperator().getName(), "is not allowed here", "use GROUP BY");
        yield Flow.CONSTANT;
      }
    };
  }

  /**
   * A cast that can fail on some value is refused (a job must not fail because of a row the
   * threshold suppresses); one that keeps every value of a bare column is still the column; any
   * other cast changes what the value is ({@code CAST(phone AS VARCHAR(3))}) and is a computation.
   */
  private Flow cast(RexCall call, List<Flow> in, boolean aggregated) {
    RexNode operand = call.getOperands().get(0);
    Flow flow = flowOf(operand, in, aggregated);
    if (flow.form() == Form.CONSTANT) {
      if (operand instanceof RexLiteral literal && !converts(literal, call.getType())) {
        // Fails in generated code, whatever the data: refused here with the rule, not the text.
        construct(
            "CAST of a constant to " + call.getType().getSqlTypeName(),
            "fails: the constant is not a value of that type",
            "write the constant in the type it is compared with");
      }
      return flow;
    }
    if (!FunctionCatalog.isTotalCast(operand.getType(), call.getType())) {
      construct(
          "CAST from "
              + operand.getType().getSqlTypeName()
              + " to "
              + call.getType().getSqlTypeName(),
          "is not allowed: it fails on some values, and a job must not fail because of a row the"
              + " threshold suppresses",
          "compare and compute in the column's own type");
      return Flow.raw(flow.sources());
    }
    return FunctionCatalog.isLossless(operand.getType(), call.getType())
        ? flow
        : Flow.computed(List.of(flow));
  }

  /** Whether a text constant converts to {@code type}; other constants are the planner's. */
  private static boolean converts(RexLiteral literal, RelDataType type) {
    if (!SqlTypeName.CHAR_TYPES.contains(literal.getType().getSqlTypeName())) {
      return true;
    }
    String text = literal.getValueAs(String.class);
    if (text == null) {
      return true;
    }
    String value = text.trim();
    try {
      switch (type.getSqlTypeName()) {
        case TINYINT, SMALLINT, INTEGER, BIGINT -> Long.parseLong(value);
        case DECIMAL, DOUBLE, FLOAT, REAL -> new BigDecimal(value);
        case DATE -> LocalDate.parse(value);
        case BOOLEAN -> {
          return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
        }
        default -> {}
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Flow caseFlow(RexCall call, List<Flow> in, boolean aggregated) {
    List<RexNode> operands = call.getOperands();
    List<Flow> values = new ArrayList<>();
    Set<Origin> conditionSources = new HashSet<>();
    for (int i = 0; i < operands.size(); i++) {
      boolean isCondition = i % 2 == 0 && i < operands.size() - 1;
      if (isCondition) {
        condition(operands.get(i), in, aggregated, Use.FILTER);
        conditionSources.addAll(conditionFlow(operands.get(i), in).sources());
      } else {
        values.add(flowOf(operands.get(i), in, aggregated));
      }
    }
    Flow value = Flow.computed(values);
    Set<Origin> all = new HashSet<>(value.sources());
    all.addAll(conditionSources);
    if (value.form() == Form.CONSTANT && !conditionSources.isEmpty()) {
      // Constants chosen by checked conditions: a generalization of the condition's columns.
      return new Flow(generalizedOrRaw(conditionSources), conditionSources, null);
    }
    return value.form() == Form.AGGREGATED && conditionSources.isEmpty() ? value : Flow.raw(all);
  }

  private Flow computation(RexCall call, List<Flow> in, FunctionCatalog entry, boolean aggregated) {
    if (entry.totality() == FunctionCatalog.Totality.CONSTANT_ARGUMENTS) {
      constantArguments(call, entry);
    }
    List<Flow> operands = call.getOperands().stream().map(o -> flowOf(o, in, aggregated)).toList();
    for (Flow operand : operands) {
      for (Origin origin : operand.sources()) {
        if (origin.subject() && operand.form() != Form.AGGREGATED) {
          problem(
              origin.describe(),
              Use.OUTPUT,
              "may not be computed with: it is the subject column",
              "use it only in COUNT(DISTINCT " + origin.column().name() + ") or mask it");
        }
      }
    }
    return Flow.computed(operands);
  }

  /**
   * {@code SUBSTRING} fails on a negative length and {@code LIKE} on a malformed pattern: they run
   * only with constants after their first argument, checked here rather than row by row.
   */
  private void constantArguments(RexCall call, FunctionCatalog entry) {
    for (RexNode operand : call.getOperands().subList(1, call.getOperands().size())) {
      if (!(stripCasts(operand) instanceof RexLiteral literal)
          || entry == FunctionCatalog.SUBSTRING && negative(literal)) {
        construct(
            entry.sqlName(),
            "takes constants after its first argument (non-negative positions and lengths, a"
                + " literal pattern): otherwise it can fail on some rows",
            "pass literals");
        return;
      }
    }
  }

  private static boolean negative(RexLiteral literal) {
    BigDecimal value = literal.getValueAs(BigDecimal.class);
    return value != null && value.signum() < 0;
  }

  /** A condition that passed its checks hides its columns behind one bit on the grid. */
  private static Flow conditionFlow(RexNode condition, List<Flow> in) {
    Set<Origin> sources = new HashSet<>();
    condition.accept(
        new org.apache.calcite.rex.RexVisitorImpl<Void>(true) {
          @Override
          public Void visitInputRef(RexInputRef ref) {
            sources.addAll(in.get(ref.getIndex()).sources());
            return null;
          }
        });
    if (sources.isEmpty()) {
      return Flow.CONSTANT;
    }
    return new Flow(generalizedOrRaw(sources), sources, null);
  }

  private static Form generalizedOrRaw(Set<Origin> sources) {
    return sources.stream().allMatch(o -> o.column().level() == Level.GENERAL)
        ? Form.RAW
        : Form.GENERALIZED;
  }

  /**
   * A masking, pseudonym or generalization function: its one column argument must be a bare column
   * it fits — never a literal ({@code pseudonym('some name')} computes a pseudonym to look for), an
   * expression or a cast (a generalization may take a cast that keeps every value, as the planner
   * inserts) — and its width or unit a constant no finer than the column's floor.
   */
  private Flow protectingCall(
      RexCall call, List<Flow> in, FunctionCatalog entry, boolean aggregated) {
    String name = entry.sqlName();
    RexNode argument = call.getOperands().get(0);
    if (entry.role() == Role.GENERALIZE) {
      argument = stripCasts(argument);
    }
    Flow flow = flowOf(argument, in, aggregated);
    Origin origin = argument instanceof RexInputRef ? flow.bareSource() : null;
    if (origin == null) {
      construct(
          name + "()",
          "takes one bare column of its type, not a constant, a cast or an expression",
          "apply it directly to a column");
      return Flow.raw(flow.sources());
    }
    if (!entry.fits(origin.column())) {
      problem(
          origin.describe(),
          Use.OUTPUT,
          "does not fit " + name + "()",
          FunctionCatalog.maskFor(origin.column())
              .map(m -> "use " + m.sqlName() + "()")
              .orElse("use a function fit for its type"));
      return Flow.raw(flow.sources());
    }
    if (!widthAllowed(call, entry, origin)) {
      return Flow.raw(flow.sources());
    }
    Form form = entry.role() == Role.GENERALIZE ? Form.GENERALIZED : Form.MASKED;
    return new Flow(form, Set.of(origin), name);
  }

  /** Checks a generalization's constant width or unit; false if it lets the raw value through. */
  private boolean widthAllowed(RexCall call, FunctionCatalog entry, Origin origin) {
    String name = entry.sqlName();
    List<RexNode> parameters = call.getOperands().subList(1, call.getOperands().size());
    for (RexNode parameter : parameters) {
      if (!(stripCasts(parameter) instanceof RexLiteral)) {
        construct(name + "()", "takes a constant after its column", "pass a literal width or unit");
        return false;
      }
    }
    if (parameters.isEmpty()) {
      return true;
    }
    RexLiteral literal = (RexLiteral) stripCasts(parameters.get(0));
    FunctionCatalog.Width width = entry.width().orElse(FunctionCatalog.Width.NONE);
    boolean gridWidth =
        width == FunctionCatalog.Width.YEARS || width == FunctionCatalog.Width.NUMBER;
    BigDecimal value = gridWidth ? literal.getValueAs(BigDecimal.class) : null;
    if (gridWidth && (value == null || value.signum() <= 0 || !onGrid(literal.getValue()))) {
      construct(
          name + "()",
          "takes a width on the grid of 1, 2 or 5 × 10ⁿ",
          "use a width such as 5, 10, 1000 or 5000");
      return false;
    }
    switch (width) {
      case NONE, YEARS -> {}
      case DATE_UNIT -> {
        if (!truncationUnit(literal)) {
          construct("truncate_date()", "takes the unit 'YEAR' or 'MONTH'", "use 'YEAR' or 'MONTH'");
          return false;
        }
      }
      case NUMBER -> {
        if (isGeneral(origin)) {
          return true;
        }
        BigDecimal floor = floorOf(origin);
        if (java.util.Objects.requireNonNull(value).compareTo(floor) < 0) {
          // bucket(x, 1) of an integer, or bucket(income, 0.01) of cents, is x itself; and a
          // width far below the column's range comes close to it.
          problem(
              origin.describe(),
              Use.OUTPUT,
              "may be bucketed only with a width of at least "
                  + floor.toPlainString()
                  + " (coarser than its precision and at least 1/1000 of its range, on the grid)",
              "use bucket(" + origin.column().name() + ", " + floor.toPlainString() + ") or wider");
          return false;
        }
      }
    }
    return true;
  }

  private BigDecimal floorOf(Origin origin) {
    return floors.getOrDefault(origin, BigDecimal.ZERO);
  }

  private static boolean truncationUnit(RexLiteral literal) {
    String unit = literal.getValueAs(String.class);
    return unit != null && (unit.equalsIgnoreCase("YEAR") || unit.equalsIgnoreCase("MONTH"));
  }

  private void condition(RexNode node, List<Flow> in, boolean aggregated, Use use) {
    if (!(node instanceof RexCall call)) {
      genericCondition(flowOf(node, in, aggregated), aggregated, use);
      return;
    }
    SqlKind kind = call.getKind();
    FunctionCatalog.of(call.getOperator())
        .filter(e -> e.totality() == FunctionCatalog.Totality.CONSTANT_ARGUMENTS)
        .ifPresent(e -> constantArguments(call, e));
    switch (kind) {
      case AND, OR, NOT, IS_TRUE, IS_FALSE, IS_NOT_TRUE, IS_NOT_FALSE -> {
        for (RexNode operand : call.getOperands()) {
          condition(operand, in, aggregated, use);
        }
        return;
      }
      default -> {}
    }
    if ((kind == SqlKind.IS_NULL || kind == SqlKind.IS_NOT_NULL)
        && stripCasts(call.getOperands().get(0)) instanceof RexInputRef ref
        && in.get(ref.getIndex()).bareSource() != null) {
      // Whether a value is missing is one coarse bit, like a comparison on the grid.
      gridAtom(in.get(ref.getIndex()).bareSource(), true, aggregated, use);
      return;
    }
    if (COMPARISONS.contains(kind) || kind == SqlKind.EQUALS || kind == SqlKind.NOT_EQUALS) {
      ownGrid(
          stripCasts(call.getOperands().get(0)), stripCasts(call.getOperands().get(1)), in, use);
      ownGrid(
          stripCasts(call.getOperands().get(1)), stripCasts(call.getOperands().get(0)), in, use);
    }
    if (COMPARISONS.contains(kind)) {
      RexNode left = stripCasts(call.getOperands().get(0));
      RexNode right = stripCasts(call.getOperands().get(1));
      if (gridComparison(left, right, in, aggregated, use)
          || gridComparison(right, left, in, aggregated, use)) {
        return;
      }
    }
    if (kind == SqlKind.SEARCH
        && stripCasts(call.getOperands().get(0)) instanceof RexInputRef ref
        && call.getOperands().get(1) instanceof RexLiteral literal) {
      Origin origin = in.get(ref.getIndex()).bareSource();
      Sarg<?> sarg = literal.getValueAs(Sarg.class);
      if (origin != null && sarg != null && origin.column().level() != Level.GENERAL) {
        boolean grid = !sarg.isPoints() && sarg.pointCount == 0;
        for (var range : sarg.rangeSet.asRanges()) {
          if (range.hasLowerBound() && !onColumnGrid(origin, range.lowerEndpoint())) {
            grid = false;
          }
          if (range.hasUpperBound() && !onColumnGrid(origin, range.upperEndpoint())) {
            grid = false;
          }
        }
        gridAtom(origin, grid, aggregated, use);
        return;
      }
    }
    for (RexNode operand : call.getOperands()) {
      if (operand instanceof RexCall inner && isCondition(inner)) {
        condition(inner, in, aggregated, use);
      } else {
        genericCondition(flowOf(operand, in, aggregated), aggregated, use);
      }
    }
  }

  private boolean gridComparison(
      RexNode column, RexNode constant, List<Flow> in, boolean aggregated, Use use) {
    if (!(column instanceof RexInputRef ref) || !(constant instanceof RexLiteral literal)) {
      return false;
    }
    Origin origin = in.get(ref.getIndex()).bareSource();
    if (origin == null) {
      return false;
    }
    gridAtom(origin, onColumnGrid(origin, literal.getValue()), aggregated, use);
    return true;
  }

  /**
   * Whether a constant compared with a raw column is coarse: on the grid and, for numbers, a
   * multiple of the column's floor, so two bounds cannot fence a window narrower than the floor.
   */
  private boolean onColumnGrid(Origin origin, @Nullable Comparable<?> value) {
    if (!onGrid(value)) {
      return false;
    }
    BigDecimal floor = floorOf(origin);
    return !(value instanceof BigDecimal number)
        || floor.signum() == 0
        || number.remainder(floor).signum() == 0;
  }

  /**
   * A generalized value is compared only with constants on its own grid: {@code bucket(income,
   * 1000) = 53000}, {@code truncate_date(d, 'MONTH') >= DATE '2024-03-01'}.
   */
  private void ownGrid(RexNode generalized, RexNode constant, List<Flow> in, Use use) {
    if (!(generalized instanceof RexCall call)
        || !(constant instanceof RexLiteral literal)
        || call.getOperands().size() < 2
        || !(stripCasts(call.getOperands().get(1)) instanceof RexLiteral width)) {
      return;
    }
    FunctionCatalog entry = FunctionCatalog.of(call.getOperator()).orElse(null);
    if (entry != FunctionCatalog.BUCKET && entry != FunctionCatalog.TRUNCATE_DATE) {
      return;
    }
    boolean onOwnGrid;
    if (entry == FunctionCatalog.BUCKET) {
      BigDecimal step = width.getValueAs(BigDecimal.class);
      BigDecimal value = literal.getValueAs(BigDecimal.class);
      onOwnGrid =
          step != null && step.signum() > 0 && value != null && value.remainder(step).signum() == 0;
    } else {
      boolean years = "YEAR".equalsIgnoreCase(width.getValueAs(String.class));
      DateString date = literal.getValueAs(DateString.class);
      LocalDate day = date == null ? null : LocalDate.ofEpochDay(date.getDaysSinceEpoch());
      onOwnGrid = day != null && day.getDayOfMonth() == 1 && (!years || day.getMonthValue() == 1);
    }
    if (!onOwnGrid) {
      Flow flow = flowOf(call, in, true);
      String subject =
          flow.sources().isEmpty()
              ? entry.sqlName() + "()"
              : flow.sources().iterator().next().describe();
      problem(
          subject,
          use,
          "may be compared after " + entry.sqlName() + "() only with constants on its own grid",
          entry == FunctionCatalog.BUCKET
              ? "compare with a multiple of the bucket width"
              : "compare with the first day of a month or year");
    }
  }

  /** A source column compared with constants: {@code onGrid} says whether they are all coarse. */
  private void gridAtom(Origin origin, boolean onGrid, boolean aggregated, Use use) {
    use(origin, use);
    Column column = origin.column();
    if (origin.subject()) {
      problem(
          origin.describe(),
          use,
          "may not be filtered on: it is the subject column",
          "remove the condition");
    } else if (column.level() == Level.GENERAL) {
      return;
    } else if (column.level() == Level.CORE) {
      coreProblem(origin, use);
    } else if (origin.isText()) {
      problem(
          origin.describe(),
          use,
          "may not be filtered on: " + column.level() + " text is never a condition",
          generalizationFix(column, "filter on a GENERAL column instead"));
    } else if (!aggregated) {
      problem(
          origin.describe(),
          use,
          "may be filtered on only in aggregate queries",
          "aggregate the result, or filter on a GENERAL column");
    } else if (!onGrid) {
      problem(
          origin.describe(),
          use,
          "may be compared only with constants on the grid (1, 2 or 5 × 10ⁿ; whole years or"
              + " months)",
          "use a bound such as 50000, or " + generalizationFix(column, "a coarser constant"));
    }
  }

  private void genericCondition(Flow flow, boolean aggregated, Use use) {
    for (Origin origin : flow.sources()) {
      use(origin, use);
      Column column = origin.column();
      if (column.level() == Level.CORE) {
        coreProblem(origin, use);
      } else if (flow.form() == Form.AGGREGATED || flow.form() == Form.CONSTANT) {
        continue;
      } else if (origin.subject()) {
        problem(
            origin.describe(),
            use,
            "may not be filtered on: it is the subject column",
            "remove the condition");
      } else if (column.level() == Level.GENERAL) {
        continue;
      } else if (flow.form() == Form.MASKED) {
        problem(
            origin.describe(),
            use,
            "may not be compared once masked or pseudonymized: compared with a constant it picks"
                + " out one person",
            "output it or group by it instead");
      } else if (flow.form() == Form.RAW) {
        problem(
            origin.describe(),
            use,
            "may be filtered on only through a generalization function, or by comparing it with"
                + " constants on the grid in an aggregate query",
            generalizationFix(column, "filter on a GENERAL column instead"));
      } else if (!aggregated) {
        problem(
            origin.describe(),
            use,
            "may be filtered on only in aggregate queries",
            "aggregate the result, or filter on a GENERAL column");
      }
    }
  }

  /** Checks a value the query releases (as output, group key or ordering). */
  private void release(Flow flow, Use use, boolean aggregateQuery) {
    String verb =
        switch (use) {
          case GROUP -> "grouped by";
          case ORDER -> "ordered by";
          default -> "output";
        };
    for (Origin origin : flow.sources()) {
      if (flow.form() != Form.AGGREGATED) {
        use(origin, use); // an aggregate's sources are recorded once, as AGGREGATE
      }
      Column column = origin.column();
      if (column.level() == Level.CORE) {
        coreProblem(origin, use);
        continue;
      }
      switch (flow.form()) {
        case CONSTANT, AGGREGATED -> {}
        case RAW -> {
          if (column.level() != Level.GENERAL) {
            problem(origin.describe(), use, "may not be " + verb + " raw", rawFix(column));
          }
        }
        case MASKED -> {
          if (column.level().isAbove(Level.SENSITIVE)) {
            problem(
                origin.describe(),
                use,
                "may not be "
                    + verb
                    + " even masked: "
                    + column.level()
                    + " data leaves only in"
                    + " aggregates",
                "use it only inside COUNT, SUM or AVG");
          }
        }
        case GENERALIZED -> {
          if (column.level().isAbove(Level.SENSITIVE) && !aggregateQuery) {
            problem(
                origin.describe(),
                use,
                "may be " + verb + " generalized only in aggregate queries",
                "aggregate the result");
          }
        }
      }
    }
  }

  private static String rawFix(Column column) {
    if (column.level() == Level.SENSITIVE) {
      Optional<FunctionCatalog> mask = FunctionCatalog.maskFor(column);
      if (mask.isPresent()) {
        return "use " + mask.get().sqlName() + "()";
      }
      return generalizationFix(column, "aggregate it");
    }
    return FunctionCatalog.generalizationFor(column)
        .map(g -> "use it only inside COUNT, SUM or AVG, or group by " + g.sqlName() + "()")
        .orElse("use it only inside COUNT, SUM or AVG");
  }

  private static String generalizationFix(Column column, String otherwise) {
    return FunctionCatalog.generalizationFor(column)
        .map(g -> "generalize it with " + g.sqlName() + "()")
        .orElse(otherwise);
  }

  private void coreProblem(Origin origin, Use use) {
    problem(
        origin.describe(),
        use,
        "may not be used: CORE data needs an explicit grant",
        "remove it from the query");
  }

  private void problem(String subject, Use use, String rule, String fix) {
    Problem problem = new Problem(subject, use.name().toLowerCase(Locale.ROOT), rule, fix);
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }

  private void construct(String subject, String rule, String fix) {
    Problem problem = new Problem(subject, null, rule, fix);
    if (!problems.contains(problem)) {
      problems.add(problem);
    }
  }

  private void use(Origin origin, Use use) {
    uses.computeIfAbsent(origin, o -> EnumSet.noneOf(Use.class)).add(use);
  }

  private static List<Flow> constants(RelNode node) {
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < node.getRowType().getFieldCount(); i++) {
      flows.add(Flow.CONSTANT);
    }
    return flows;
  }

  /** Whether every row {@code node} yields is a group (or a constant), never a row of data. */
  static boolean rowsAreGroups(RelNode node) {
    if (node instanceof Aggregate || node instanceof Values) {
      return true;
    }
    if (node instanceof Project || node instanceof Filter || node instanceof Sort) {
      return rowsAreGroups(node.getInput(0));
    }
    if (node instanceof SetOp) {
      return node.getInputs().stream().allMatch(Policy::rowsAreGroups);
    }
    return false;
  }

  private static boolean isCondition(RexCall call) {
    return FunctionCatalog.of(call.getOperator())
        .map(e -> e.role() == Role.CONDITION)
        .orElse(false);
  }

  /**
   * Strips the casts that can never fail and keep what a value is (the planner's widenings); a cast
   * that can fail stays, for {@link #cast} to refuse.
   */
  private static RexNode stripCasts(RexNode node) {
    RexNode current = node;
    while (current.getKind() == SqlKind.CAST
        && current instanceof RexCall call
        && FunctionCatalog.isTotalCast(call.getOperands().get(0).getType(), call.getType())
        && FunctionCatalog.keepsKind(call.getOperands().get(0).getType(), call.getType())) {
      current = call.getOperands().get(0);
    }
    return current;
  }

  /**
   * Whether a comparison constant is on the generalization grid: a number 0 or ±1, 2 or 5 × 10ⁿ; a
   * date on the first of a month; a timestamp at midnight on the first of a month.
   */
  static boolean onGrid(@Nullable Comparable<?> value) {
    if (value instanceof BigDecimal number) {
      return Masking.isOnGrid(number);
    }
    if (value instanceof DateString date) {
      return LocalDate.ofEpochDay(date.getDaysSinceEpoch()).getDayOfMonth() == 1;
    }
    if (value instanceof TimestampString timestamp) {
      LocalDateTime time =
          LocalDateTime.ofEpochSecond(
              Math.floorDiv(timestamp.getMillisSinceEpoch(), 1000L), 0, ZoneOffset.UTC);
      return time.getDayOfMonth() == 1 && time.toLocalTime().toSecondOfDay() == 0;
    }
    if (value instanceof java.util.Calendar calendar) {
      return onGrid(DateString.fromCalendarFields(calendar));
    }
    return false;
  }
}
