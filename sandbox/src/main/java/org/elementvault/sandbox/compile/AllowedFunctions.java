package org.elementvault.sandbox.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.elementvault.sandbox.catalog.FunctionCatalog;
import org.jspecify.annotations.Nullable;

/**
 * The standard functions an element query may call by name: Calcite's standard table, filtered to
 * the {@link FunctionCatalog}. Operators ({@code +}, {@code =}, {@code CASE}…) pass through here:
 * the policy checks every operator of the plan against the same catalogue.
 */
final class AllowedFunctions implements SqlOperatorTable {

  private static final Set<SqlOperator> ALLOWED = FunctionCatalog.standardOperators();

  static final AllowedFunctions INSTANCE = new AllowedFunctions();

  private AllowedFunctions() {}

  @Override
  public void lookupOperatorOverloads(
      SqlIdentifier name,
      @Nullable SqlFunctionCategory category,
      SqlSyntax syntax,
      List<SqlOperator> operators,
      SqlNameMatcher matcher) {
    List<SqlOperator> found = new ArrayList<>();
    SqlStdOperatorTable.instance().lookupOperatorOverloads(name, category, syntax, found, matcher);
    boolean named = syntax.family == SqlSyntax.FUNCTION;
    found.stream().filter(op -> !named || ALLOWED.contains(op)).forEach(operators::add);
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    return List.copyOf(ALLOWED);
  }
}
