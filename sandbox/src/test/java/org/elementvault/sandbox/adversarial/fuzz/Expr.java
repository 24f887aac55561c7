package org.elementvault.sandbox.adversarial.fuzz;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.elementvault.sandbox.adversarial.fuzz.FuzzFixture.ColumnDef;
import org.elementvault.sandbox.adversarial.fuzz.FuzzFixture.Type;
import org.elementvault.sandbox.masking.Masking;
import org.jspecify.annotations.Nullable;

/**
 * A scalar expression of a generated query: its SQL text, its value on a row (or {@link
 * Values#UNKNOWN}), and how each source column reaches it.
 */
sealed interface Expr {

  String sql();

  /** The value on {@code row}, or {@link Values#UNKNOWN}. */
  @Nullable Object eval(Row row, Truth truth);

  /** Every source column and the form in which it reaches the value. */
  void uses(List<Use> out);

  default List<Use> uses() {
    List<Use> out = new ArrayList<>();
    uses(out);
    return out;
  }

  /** Whether the value on {@code row} carries a non-GENERAL column's value. */
  default boolean carries(Row row, Truth truth) {
    for (Use use : uses()) {
      if (!use.column().isGeneral() && use.form() != Form.CONDITION) {
        return true;
      }
    }
    return false;
  }

  /** How a source column reaches a value. */
  enum Form {
    RAW,
    MASKED,
    GENERALIZED,
    CONDITION
  }

  /** One source column reaching a value in one form. */
  record Use(String alias, ColumnDef column, boolean subject, Form form) {
    Use as(Form other) {
      return new Use(alias, column, subject, other);
    }
  }

  /** A column of a table or of a derived table. */
  record Col(String alias, ColumnDef column, boolean subject) implements Expr {
    @Override
    public String sql() {
      return alias + "." + column.name();
    }

    @Override
    public @Nullable Object eval(Row row, Truth truth) {
      return row.values().get(sql());
    }

    @Override
    public void uses(List<Use> out) {
      out.add(new Use(alias, column, subject, Form.RAW));
    }

    @Override
    public boolean carries(Row row, Truth truth) {
      return !column.isGeneral() && row.values().get(sql()) != null;
    }
  }

  /** A column of a derived table, computed by the derived table's query. */
  record DerivedCol(String alias, String name, List<Expr> branches) implements Expr {
    @Override
    public String sql() {
      return alias + "." + name;
    }

    @Override
    public @Nullable Object eval(Row row, Truth truth) {
      return row.values().containsKey(sql()) ? row.values().get(sql()) : Values.UNKNOWN;
    }

    @Override
    public void uses(List<Use> out) {
      branches.forEach(b -> b.uses(out));
    }
  }

  /** A literal with its value. */
  record Lit(String sql, @Nullable Object value) implements Expr {
    static Lit of(long value) {
      return new Lit(Long.toString(value), value);
    }

    static Lit of(BigDecimal value) {
      return new Lit(value.toPlainString(), value);
    }

    static Lit of(String value) {
      return new Lit(Values.quote(value), value);
    }

    static Lit of(LocalDate value) {
      return new Lit("DATE '" + value + "'", value);
    }

    @Override
    public @Nullable Object eval(Row row, Truth truth) {
      return value;
    }

    @Override
    public void uses(List<Use> out) {}
  }

  /** Text the evaluator does not model: a scalar subquery, a wild cast. */
  record Opaque(String sql, List<Expr> parts) implements Expr {
    @Override
    public @Nullable Object eval(Row row, Truth truth) {
      return Values.UNKNOWN;
    }

    @Override
    public void uses(List<Use> out) {
      for (Expr part : parts) {
        for (Use use : part.uses()) {
          out.add(use.as(Form.RAW));
        }
      }
    }
  }

  /**
   * A masking or generalization function: {@code mask_phone(x)}, {@code age_band(x, 10)}, {@code
   * bucket(x, 1000)}, {@code truncate_date(x, 'MONTH')}; the parameters are SQL text.
   */
  record Protect(String function, Expr arg, List<Lit> parameters) implements Expr {
    @Override
    public String sql() {
      StringBuilder text = new StringBuilder(function).append('(').append(arg.sql());
      parameters.forEach(p -> text.append(", ").append(p.sql()));
      return text.append(')').toString();
    }

    @Override
    public @Nullable Object eval(Row row, Truth truth) {
      Object value = arg.eval(row, truth);
      if (value == Values.UNKNOWN) {
        return Values.UNKNOWN;
      }
      try {
        return switch (function) {
          case "mask_phone" -> value instanceof String s ? Masking.maskPhone(s) : Values.UNKNOWN;
          case "mask_name" -> value instanceof String s ? Masking.maskName(s) : Values.UNKNOWN;
          case "mask_id_card" -> value instanceof String s ? Masking.maskIdCard(s) : Values.UNKNOWN;
          case "id_region" -> value instanceof String s ? Masking.idRegion(s) : Values.UNKNOWN;
          case "pseudonym" ->
              value instanceof String s
                  ? Masking.pseudonym(Truth.PSEUDONYM_KEY, s)
                  : Values.UNKNOWN;
          case "age_band" ->
              value instanceof LocalDate d && parameters.get(0).value() instanceof Long w
                  ? Masking.ageBand(d, FuzzFixture.TODAY, w.intValue())
                  : value == null ? null : Values.UNKNOWN;
          case "truncate_date" ->
              value instanceof LocalDate d && parameters.get(0).value() instanceof String unit
                  ? Masking.truncateDate(d, unit)
                  : value == null ? null : Values.UNKNOWN;
          case "bucket" -> {
            BigDecimal x = Values.number(value);
            BigDecimal width = Values.number(parameters.get(0).value());
            yield x == null || width == null
                ? (value == null ? null : Values.UNKNOWN)
                : Masking.bucket(x, width);
          }
          default -> Values.UNKNOWN;
        };
      } catch (IllegalArgumentException e) {
        return Values.UNKNOWN;
      }
    }

    /** Whether the function fits its argument, as the design's function table says. */
    boolean fits() {
      ColumnDef column = bareColumn(stripCasts(arg));
      if (column == null) {
        return false;
      }
      return switch (function) {
        case "pseudonym" -> true;
        case "age_band" -> column.type() == Type.DATE;
        case "truncate_date" -> column.type() == Type.DATE;
        case "id_region", "mask_id_card" -> column.pii().equals("ID_CARD");
        case "mask_phone" -> column.pii().equals("PHONE");
        case "mask_name" -> column.pii().equals("NAME");
        case "bucket" -> column.type() == Type.INT || column.type() == Type.DECIMAL;
        default -> false;
      };
    }

    boolean masks() {
      return function.startsWith("mask_") || function.equals("pseudonym");
    }

    @Override
    public void uses(List<Use> out) {
      Form form = !fits() ? Form.RAW : masks() ? Form.MASKED : Form.GENERALIZED;
      for (Use use : arg.uses()) {
        out.add(use.form() == Form.RAW ? use.as(form) : use);
      }
    }
  }

  /** The column {@code expr} is, if it is one: a column, or a derived column that is one. */
  private static @Nullable ColumnDef bareColumn(Expr expr) {
    if (expr instanceof Col col) {
      return col.column();
    }
    if (expr instanceof DerivedCol derived) {
      ColumnDef first = null;
      for (Expr branch : derived.branches()) {
        ColumnDef column = bareColumn(stripCasts(branch));
        if (column == null || (first != null && !first.equals(column))) {
          return null;
        }
        first = column;
      }
      return first;
    }
    return null;
  }

  private static Expr stripCasts(Expr expr) {
    Expr current = expr;
    while (current instanceof Cast cast) {
      current = cast.arg();
    }
    return current;
  }

  /** {@code CAST(arg AS type)}; modeled for the casts whose result is plain. */
  record Cast(Expr arg, String type) implements Expr {
    @Override
    public String sql() {
      return "CAST(" + arg.sql() + " AS " + type + ")";
    }

    @Override
    public @Nullable Object eval(Row row, Truth truth) {
      Object value = arg.eval(row, truth);
      if (value == null || value == Values.UNKNOWN) {
        return value;
      }
      BigDecimal number = Values.number(value);
      return switch (type) {
        case "BIGINT", "INTEGER" -> number != null && number.scale() <= 0 ? number : Values.UNKNOWN;
        case "VARCHAR" ->
            value instanceof String
                ? value
                : value instanceof Integer || value instanceof Long
                    ? value.toString()
                    : Values.UNKNOWN;
        case "DECIMAL(20,2)" -> number != null ? number : Values.UNKNOWN;
        default -> Values.UNKNOWN;
      };
    }

    @Override
    public void uses(List<Use> out) {
      arg.uses(out);
    }
  }

  /** A scalar function or operator over operands; modeled for the common ones. */
  record Call(String function, List<Expr> args) implements Expr {
    @Override
    public String sql() {
      List<String> parts = args.stream().map(Expr::sql).toList();
      return switch (function) {
        case "+", "-", "*", "/", "||" ->
            "(" + parts.get(0) + " " + function + " " + parts.get(1) + ")";
        case "SUBSTRING" ->
            "SUBSTRING(" + parts.get(0) + " FROM " + parts.get(1) + " FOR " + parts.get(2) + ")";
        default -> function + "(" + String.join(", ", parts) + ")";
      };
    }

    @Override
    public @Nullable Object eval(Row row, Truth truth) {
      List<@Nullable Object> values = new ArrayList<>();
      for (Expr arg : args) {
        Object value = arg.eval(row, truth);
        if (value == Values.UNKNOWN) {
          return Values.UNKNOWN;
        }
        values.add(value);
      }
      if (function.equals("COALESCE")) {
        return values.get(0) != null ? values.get(0) : values.get(1);
      }
      if (values.contains(null)) {
        return null;
      }
      Object a = values.get(0);
      BigDecimal x = Values.number(a);
      BigDecimal y = values.size() > 1 ? Values.number(values.get(1)) : null;
      boolean integers = x != null && x.scale() <= 0 && (y == null || y.scale() <= 0);
      return switch (function) {
        case "+" -> x != null && y != null ? x.add(y) : Values.UNKNOWN;
        case "-" -> x != null && y != null ? x.subtract(y) : Values.UNKNOWN;
        case "*" -> x != null && y != null ? x.multiply(y) : Values.UNKNOWN;
        case "/" ->
            integers && y != null && y.signum() != 0
                ? x.divide(y, 0, RoundingMode.DOWN)
                : Values.UNKNOWN;
        case "MOD" -> integers && y != null && y.signum() != 0 ? x.remainder(y) : Values.UNKNOWN;
        case "ABS" -> x != null ? x.abs() : Values.UNKNOWN;
        case "||" ->
            a instanceof String s && values.get(1) instanceof String t ? s + t : Values.UNKNOWN;
        case "UPPER" -> a instanceof String s ? s.toUpperCase(Locale.ROOT) : Values.UNKNOWN;
        case "LOWER" -> a instanceof String s ? s.toLowerCase(Locale.ROOT) : Values.UNKNOWN;
        case "CHAR_LENGTH" ->
            a instanceof String s ? (long) s.codePointCount(0, s.length()) : Values.UNKNOWN;
        case "SUBSTRING" -> substring(a, values.get(1), values.get(2));
        default -> Values.UNKNOWN;
      };
    }

    private static Object substring(Object text, @Nullable Object from, @Nullable Object length) {
      if (!(text instanceof String s) || !(from instanceof Long f) || !(length instanceof Long n)) {
        return Values.UNKNOWN;
      }
      if (f < 1 || n < 0) {
        return Values.UNKNOWN;
      }
      int start = (int) Math.min(f - 1, s.length());
      int end = (int) Math.min(start + n, s.length());
      return s.substring(start, end);
    }

    @Override
    public void uses(List<Use> out) {
      args.forEach(a -> a.uses(out));
    }
  }

  /** {@code CASE WHEN when THEN then ELSE otherwise END}. */
  record Case(Pred when, Expr then, Expr otherwise) implements Expr {
    @Override
    public String sql() {
      return "CASE WHEN "
          + when.sql()
          + " THEN "
          + then.sql()
          + " ELSE "
          + otherwise.sql()
          + " END";
    }

    @Override
    public @Nullable Object eval(Row row, Truth truth) {
      return switch (when.eval(row, truth)) {
        case TRUE -> then.eval(row, truth);
        case FALSE, NULL -> otherwise.eval(row, truth);
        case MAYBE -> Values.UNKNOWN;
      };
    }

    @Override
    public boolean carries(Row row, Truth truth) {
      return switch (when.eval(row, truth)) {
        case TRUE -> then.carries(row, truth);
        case FALSE, NULL -> otherwise.carries(row, truth);
        case MAYBE -> then.carries(row, truth) || otherwise.carries(row, truth);
      };
    }

    @Override
    public void uses(List<Use> out) {
      for (Use use : when.uses()) {
        out.add(use.as(Form.CONDITION));
      }
      then.uses(out);
      otherwise.uses(out);
    }
  }
}
