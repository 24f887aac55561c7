package org.elementvault.sandbox.adversarial.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.elementvault.sandbox.adversarial.fuzz.Expr.Use;
import org.jspecify.annotations.Nullable;

/** A condition of a generated query: its SQL text and its truth on a row. */
sealed interface Pred {

  String sql();

  Tri eval(Row row, Truth truth);

  /** The expressions the condition reads (subqueries excluded). */
  List<Expr> operands();

  default List<Use> uses() {
    List<Use> out = new ArrayList<>();
    operands().forEach(e -> e.uses(out));
    return out;
  }

  private static Tri compare(@Nullable Object a, String op, @Nullable Object b) {
    if (a == Values.UNKNOWN || b == Values.UNKNOWN) {
      return Tri.MAYBE;
    }
    if (a == null || b == null) {
      return Tri.NULL;
    }
    Integer order = Values.compare(a, b);
    if (order == null) {
      return Tri.MAYBE;
    }
    if (a instanceof String s
        && b instanceof String t
        && !op.equals("=")
        && !op.equals("<>")
        && !(isAscii(s) && isAscii(t))) {
      return Tri.MAYBE; // the order of non-ASCII text (collation) is not modeled
    }
    return Tri.of(
        switch (op) {
          case "=" -> order == 0;
          case "<>" -> order != 0;
          case "<" -> order < 0;
          case "<=" -> order <= 0;
          case ">" -> order > 0;
          case ">=" -> order >= 0;
          default -> throw new IllegalArgumentException(op);
        });
  }

  private static boolean isAscii(String text) {
    return text.chars().allMatch(c -> c < 128);
  }

  /** {@code left op right}. */
  record Cmp(Expr left, String op, Expr right) implements Pred {
    @Override
    public String sql() {
      return left.sql() + " " + op + " " + right.sql();
    }

    @Override
    public Tri eval(Row row, Truth truth) {
      return compare(left.eval(row, truth), op, right.eval(row, truth));
    }

    @Override
    public List<Expr> operands() {
      return List.of(left, right);
    }
  }

  /** {@code expr [NOT] IN (values)}. */
  record InList(Expr expr, List<Expr> values, boolean not) implements Pred {
    @Override
    public String sql() {
      return expr.sql()
          + (not ? " NOT IN (" : " IN (")
          + String.join(", ", values.stream().map(Expr::sql).toList())
          + ")";
    }

    @Override
    public Tri eval(Row row, Truth truth) {
      Object value = expr.eval(row, truth);
      Tri any = Tri.FALSE;
      for (Expr candidate : values) {
        any = any.or(compare(value, "=", candidate.eval(row, truth)));
      }
      return not ? any.not() : any;
    }

    @Override
    public List<Expr> operands() {
      List<Expr> all = new ArrayList<>(values);
      all.add(0, expr);
      return all;
    }
  }

  /** {@code expr [NOT] BETWEEN low AND high}. */
  record Between(Expr expr, Expr low, Expr high, boolean not) implements Pred {
    @Override
    public String sql() {
      return expr.sql() + (not ? " NOT BETWEEN " : " BETWEEN ") + low.sql() + " AND " + high.sql();
    }

    @Override
    public Tri eval(Row row, Truth truth) {
      Object value = expr.eval(row, truth);
      Tri in =
          compare(value, ">=", low.eval(row, truth))
              .and(compare(value, "<=", high.eval(row, truth)));
      return not ? in.not() : in;
    }

    @Override
    public List<Expr> operands() {
      return List.of(expr, low, high);
    }
  }

  /** {@code expr [NOT] LIKE pattern}. */
  record Like(Expr expr, String pattern, boolean not) implements Pred {
    @Override
    public String sql() {
      return expr.sql() + (not ? " NOT LIKE " : " LIKE ") + Values.quote(pattern);
    }

    @Override
    public Tri eval(Row row, Truth truth) {
      Object value = expr.eval(row, truth);
      if (value == Values.UNKNOWN) {
        return Tri.MAYBE;
      }
      if (value == null) {
        return Tri.NULL;
      }
      if (!(value instanceof String text)) {
        return Tri.MAYBE;
      }
      StringBuilder regex = new StringBuilder();
      for (char c : pattern.toCharArray()) {
        regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
      }
      Tri match = Tri.of(Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches());
      return not ? match.not() : match;
    }

    @Override
    public List<Expr> operands() {
      return List.of(expr);
    }
  }

  /** {@code expr IS [NOT] NULL}. */
  record IsNull(Expr expr, boolean not) implements Pred {
    @Override
    public String sql() {
      return expr.sql() + (not ? " IS NOT NULL" : " IS NULL");
    }

    @Override
    public Tri eval(Row row, Truth truth) {
      Object value = expr.eval(row, truth);
      if (value == Values.UNKNOWN) {
        return Tri.MAYBE;
      }
      return Tri.of((value == null) != not);
    }

    @Override
    public List<Expr> operands() {
      return List.of(expr);
    }
  }

  /** {@code left AND right} or {@code left OR right}. */
  record Junction(Pred left, boolean and, Pred right) implements Pred {
    @Override
    public String sql() {
      return "(" + left.sql() + (and ? " AND " : " OR ") + right.sql() + ")";
    }

    @Override
    public Tri eval(Row row, Truth truth) {
      Tri a = left.eval(row, truth);
      Tri b = right.eval(row, truth);
      return and ? a.and(b) : a.or(b);
    }

    @Override
    public List<Expr> operands() {
      List<Expr> all = new ArrayList<>(left.operands());
      all.addAll(right.operands());
      return all;
    }
  }

  /** {@code NOT (inner)}. */
  record Not(Pred inner) implements Pred {
    @Override
    public String sql() {
      return "NOT (" + inner.sql() + ")";
    }

    @Override
    public Tri eval(Row row, Truth truth) {
      return inner.eval(row, truth).not();
    }

    @Override
    public List<Expr> operands() {
      return inner.operands();
    }
  }

  /**
   * {@code expr [NOT] IN (subquery)}: the subquery's values are known when it is a modeled
   * aggregate (its groups at or above k) or a modeled row-level block; otherwise MAYBE.
   */
  record InQuery(Expr expr, Query inner, boolean not) implements Pred {
    @Override
    public String sql() {
      return expr.sql() + (not ? " NOT IN (" : " IN (") + inner.sql() + ")";
    }

    @Override
    public Tri eval(Row row, Truth truth) {
      Object value = expr.eval(row, truth);
      if (value == Values.UNKNOWN) {
        return Tri.MAYBE;
      }
      Set<String> members = truth.members(inner, not);
      if (members == null) {
        return Tri.MAYBE;
      }
      if (value == null) {
        return members.isEmpty() ? Tri.of(not) : Tri.NULL;
      }
      boolean in = members.contains(Values.canon(value));
      if (!in && members.contains("NULL")) {
        return Tri.NULL;
      }
      return Tri.of(in != not);
    }

    @Override
    public List<Expr> operands() {
      return List.of(expr);
    }
  }

  /** A condition the evaluator does not model, such as a comparison with a scalar subquery. */
  record Opaque(String sql, List<Expr> operands) implements Pred {
    @Override
    public Tri eval(Row row, Truth truth) {
      return Tri.MAYBE;
    }
  }
}
