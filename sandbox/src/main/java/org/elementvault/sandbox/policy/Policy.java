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
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimestampString;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.PiiType;
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

  /** Aggregates over any group of at least k subjects, which release no single value. */
  private static final Set<SqlKind> ADDITIVE =
      EnumSet.of(
          SqlKind.COUNT,
          SqlKind.SUM,
          SqlKind.SUM0,
          SqlKind.AVG,
          SqlKind.STDDEV_POP,
          SqlKind.STDDEV_SAMP,
          SqlKind.VAR_POP,
          SqlKind.VAR_SAMP);

  /** Aggregates that return one member's value: allowed on GENERAL columns only. */
  private static final Set<SqlKind> SINGLE_PERSON =
      EnumSet.of(
          SqlKind.MIN,
          SqlKind.MAX,
          SqlKind.ANY_VALUE,
          SqlKind.SINGLE_VALUE,
          SqlKind.LISTAGG,
          SqlKind.MODE,
          SqlKind.FIRST_VALUE,
          SqlKind.LAST_VALUE,
          SqlKind.PERCENTILE_CONT,
          SqlKind.PERCENTILE_DISC,
          SqlKind.COLLECT,
          SqlKind.ARRAY_AGG);

  private static final Set<SqlKind> COMPARISONS =
      EnumSet.of(
          SqlKind.LESS_THAN,
          SqlKind.LESS_THAN_OR_EQUAL,
          SqlKind.GREATER_THAN,
          SqlKind.GREATER_THAN_OR_EQUAL);

  private static final Set<SqlKind> CONDITIONS =
      EnumSet.of(
          SqlKind.AND,
          SqlKind.OR,
          SqlKind.NOT,
          SqlKind.EQUALS,
          SqlKind.NOT_EQUALS,
          SqlKind.LESS_THAN,
          SqlKind.LESS_THAN_OR_EQUAL,
          SqlKind.GREATER_THAN,
          SqlKind.GREATER_THAN_OR_EQUAL,
          SqlKind.IS_NULL,
          SqlKind.IS_NOT_NULL,
          SqlKind.IS_TRUE,
          SqlKind.IS_FALSE,
          SqlKind.IS_NOT_TRUE,
          SqlKind.IS_NOT_FALSE,
          SqlKind.IS_DISTINCT_FROM,
          SqlKind.IS_NOT_DISTINCT_FROM,
          SqlKind.SEARCH,
          SqlKind.LIKE);

  /** Scalar operators that compute without hiding anything: the result is as raw as the inputs. */
  private static final Set<SqlKind> COMPUTATIONS =
      EnumSet.of(
          SqlKind.PLUS,
          SqlKind.MINUS,
          SqlKind.TIMES,
          SqlKind.DIVIDE,
          SqlKind.MOD,
          SqlKind.MINUS_PREFIX,
          SqlKind.PLUS_PREFIX,
          SqlKind.CAST,
          SqlKind.COALESCE,
          SqlKind.NULLIF,
          SqlKind.TRIM,
          SqlKind.FLOOR,
          SqlKind.CEIL,
          SqlKind.EXTRACT);

  /** Named scalar functions on the allow-list (the validator knows no others). */
  private static final Set<String> FUNCTIONS =
      Set.of(
          "||",
          "SUBSTRING",
          "UPPER",
          "LOWER",
          "CHAR_LENGTH",
          "CHARACTER_LENGTH",
          "ABS",
          "ROUND",
          "POSITION");

  private final List<Problem> problems = new ArrayList<>();
  private final Map<Origin, Set<Use>> uses = new LinkedHashMap<>();
  private int tableReads;
  private int nodes;

  private Policy() {}

  /** Checks the plan of one element query. */
  public static PolicyReport check(RelNode root) {
    Policy policy = new Policy();
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
      flows.add(Flow.bare(origin));
    }
    return flows;
  }

  private List<Flow> aggregate(Aggregate aggregate) {
    if (contains(aggregate.getInput(), Aggregate.class)) {
      construct(
          "aggregate over aggregated rows",
          "is not allowed: the threshold counts the subjects of one level of grouping",
          "aggregate once, over the datasets' rows");
    }
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
    SqlKind kind = call.getAggregation().getKind();
    String name = call.getAggregation().getName();
    boolean additive = ADDITIVE.contains(kind);
    if (!additive && !SINGLE_PERSON.contains(kind)) {
      construct("aggregate " + name, "is not on the allow-list", "use COUNT, SUM or AVG");
    }
    for (Flow arg : args) {
      for (Origin origin : arg.sources()) {
        use(origin, Use.AGGREGATE);
        if (origin.column().level() == Level.CORE) {
          problem(
              origin.describe(),
              Use.AGGREGATE,
              "may not be used: CORE data needs an explicit grant",
              "remove it from the query");
        } else if (origin.subject() && !(kind == SqlKind.COUNT && arg.bareSource() != null)) {
          problem(
              origin.describe(),
              Use.AGGREGATE,
              "may only be counted: the subject column may not be computed with",
              "use COUNT(DISTINCT " + origin.column().name() + ")");
        } else if (SINGLE_PERSON.contains(kind) && origin.column().level() != Level.GENERAL) {
          problem(
              origin.describe(),
              Use.AGGREGATE,
              "may not be aggregated with " + name + ": it returns one person's value",
              "use COUNT, SUM or AVG");
        } else if (origin.column().level() != Level.GENERAL && arg.bareSource() == null) {
          // SUM(CASE WHEN age = 37 THEN income ELSE 0 END) or SUM(income * CASE ... 1e9 ...)
          // selects or weights one person's value inside a group the threshold passes.
          problem(
              origin.describe(),
              Use.AGGREGATE,
              "may be aggregated only as a bare column: an expression can select or weight one"
                  + " person's value inside a large group",
              "aggregate the column itself; filter in WHERE or group by the condition");
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
    String name = call.getOperator().getName();
    Optional<FunctionRules.Kind> protecting = FunctionRules.kind(name);
    if (protecting.isPresent()) {
      return protectingCall(call, in, protecting.get(), aggregated);
    }
    if (CONDITIONS.contains(call.getKind())) {
      condition(call, in, aggregated, Use.FILTER);
      return conditionFlow(call, in);
    }
    if (call.getKind() == SqlKind.CAST) {
      Flow operand = flowOf(call.getOperands().get(0), in, aggregated);
      if (operand.bare()) {
        // A cast column is still the column: its value, and its policy, are the column's.
        return operand;
      }
    }
    if (call.getKind() == SqlKind.CASE) {
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
    if (!COMPUTATIONS.contains(call.getKind())
        && !FUNCTIONS.contains(name.toUpperCase(Locale.ROOT))) {
      construct("function " + name, "is not on the allow-list", "use the functions of DESIGN.md");
      return Flow.CONSTANT;
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

  private Flow protectingCall(
      RexCall call, List<Flow> in, FunctionRules.Kind kind, boolean aggregated) {
    String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
    Flow argument = flowOf(stripCasts(call.getOperands().get(0)), in, aggregated);
    for (RexNode parameter : call.getOperands().subList(1, call.getOperands().size())) {
      if (!(stripCasts(parameter) instanceof RexLiteral literal)) {
        construct(name + "()", "takes a constant after its column", "pass a literal width or unit");
      } else if ((name.equals("bucket") || name.equals("age_band"))
          && !onGrid(literal.getValue())) {
        construct(
            name + "()",
            "takes a width on the grid of 1, 2 or 5 × 10ⁿ",
            "use a width such as 5, 10, 1000 or 5000");
      } else if (name.equals("truncate_date") && !truncationUnit(literal)) {
        // Checked here rather than row by row at run time: a query either compiles or not.
        construct("truncate_date()", "takes the unit 'YEAR' or 'MONTH'", "use 'YEAR' or 'MONTH'");
      }
    }
    if (argument.form() == Form.CONSTANT) {
      return Flow.CONSTANT;
    }
    Origin origin = argument.bareSource();
    if (origin == null) {
      construct(name + "()", "takes one bare column", "apply it directly to a column");
      return Flow.raw(argument.sources());
    }
    if (name.equals("bucket")
        && !isGeneral(origin)
        && call.getOperands().size() > 1
        && stripCasts(call.getOperands().get(1)) instanceof RexLiteral width
        && !coarserThanColumn(width, origin.column())) {
      // bucket(x, 1) of an integer, or bucket(income, 0.01) of a DECIMAL(12,2), is x itself.
      problem(
          origin.describe(),
          Use.OUTPUT,
          "may be bucketed only with a width wider than its own precision",
          "use a wider width");
      return Flow.raw(argument.sources());
    }
    if (!FunctionRules.fits(name, origin.column())) {
      problem(
          origin.describe(),
          Use.OUTPUT,
          "does not fit " + name + "()",
          FunctionRules.maskFor(origin.column())
              .map(m -> "use " + m + "()")
              .orElse("use a function fit for its type"));
      return Flow.raw(argument.sources());
    }
    Form form = kind == FunctionRules.Kind.MASKING ? Form.MASKED : Form.GENERALIZED;
    return new Flow(form, Set.of(origin), name);
  }

  private static boolean truncationUnit(RexLiteral literal) {
    String unit = literal.getValueAs(String.class);
    return unit != null && (unit.equalsIgnoreCase("YEAR") || unit.equalsIgnoreCase("MONTH"));
  }

  private static boolean coarserThanColumn(RexLiteral literal, Column column) {
    BigDecimal width = literal.getValueAs(BigDecimal.class);
    if (width == null) {
      return false;
    }
    BigDecimal precision =
        switch (column.type().kind()) {
          case INT, BIGINT -> BigDecimal.ONE;
          case DECIMAL -> BigDecimal.ONE.movePointLeft(column.type().scale());
          case DOUBLE, BOOLEAN, STRING, DATE, TIMESTAMP -> BigDecimal.ZERO;
        };
    return width.compareTo(precision) > 0;
  }

  private void condition(RexNode node, List<Flow> in, boolean aggregated, Use use) {
    if (!(node instanceof RexCall call)) {
      genericCondition(flowOf(node, in, aggregated), aggregated, use);
      return;
    }
    SqlKind kind = call.getKind();
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
          if (range.hasLowerBound() && !onGrid(range.lowerEndpoint())) {
            grid = false;
          }
          if (range.hasUpperBound() && !onGrid(range.upperEndpoint())) {
            grid = false;
          }
        }
        gridAtom(origin, grid, aggregated, use);
        return;
      }
    }
    for (RexNode operand : call.getOperands()) {
      if (operand instanceof RexCall inner && CONDITIONS.contains(inner.getKind())) {
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
    gridAtom(origin, onGrid(literal.getValue()), aggregated, use);
    return true;
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
      Optional<String> mask = FunctionRules.maskFor(column);
      if (mask.isPresent()) {
        return "use " + mask.get() + "()";
      }
      return generalizationFix(column, "aggregate it");
    }
    return FunctionRules.generalizationFor(column)
        .map(g -> "use it only inside COUNT, SUM or AVG, or group by " + g + "()")
        .orElse("use it only inside COUNT, SUM or AVG");
  }

  private static String generalizationFix(Column column, String otherwise) {
    return FunctionRules.generalizationFor(column)
        .map(g -> "generalize it with " + g + "()")
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

  private static boolean contains(RelNode node, Class<? extends RelNode> kind) {
    return kind.isInstance(node) || node.getInputs().stream().anyMatch(i -> contains(i, kind));
  }

  private static RexNode stripCasts(RexNode node) {
    RexNode current = node;
    while (current.getKind() == SqlKind.CAST && current instanceof RexCall call) {
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
