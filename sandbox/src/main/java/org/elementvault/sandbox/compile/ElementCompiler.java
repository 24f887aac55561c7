package org.elementvault.sandbox.compile;

import java.util.Map;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelConversionException;
import org.apache.calcite.tools.ValidationException;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.sandbox.catalog.ElementSchema;
import org.elementvault.sandbox.catalog.SqlFunctions;
import org.elementvault.sandbox.policy.Policy;

/**
 * Parses and validates an element query and checks its plan against the policy (DESIGN.md, Sandbox
 * steps 1 to 3). Only queries come through: no DDL or DML, no table functions, no window functions,
 * no parameters other than a template's {@code :name} placeholders, each bound to a literal before
 * validation; only the tables and columns of the element's catalog and only allow-listed functions
 * exist.
 */
public final class ElementCompiler {

  /** The longest query accepted. */
  public static final int MAX_QUERY_CHARS = 16 * 1024;

  /** The deepest nesting of parentheses and syntax accepted. */
  public static final int MAX_NESTING = 32;

  /** The longest literal accepted, in characters. */
  public static final int MAX_LITERAL_CHARS = 256;

  /** Syntax that never belongs in an element query. */
  private static final Set<SqlKind> REFUSED =
      Set.of(
          SqlKind.OVER,
          SqlKind.WINDOW,
          SqlKind.TABLESAMPLE,
          SqlKind.MATCH_RECOGNIZE,
          SqlKind.SNAPSHOT,
          SqlKind.UNNEST,
          SqlKind.LATERAL,
          SqlKind.COLLECTION_TABLE,
          SqlKind.CURSOR,
          SqlKind.DYNAMIC_PARAM,
          SqlKind.EXPLICIT_TABLE,
          SqlKind.MULTISET_VALUE_CONSTRUCTOR,
          SqlKind.MULTISET_QUERY_CONSTRUCTOR,
          SqlKind.ARRAY_QUERY_CONSTRUCTOR,
          SqlKind.MAP_QUERY_CONSTRUCTOR,
          SqlKind.ARRAY_VALUE_CONSTRUCTOR,
          SqlKind.MAP_VALUE_CONSTRUCTOR,
          SqlKind.ROW,
          SqlKind.PIVOT,
          SqlKind.UNPIVOT,
          SqlKind.WITHIN_GROUP,
          SqlKind.WITHIN_DISTINCT,
          SqlKind.TUMBLE,
          SqlKind.HOP,
          SqlKind.SESSION,
          SqlKind.SET_SEMANTICS_TABLE,
          SqlKind.DESCRIPTOR,
          SqlKind.LAMBDA);

  private ElementCompiler() {}

  /**
   * Compiles {@code sql} against {@code catalog}.
   *
   * @throws VaultException {@code USER_ERROR} if the query is not SQL the sandbox accepts, naming
   *     the construct and position; never echoes a literal
   */
  public static Compilation compile(String sql, ElementSchema catalog) {
    return compile(sql, Map.of(), catalog);
  }

  /**
   * Compiles {@code sql} with its {@code :name} placeholders bound to {@code bindings}, one per
   * placeholder name, each as a literal node of the parsed query.
   *
   * @throws VaultException {@code USER_ERROR} as {@link #compile(String, ElementSchema)} does, and
   *     for a placeholder without a binding or a binding the query never names
   */
  public static Compilation compile(
      String sql, Map<String, Binding> bindings, ElementSchema catalog) {
    checkShape(sql);
    SchemaPlus root = Frameworks.createRootSchema(false);
    SchemaPlus schema = root.add("element", catalog);
    SqlFunctions.register(schema);
    FrameworkConfig config =
        Frameworks.newConfigBuilder()
            .typeSystem(ElementTypeSystem.INSTANCE)
            .defaultSchema(schema)
            .parserConfig(
                SqlParser.config()
                    .withQuoting(Quoting.DOUBLE_QUOTE)
                    .withUnquotedCasing(Casing.UNCHANGED)
                    .withQuotedCasing(Casing.UNCHANGED)
                    .withCaseSensitive(false)
                    .withIdentifierMaxLength(128))
            .sqlValidatorConfig(
                SqlValidator.Config.DEFAULT
                    .withConformance(SqlConformanceEnum.STRICT_2003)
                    .withIdentifierExpansion(true))
            .sqlToRelConverterConfig(
                SqlToRelConverter.config().withExpand(true).withTrimUnusedFields(false))
            .operatorTable(AllowedFunctions.INSTANCE)
            .context(Contexts.empty())
            .build();
    Planner planner = Frameworks.getPlanner(config);
    try {
      RelRoot rel = toRel(planner, sql, bindings);
      return new Compilation(planner, root, rel.project(), Policy.check(rel.project()));
    } catch (RuntimeException | StackOverflowError e) {
      planner.close();
      if (e instanceof VaultException refusal) {
        throw refusal;
      }
      if (e instanceof StackOverflowError) {
        throw new VaultException(ErrorCode.USER_ERROR, "query: nested too deeply");
      }
      throw new VaultException(ErrorCode.USER_ERROR, "query: " + describe(e), e);
    }
  }

  private static RelRoot toRel(Planner planner, String sql, Map<String, Binding> bindings) {
    Placeholders placeholders = Placeholders.scan(sql);
    SqlNode parsed = placeholders.bind(parse(planner, placeholders.sql()), bindings);
    checkSyntax(parsed);
    try {
      return planner.rel(planner.validate(parsed));
    } catch (ValidationException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "query: " + describe(e), e);
    } catch (RelConversionException e) {
      throw new VaultException(ErrorCode.USER_ERROR, "query: cannot be planned", e);
    }
  }

  private static SqlNode parse(Planner planner, String sql) {
    try {
      return planner.parse(sql);
    } catch (SqlParseException e) {
      var pos = e.getPos();
      throw new VaultException(
          ErrorCode.USER_ERROR,
          pos == null
              ? "query: syntax error"
              : "query: syntax error at line "
                  + pos.getLineNum()
                  + ", column "
                  + pos.getColumnNum(),
          e);
    }
  }

  /** Size and nesting limits, checked before the parser sees the text. */
  private static void checkShape(String sql) {
    if (sql.isBlank()) {
      throw new VaultException(ErrorCode.USER_ERROR, "query: is empty");
    }
    if (sql.length() > MAX_QUERY_CHARS) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "query: longer than " + MAX_QUERY_CHARS + " characters");
    }
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        if (++depth > MAX_NESTING) {
          throw new VaultException(
              ErrorCode.USER_ERROR, "query: nested deeper than " + MAX_NESTING + " levels");
        }
      } else if (!quoted && c == ')') {
        depth--;
      }
    }
  }

  /** Refuses statements and syntax that are not plain queries. */
  private static void checkSyntax(SqlNode parsed) {
    if (!parsed.getKind().belongsTo(SqlKind.QUERY) || parsed.getKind() == SqlKind.EXPLICIT_TABLE) {
      throw new VaultException(
          ErrorCode.USER_ERROR, "query: only SELECT is allowed, not " + parsed.getKind());
    }
    parsed.accept(
        new SqlBasicVisitor<Void>() {
          private int depth;

          @Override
          public Void visit(SqlCall call) {
            if (REFUSED.contains(call.getKind())) {
              throw new VaultException(
                  ErrorCode.USER_ERROR,
                  "query: "
                      + call.getKind().sql.toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                      + " is not allowed in element queries");
            }
            if (call.getKind().belongsTo(SqlKind.DDL) || call.getKind().belongsTo(SqlKind.DML)) {
              throw new VaultException(ErrorCode.USER_ERROR, "query: only SELECT is allowed");
            }
            if (++depth > MAX_NESTING * 4) {
              throw new VaultException(
                  ErrorCode.USER_ERROR, "query: nested deeper than the sandbox accepts");
            }
            try {
              return super.visit(call);
            } finally {
              depth--;
            }
          }

          @Override
          public Void visit(SqlLiteral literal) {
            String text = literal.toValue();
            if (text != null && text.length() > MAX_LITERAL_CHARS) {
              throw new VaultException(
                  ErrorCode.USER_ERROR,
                  "query: a literal is longer than " + MAX_LITERAL_CHARS + " characters");
            }
            return null;
          }

          @Override
          public Void visit(SqlDynamicParam param) {
            throw new VaultException(ErrorCode.USER_ERROR, "query: parameters are not allowed");
          }
        });
  }

  /** The validator's message, bounded; it names identifiers and positions, never data. */
  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    message = message.replace('\n', ' ');
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }
}
