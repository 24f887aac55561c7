package org.elementvault.sandbox.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elementvault.sandbox.element.ModelAlgorithm;
import org.elementvault.sandbox.protection.SubjectHash;
import org.elementvault.sandbox.protection.SubjectSetDigest;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * Fits a decision tree with Tribuo's CART (squared-error splits; on a boolean target, taken as 1
 * and 0, that is CART's Gini criterion, and a leaf's value is the share of true), then describes it
 * in terms that may be released.
 *
 * <p><b>Split points on a grid.</b> CART splits halfway between two neighbouring values it has
 * seen, so a released split point would tell two people's values. Each feature is therefore put on
 * a grid first, of width 1, 2 or 5 × 10ⁿ (the generalization grid of element queries) with about
 * {@value #CELLS} cells across its flattened range, whole numbers for a whole-number column; the
 * tree sees only cell numbers, and every split falls on a cell edge: {@code age < 40}.
 *
 * <p><b>Leaves.</b> CART's minimum child weight (every example weighs 1, and a training set holds
 * one row per subject) keeps each leaf at {@link #minLeafRows} training rows or more: twice the
 * element's threshold k, and at least one row in {@value #LEAF_SHARE}. The release checks the
 * leaves again against k, through the noisy low-count filter, before anything leaves ({@link
 * TreeRelease}).
 *
 * <p>The tree is walked here, not through Tribuo's predictions, so that the leaf counts and values,
 * the importances, the metrics and the sealed model all follow the one rule the released paths
 * state: a row goes left where its value is below the split's edge. The held-out metrics are the
 * sealed model's own predictions ({@link ModelBlob#score}), as a scoring element's scores are.
 */
final class TreeTrainer {

  /** The deepest a tree grows: at most 32 leaves. */
  static final int MAX_DEPTH = 5;

  /** About how many grid cells span a feature's range. */
  static final int CELLS = 50;

  /** A leaf holds at least one training row in this many. */
  static final int LEAF_SHARE = 100;

  private static final String TARGET = "target";

  private TreeTrainer() {}

  /** The fewest training rows a leaf may hold. */
  static int minLeafRows(int threshold, int trainRows) {
    return Math.max(2 * threshold, (trainRows + LEAF_SHARE - 1) / LEAF_SHARE);
  }

  /** Fits a tree of {@code features} to {@code set} for an element of threshold {@code k}. */
  static TreeFit fit(List<String> features, TrainingSet set, int threshold, long seed) {
    double[][] rows = set.trainFeatures();
    double[] targets = set.trainTargets();
    String[] names = features.toArray(String[]::new);
    Grid[] grids = new Grid[names.length];
    for (int j = 0; j < names.length; j++) {
      grids[j] = Grid.of(column(rows, j));
    }
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("element training rows", factory), factory);
    for (int i = 0; i < rows.length; i++) {
      double[] cells = new double[names.length];
      for (int j = 0; j < names.length; j++) {
        cells[j] = grids[j].cell(rows[i][j]);
      }
      data.add(new ArrayExample<>(new Regressor(TARGET, targets[i]), names, cells));
    }
    var trainer =
        new CARTRegressionTrainer(
            MAX_DEPTH,
            minLeafRows(threshold, rows.length),
            0f,
            1f,
            false,
            new MeanSquaredError(),
            seed);
    TreeModel<Regressor> model = trainer.train(data);
    Tree tree = Tree.of(root(model), model.getFeatureIDMap(), names, grids);
    return describe(tree, names, set);
  }

  private static Node<Regressor> root(TreeModel<Regressor> model) {
    if (model instanceof IndependentRegressionTreeModel independent) {
      return independent.getRoots().values().iterator().next();
    }
    return model.getRoot();
  }

  private static TreeFit describe(Tree tree, String[] names, TrainingSet set) {
    Walk walk = new Walk(set, names.length);
    List<Integer> all = new ArrayList<>(set.trainTargets().length);
    for (int i = 0; i < set.trainTargets().length; i++) {
      all.add(i);
    }
    walk.visit(tree, all, List.of());
    double total = 0;
    for (double d : walk.decrease) {
      total += d;
    }
    List<TreeFit.Importance> importances = new ArrayList<>();
    for (int j = 0; j < names.length; j++) {
      importances.add(new TreeFit.Importance(names[j], total > 0 ? walk.decrease[j] / total : 0));
    }
    ModelBlob fitted =
        new ModelBlob(
            ModelAlgorithm.DECISION_TREE,
            List.of(names),
            walk.parameters.stream().mapToDouble(Double::doubleValue).toArray());
    double[] predictions = fitted.score(set.testFeatures(), () -> {});
    return new TreeFit(
        walk.leaves,
        importances,
        1 / Math.sqrt(Math.max(1, all.size())),
        set.hasBooleanTarget()
            ? FitMetrics.classification(predictions, set.testTargets())
            : FitMetrics.regression(predictions, set.testTargets()),
        predictions.length,
        fitted);
  }

  /**
   * Routes the training rows through a tree: adds each split's impurity decrease to its feature,
   * each leaf (with its value) to {@code leaves}, and each node in pre-order to the sealed form's
   * {@code parameters} (a split as its feature index and edge, a leaf as −1 and its value).
   */
  private static final class Walk {
    private final double[][] rows;
    private final double[] targets;
    private final SubjectHash[] subjects;
    private final double reach;
    private final List<TreeFit.Leaf> leaves = new ArrayList<>();
    private final double[] decrease;
    private final List<Double> parameters = new ArrayList<>();

    Walk(TrainingSet set, int features) {
      this.rows = set.trainFeatures();
      this.targets = set.trainTargets();
      this.subjects = set.trainSubjects();
      this.reach = set.hasBooleanTarget() ? 1 : range(targets);
      this.decrease = new double[features];
    }

    /** Visits {@code node} with the training rows {@code at} that reach it along {@code path}. */
    void visit(Tree node, List<Integer> at, List<Condition> path) {
      if (node instanceof Tree.Split split) {
        List<Integer> below = new ArrayList<>();
        List<Integer> above = new ArrayList<>();
        for (int i : at) {
          (split.goesBelow(rows[i]) ? below : above).add(i);
        }
        decrease[split.feature()] +=
            squaredError(targets, at) - squaredError(targets, below) - squaredError(targets, above);
        parameters.add((double) split.feature());
        parameters.add(split.edge().doubleValue());
        visit(split.below(), below, extend(path, new Condition(split.name(), true, split.edge())));
        visit(split.above(), above, extend(path, new Condition(split.name(), false, split.edge())));
        return;
      }
      SubjectSetDigest.Accumulator digest = SubjectSetDigest.accumulator();
      for (int i : at) {
        digest.add(subjects[i]);
      }
      double mean = mean(targets, at);
      double count = Math.max(1, at.size());
      double standardError = Math.sqrt(squaredError(targets, at) / count / count);
      parameters.add(ModelBlob.LEAF);
      parameters.add(mean);
      leaves.add(
          new TreeFit.Leaf(
              Condition.describe(path),
              mean,
              Math.max(standardError, reach / count),
              digest.digest()));
    }

    private static List<Condition> extend(List<Condition> path, Condition condition) {
      List<Condition> longer = new ArrayList<>(path);
      longer.add(condition);
      return longer;
    }
  }

  private static double[] column(double[][] rows, int j) {
    double[] column = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      column[i] = rows[i][j];
    }
    return column;
  }

  private static double range(double[] values) {
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
    return values.length == 0 ? 0 : high - low;
  }

  private static double mean(double[] targets, List<Integer> at) {
    double sum = 0;
    for (int i : at) {
      sum += targets[i];
    }
    return at.isEmpty() ? 0 : sum / at.size();
  }

  private static double squaredError(double[] targets, List<Integer> at) {
    double mean = mean(targets, at);
    double sum = 0;
    for (int i : at) {
      sum += (targets[i] - mean) * (targets[i] - mean);
    }
    return sum;
  }

  /** One side of a split on the way to a leaf: {@code feature < edge}, or {@code >=} above it. */
  private record Condition(String feature, boolean below, BigDecimal edge) {

    /**
     * A leaf's path: per feature in the order the tree first splits on it, the tightest lower and
     * upper edge ({@code age >= 32 AND age < 39 AND debt < 1.8}).
     */
    static String describe(List<Condition> path) {
      if (path.isEmpty()) {
        return TreeFit.Leaf.ROOT;
      }
      Map<String, Condition> lower = new LinkedHashMap<>();
      Map<String, Condition> upper = new LinkedHashMap<>();
      List<String> features = new ArrayList<>();
      for (Condition condition : path) {
        if (!features.contains(condition.feature())) {
          features.add(condition.feature());
        }
        // Deeper splits on a feature only narrow its interval.
        (condition.below() ? upper : lower).put(condition.feature(), condition);
      }
      List<String> text = new ArrayList<>();
      for (String feature : features) {
        if (lower.containsKey(feature)) {
          text.add(feature + " >= " + lower.get(feature).edge().toPlainString());
        }
        if (upper.containsKey(feature)) {
          text.add(feature + " < " + upper.get(feature).edge().toPlainString());
        }
      }
      return String.join(" AND ", text);
    }
  }

  /**
   * A feature's grid: cells of {@code width}, numbered from the cell of 0; a value's cell is the
   * floor of value / width (a hair's tolerance keeps a decimal on an edge in the cell it starts).
   */
  private record Grid(BigDecimal width) {

    private static final double TOLERANCE = 1e-9;

    static Grid of(double[] column) {
      double range = range(column);
      boolean whole = true;
      for (double v : column) {
        whole &= v == Math.rint(v);
      }
      double wanted = whole ? Math.max(1, range / CELLS) : range / CELLS;
      return new Grid(wanted > 0 ? nice(wanted) : BigDecimal.ONE);
    }

    /** The smallest 1, 2 or 5 × 10ⁿ not below {@code wanted}. */
    private static BigDecimal nice(double wanted) {
      int exponent = (int) Math.floor(Math.log10(wanted));
      for (int mantissa : new int[] {1, 2, 5, 10}) {
        BigDecimal width = BigDecimal.valueOf(mantissa).scaleByPowerOfTen(exponent);
        if (width.doubleValue() >= wanted) {
          return width.stripTrailingZeros();
        }
      }
      throw new IllegalStateException("10 × 10ⁿ is at least any value below 10ⁿ⁺¹");
    }

    long cell(double value) {
      return (long) Math.floor(value / width.doubleValue() + TOLERANCE);
    }

    /**
     * The lower edge of cell {@code cell + 1}: the values of cells up to {@code cell} lie below.
     */
    BigDecimal edgeAbove(long cell) {
      return width.multiply(BigDecimal.valueOf(cell + 1)).stripTrailingZeros();
    }
  }

  /** A fitted tree on the features' grids. */
  private sealed interface Tree {

    static Tree of(Node<Regressor> node, ImmutableFeatureMap ids, String[] names, Grid[] grids) {
      if (node instanceof SplitNode<Regressor> split) {
        String name = ids.get(split.getFeatureID()).getName();
        int feature = List.of(names).indexOf(name);
        // CART splits between two cells it has seen; the lower one and all below go left.
        long cell = (long) Math.floor(split.splitValue());
        return new Split(
            feature,
            name,
            grids[feature].edgeAbove(cell),
            of(split.getLessThanOrEqual(), ids, names, grids),
            of(split.getGreaterThan(), ids, names, grids));
      }
      if (node instanceof LeafNode<Regressor>) {
        return new Leaf();
      }
      throw new IllegalStateException("a CART tree holds split and leaf nodes only");
    }

    /** A split: rows whose feature is below {@code edge} go to {@code below}. */
    record Split(int feature, String name, BigDecimal edge, Tree below, Tree above)
        implements Tree {

      boolean goesBelow(double[] row) {
        return row[feature] < edge.doubleValue();
      }
    }

    /** A leaf; the walk gives its value, the mean target of the training rows it routes there. */
    record Leaf() implements Tree {}
  }
}
