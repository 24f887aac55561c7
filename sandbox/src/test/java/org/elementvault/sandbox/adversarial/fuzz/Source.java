package org.elementvault.sandbox.adversarial.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.elementvault.sandbox.adversarial.fuzz.FuzzFixture.TableDef;

/** The FROM clause of a generated query. */
sealed interface Source {

  String sql();

  /** The aliases of every table read, whose subjects the threshold counts. */
  List<String> aliases();

  /** A dataset under an alias. */
  record Table(TableDef table, String alias) implements Source {
    @Override
    public String sql() {
      return table.name() + " " + alias;
    }

    @Override
    public List<String> aliases() {
      return List.of(alias);
    }
  }

  /** {@code left kind right ON on}, kind being {@code JOIN} or {@code LEFT JOIN}. */
  record Join(Source left, String kind, Source right, Pred on) implements Source {
    @Override
    public String sql() {
      return left.sql() + " " + kind + " " + right.sql() + " ON " + on.sql();
    }

    @Override
    public List<String> aliases() {
      List<String> all = new ArrayList<>(left.aliases());
      all.addAll(right.aliases());
      return all;
    }
  }

  /** {@code (inner) alias}: a row-level query read as a table. */
  record Derived(Query inner, String alias, List<Expr.DerivedCol> columns) implements Source {
    @Override
    public String sql() {
      return "(" + inner.sql() + ") " + alias;
    }

    @Override
    public List<String> aliases() {
      return Query.aliases(inner);
    }
  }
}
