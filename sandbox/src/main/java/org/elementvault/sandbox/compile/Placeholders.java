package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.jspecify.annotations.Nullable;

/**
 * A query's {@code :name} placeholders. The text is scanned the way SQL is lexed (character
 * literals, quoted identifiers and comments are skipped) and each placeholder becomes the parser's
 * own {@code ?}; after parsing, {@link #bind} replaces those parameter nodes by literal nodes, so a
 * value never passes through the parser and cannot change the query's structure. A {@code ?} the
 * author wrote stays a parameter node, which the compiler refuses.
 */
final class Placeholders {

  private final String sql;
  private final List<@Nullable String> names;

  private Placeholders(String sql, List<@Nullable String> names) {
    this.sql = sql;
    this.names = Collections.unmodifiableList(names);
  }

  /** Scans {@code query}: its text with {@code ?} for each placeholder, and their names. */
  static Placeholders scan(String query) {
    StringBuilder out = new StringBuilder(query.length());
    List<@Nullable String> names = new ArrayList<>();
    int i = 0;
    while (i < query.length()) {
      char c = query.charAt(i);
      int end;
      if (c == '\'' || c == '"') {
        end = closing(query, i, c);
      } else if (c == '-' && query.startsWith("--", i)) {
        int line = query.indexOf('\n', i);
        end = line < 0 ? query.length() : line;
      } else if (c == '/' && query.startsWith("/*", i)) {
        int close = query.indexOf("*/", i + 2);
        end = close < 0 ? query.length() : close + 2;
      } else if (c == ':' && query.startsWith("::", i)) {
        end = i + 2;
      } else if (c == ':' && i + 1 < query.length() && isStart(query.charAt(i + 1))) {
        int j = i + 1;
        while (j < query.length() && isPart(query.charAt(j))) {
          j++;
        }
        names.add(query.substring(i + 1, j));
        out.append('?');
        i = j;
        continue;
      } else if (c == '?') {
        names.add(null);
        end = i + 1;
      } else {
        end = i + 1;
      }
      out.append(query, i, end);
      i = end;
    }
    return new Placeholders(out.toString(), names);
  }

  /** The query text the parser reads. */
  String sql() {
    return sql;
  }

  /**
   * {@code parsed} with every placeholder replaced by its binding's literal.
   *
   * @throws VaultException {@code USER_ERROR} for a placeholder without a binding or a binding the
   *     query does not use
   */
  SqlNode bind(SqlNode parsed, Map<String, Binding> bindings) {
    for (String name : names) {
      if (name != null && !bindings.containsKey(name)) {
        throw new VaultException(
            ErrorCode.USER_ERROR,
            "query: :" + shown(name) + " is not a declared parameter; declare it in parameters");
      }
    }
    for (String declared : bindings.keySet()) {
      if (!names.contains(declared)) {
        throw new VaultException(
            ErrorCode.USER_ERROR,
            "query: parameter " + declared + " is declared but the query never names :" + declared);
      }
    }
    SqlNode bound =
        parsed.accept(
            new SqlShuttle() {
              @Override
              public SqlNode visit(SqlDynamicParam param) {
                String name = names.get(param.getIndex());
                return name == null
                    ? param
                    : literal(bindings.get(name), param.getParserPosition());
              }
            });
    return bound == null ? parsed : bound;
  }

  private static SqlNode literal(@Nullable Binding binding, SqlParserPos pos) {
    if (binding == null) {
      throw new IllegalStateException("every placeholder was checked to have a binding");
    }
    return binding.numeric()
        ? SqlLiteral.createExactNumeric(binding.value(), pos)
        : SqlLiteral.createCharString(binding.value(), pos);
  }

  /** A placeholder name as a message may show it: the query's own text, bounded. */
  private static String shown(String name) {
    return name.length() > 63 ? name.substring(0, 63) + "…" : name;
  }

  /** The index after the literal or quoted identifier opened at {@code start}. */
  private static int closing(String query, int start, char quote) {
    int i = start + 1;
    while (i < query.length()) {
      if (query.charAt(i) == quote) {
        if (i + 1 < query.length() && query.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return query.length();
  }

  private static boolean isStart(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isPart(char c) {
    return isStart(c) || (c >= '0' && c <= '9') || c == '_';
  }
}
