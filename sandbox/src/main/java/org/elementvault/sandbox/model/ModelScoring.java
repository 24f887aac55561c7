package org.elementvault.sandbox.model;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.calcite.rel.RelNode;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.dataset.Column;
import org.elementvault.engine.dataset.ColumnType;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.dataset.Schema;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.sandbox.catalog.ElementSchema;
import org.elementvault.sandbox.catalog.TableSource;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.compile.ElementCompiler;
import org.elementvault.sandbox.element.OutputColumn;
import org.elementvault.sandbox.element.ScoringSpec;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.policy.PolicyReport;
import org.elementvault.sandbox.policy.Problem;
import org.elementvault.sandbox.protection.Protection;
import org.jspecify.annotations.Nullable;

/**
 * Scoring with a model of the tenant's (DESIGN.md, Models), a registered ONNX model or one trained
 * inside the vault: the element's query selects the rows, the model scores them in batches inside
 * the job (ONNX Runtime for a registered file; the sealed model's own prediction for a trained one,
 * {@link ModelBlob#score}), and the scored rows become the in-memory table {@code scored} (the
 * query's columns with their classification, plus {@code score}, IMPORTANT) over which {@code
 * model.output} runs as any element query does: the normal policy, the threshold, the noise, the
 * release ledger. Per-person scores never leave: the output must aggregate.
 *
 * <p>The scored rows exist in memory only, for the length of the job, within its row limit (they
 * count against the rows-scanned limit once when read from the vault and once from {@code scored}).
 */
public final class ModelScoring {

  private ModelScoring() {}

  /**
   * What a scoring element's assessment found: every problem, and when there is none what its
   * output releases.
   */
  public record Check(
      List<Problem> problems, ReleaseProtection protection, List<OutputColumn> outputs) {
    public Check {
      problems = List.copyOf(problems);
      outputs = List.copyOf(outputs);
    }
  }

  /** The rules a passing scoring element's runs apply, in words, for its assessment. */
  public static List<String> assessmentRules(ScoringSpec scoring) {
    return List.of(
        "reads only the columns listed (least privilege); the rows and their scores stay in the"
            + " sandbox",
        "scores each row with the model "
            + scoring.model()
            + " (a registered ONNX model through ONNX Runtime, or a model trained inside the vault"
            + " through its own prediction)",
        "releases only model.output over scored (the query's columns with their classification,"
            + " and score as IMPORTANT): an aggregate under the threshold and the noise of every"
            + " release; never per-person scores");
  }

  /**
   * Checks {@code scoring} for an assessment: the model, the query's rows (parsed as {@code
   * queryPlan}) and the output over {@code scored}, without reading data.
   */
  public static Check check(
      Models models,
      Principal caller,
      ScoringSpec scoring,
      Protection protection,
      int k,
      PolicyReport queryReport,
      RelNode queryPlan,
      List<Dataset> datasets,
      JobLimits limits) {
    List<Problem> problems = new ArrayList<>();
    List<String> features = models.scoringFeatures(caller, scoring.model()).orElse(null);
    if (features == null) {
      problems.add(
          new Problem(
              ModelMessages.MODEL_KEY,
              null,
              ModelMessages.NO_SUCH_MODEL,
              ModelMessages.NO_SUCH_MODEL_FIX));
      return new Check(problems, ReleaseProtection.NONE, List.of());
    }
    problems.addAll(ScoringRules.problems(features, queryReport, queryPlan, datasets));
    if (!problems.isEmpty()) {
      return new Check(problems, ReleaseProtection.NONE, List.of());
    }
    TableSource nothing =
        (dataset, columns) -> {
          throw new VaultException(ErrorCode.INTERNAL, "an assessment reads no data");
        };
    ElementSchema catalog =
        ElementSchema.of(
            List.of(scoredTable(queryPlan, queryReport, datasets)), null, nothing, limits);
    try (Compilation output = ElementCompiler.compile(scoring.output(), Map.of(), catalog)) {
      problems.addAll(outputProblems(output, protection));
      if (!problems.isEmpty()) {
        return new Check(problems, ReleaseProtection.NONE, List.of());
      }
      List<OutputColumn> outputs =
          output.plan().getRowType().getFieldList().stream()
              .map(f -> new OutputColumn(f.getName(), f.getType().getSqlTypeName().getName()))
              .toList();
      return new Check(List.of(), output.describe(protection, k), outputs);
    } catch (VaultException e) {
      if (e.code() != ErrorCode.USER_ERROR) {
        throw e;
      }
      problems.add(new Problem(ModelMessages.OUTPUT_KEY, null, e.getMessage(), "fix the SQL"));
      return new Check(problems, ReleaseProtection.NONE, List.of());
    }
  }

  /**
   * Scores the rows of {@code query} with {@code scoring}'s model and releases {@code
   * scoring.output()} over them under {@code protection} and threshold {@code k}.
   *
   * @param allocator the job's allocator, which holds the scored table while the output runs
   * @throws VaultException {@code POLICY_REFUSED} if a rule refuses the query or the output; {@code
   *     NOT_FOUND} if the model is gone; {@code RESOURCE_LIMIT} if a limit stops the job
   */
  public static ElementResult run(
      Models models,
      Principal caller,
      Tenant tenant,
      ScoringSpec scoring,
      Protection protection,
      int k,
      Compilation query,
      List<Dataset> datasets,
      Executor executor,
      JobLimits limits,
      byte[] noiseSecret,
      SecureRandom random,
      BufferAllocator allocator) {
    ElementResult scored;
    // The rules are checked on the features of the model opened, which a newer model of the same
    // name cannot change under the job.
    try (Scorer model = models.openScorer(caller, tenant, scoring.model())) {
      List<Problem> problems =
          ScoringRules.problems(model.features(), query.report(), query.plan(), datasets);
      if (!problems.isEmpty()) {
        throw new VaultException(ErrorCode.POLICY_REFUSED, Problem.summary(problems));
      }
      ElementResult rows = query.runForTraining(executor, limits);
      scored = withScores(rows, model, limits);
    }
    ElementSchema catalog =
        ElementSchema.of(
            List.of(scoredTable(query.plan(), query.report(), datasets)),
            null,
            new ScoredRows(scored, allocator),
            limits);
    try (Compilation output = ElementCompiler.compile(scoring.output(), Map.of(), catalog)) {
      List<Problem> outputProblems = outputProblems(output, protection);
      if (!outputProblems.isEmpty()) {
        throw new VaultException(ErrorCode.POLICY_REFUSED, Problem.summary(outputProblems));
      }
      return output.run(k, executor, limits, noiseSecret, protection, random);
    }
  }

  /** The normal policy on the output, and the rule that scores leave only aggregated. */
  private static List<Problem> outputProblems(Compilation output, Protection protection) {
    List<Problem> problems = new ArrayList<>(output.report().problems());
    if (!output.report().aggregate()) {
      problems.add(
          new Problem(
              ModelMessages.OUTPUT_KEY,
              null,
              ModelMessages.OUTPUT_AGGREGATE_RULE,
              ModelMessages.OUTPUT_AGGREGATE_FIX));
    } else if (problems.isEmpty()) {
      problems.addAll(output.protectionProblems(protection));
    }
    return problems;
  }

  /**
   * The table {@code scored}: the query's columns as the dataset classifies them, the dataset's
   * subject, and {@code score}; under the dataset's id, so its releases get the dataset's noise.
   */
  private static Dataset scoredTable(RelNode plan, PolicyReport report, List<Dataset> datasets) {
    Set<String> read = new HashSet<>();
    report.uses().keySet().forEach(o -> read.add(o.dataset()));
    Dataset source =
        datasets.stream()
            .filter(d -> read.contains(d.name()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("a passing scoring query reads a table"));
    List<Column> columns = new ArrayList<>();
    for (String name : plan.getRowType().getFieldNames()) {
      columns.add(source.schema().column(name).orElseThrow());
    }
    columns.add(Column.of(ScoringSpec.SCORE, ColumnType.DOUBLE, Level.IMPORTANT));
    return new Dataset(
        source.id(),
        source.tenantId(),
        ScoringSpec.TABLE,
        new Schema(source.schema().subject(), source.schema().openCategory(), columns),
        source.createdAt(),
        source.versions());
  }

  /** {@code rows} with a {@code score} column: null where a feature is missing or no score. */
  private static ElementResult withScores(ElementResult rows, Scorer model, JobLimits limits) {
    List<String> names = rows.columns().stream().map(ElementResult.ResultColumn::name).toList();
    int[] featureAt = model.features().stream().mapToInt(names::indexOf).toArray();
    double[][] matrix = new double[rows.rows().size()][];
    boolean[] complete = new boolean[matrix.length];
    for (int i = 0; i < matrix.length; i++) {
      List<@Nullable Object> row = rows.rows().get(i);
      matrix[i] = new double[featureAt.length];
      complete[i] = true;
      for (int j = 0; j < featureAt.length; j++) {
        Object value = row.get(featureAt[j]);
        if (value instanceof Number number) {
          matrix[i][j] = number.doubleValue();
        } else if (value instanceof Boolean flag) {
          matrix[i][j] = flag ? 1 : 0;
        } else {
          complete[i] = false;
        }
      }
    }
    double[] scores = model.score(matrix, limits::checkTime);
    List<List<@Nullable Object>> scored = new ArrayList<>(matrix.length);
    for (int i = 0; i < matrix.length; i++) {
      List<@Nullable Object> row = new ArrayList<>(rows.rows().get(i));
      row.add(complete[i] && !Double.isNaN(scores[i]) ? scores[i] : null);
      scored.add(row);
    }
    List<ElementResult.ResultColumn> columns = new ArrayList<>(rows.columns());
    columns.add(new ElementResult.ResultColumn(ScoringSpec.SCORE, ColumnType.DOUBLE));
    return new ElementResult(columns, scored);
  }
}
