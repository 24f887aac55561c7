package org.elementvault.sandbox;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.memory.RootAllocator;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.budget.Charge;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.engine.dataset.Level;
import org.elementvault.engine.result.Release;
import org.elementvault.engine.result.ReleaseOrigin;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.sandbox.catalog.ElementSchema;
import org.elementvault.sandbox.catalog.JobScope;
import org.elementvault.sandbox.catalog.TableSource;
import org.elementvault.sandbox.catalog.VaultSource;
import org.elementvault.sandbox.compile.Binding;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.compile.ElementCompiler;
import org.elementvault.sandbox.element.Assessment;
import org.elementvault.sandbox.element.CatalogEntry;
import org.elementvault.sandbox.element.ColumnUse;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.ElementSpec;
import org.elementvault.sandbox.element.ElementSpecParser;
import org.elementvault.sandbox.element.ElementUsage;
import org.elementvault.sandbox.element.Elements;
import org.elementvault.sandbox.element.ModelSpec;
import org.elementvault.sandbox.element.OutputColumn;
import org.elementvault.sandbox.element.Parameter;
import org.elementvault.sandbox.element.ParameterType;
import org.elementvault.sandbox.element.ReleaseReport;
import org.elementvault.sandbox.element.Released;
import org.elementvault.sandbox.element.ScoringSpec;
import org.elementvault.sandbox.element.ThresholdFloor;
import org.elementvault.sandbox.exec.CalciteExecutor;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.exec.ResultCodec;
import org.elementvault.sandbox.exec.VectorizedExecutor;
import org.elementvault.sandbox.model.ModelInfo;
import org.elementvault.sandbox.model.ModelScoring;
import org.elementvault.sandbox.model.ModelTraining;
import org.elementvault.sandbox.model.Models;
import org.elementvault.sandbox.model.TrainingRules;
import org.elementvault.sandbox.policy.Origin;
import org.elementvault.sandbox.policy.PolicyReport;
import org.elementvault.sandbox.policy.Problem;
import org.elementvault.sandbox.product.ProductRun;
import org.elementvault.sandbox.product.Products;
import org.elementvault.sandbox.protection.Protection;
import org.elementvault.sandbox.sample.SampleBatches;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox's one entry point for the CLI and the server: element specs are assessed, stored,
 * reviewed and run here, and data products on published elements are run here too. The policy runs
 * at every check, submission and run; a run executes the element's query over only the columns its
 * assessment lists, releases the result sealed into the vault with its hash logged and its shape in
 * the release ledger (whose gate may still refuse it), and only then returns it.
 */
public final class Sandbox {

  /** The longest a job may run. */
  public static final Duration WALL_TIME = Duration.ofMinutes(10);

  /** The most rows a result may have. */
  public static final int MAX_RESULT_ROWS = 1_000_000;

  /** The Arrow memory one job may hold for batches and its result. */
  public static final long JOB_MEMORY = 1L << 30;

  /** Rows of synthetic data a sample run reads per dataset: the samples' hard cap. */
  public static final int SAMPLE_ROWS = SampleBatches.MAX_ROWS;

  private final Vault vault;
  private final Elements elements;
  private final Models models;
  private final Products products;
  private final Executor executor;
  private final SecureRandom random;
  private final CheckedPlans plans = new CheckedPlans();
  private final Map<Long, AtomicInteger> runningJobs = new ConcurrentHashMap<>();

  /**
   * A sandbox over {@code vault} that keeps, beside the vault's cache of opened chunks, as many
   * bytes of subject hashes between runs (both are what makes a warm scan fast; both off if it is).
   */
  public Sandbox(Vault vault) {
    this(
        vault,
        new VectorizedExecutor(
            new CalciteExecutor(),
            Runtime.getRuntime().availableProcessors(),
            vault.chunkCache().budget().totalBytes()));
  }

  public Sandbox(Vault vault, Executor executor) {
    this(vault, executor, new SecureRandom());
  }

  /** A sandbox whose {@code protection: dp} noise and sampling come from {@code random}. */
  public Sandbox(Vault vault, Executor executor, SecureRandom random) {
    this.vault = vault;
    this.elements = new Elements(vault);
    this.models = new Models(vault);
    this.products = new Products(vault, elements);
    this.executor = executor;
    this.random = random;
  }

  /** The outcome of a dry-run assessment: every problem, or the assessment if there is none. */
  public record CheckReport(
      ElementSpec spec, List<Problem> problems, @Nullable Assessment assessment) {

    public CheckReport {
      problems = List.copyOf(problems);
    }

    /** Whether the spec would pass. */
    public boolean passes() {
      return problems.isEmpty();
    }
  }

  /**
   * A finished job: its result, released, and for a model element's run on real data the model it
   * registered (null otherwise: the API's JSON carries it as {@code model}).
   */
  public record Job(
      String jobId,
      Element element,
      boolean sample,
      ElementResult result,
      Release release,
      @Nullable ModelInfo model)
      implements Released {

    @Override
    public int releasedRows() {
      return result.rows().size();
    }
  }

  /** The dry-run assessment of a spec: lists every problem at once; logged, stores nothing. */
  public CheckReport check(Principal caller, byte[] specYaml) {
    ElementSpec spec = ElementSpecParser.parse(specYaml);
    List<Problem> problems = new ArrayList<>();
    try {
      Assessment assessment =
          elements.check(caller, spec, (who, s, floor) -> assess(who, s, floor, problems));
      return new CheckReport(spec, List.of(), assessment);
    } catch (VaultException e) {
      if (problems.isEmpty()) {
        throw e;
      }
      return new CheckReport(spec, problems, null);
    }
  }

  /** Submits a spec: assessed, and stored as SUBMITTED only if it passes. */
  public Element submit(Principal caller, byte[] specYaml) {
    ElementSpec spec = ElementSpecParser.parse(specYaml);
    return elements.submit(
        caller, spec, (who, s, floor) -> assess(who, s, floor, new ArrayList<>()));
  }

  /** The models {@code caller} may see: metadata, released numbers and lineage. */
  public List<ModelInfo> models(Principal caller) {
    return models.list(caller);
  }

  /** Registers an ONNX model for {@code caller}'s tenant ({@link Models#registerOnnx}). */
  public ModelInfo registerModel(
      Principal caller, String name, byte[] file, List<String> features) {
    return models.registerOnnx(caller, name, file, features);
  }

  /** One model by id or name, if {@code caller} may see it. */
  public ModelInfo model(Principal caller, String model) {
    return models.show(caller, model);
  }

  public Element review(Principal caller, String id, boolean approve, String reason) {
    return elements.review(caller, id, approve, reason);
  }

  public List<Element> list(Principal caller, @Nullable String tenantName) {
    return elements.list(caller, tenantName);
  }

  public Element show(Principal caller, String id) {
    return elements.show(caller, id);
  }

  public Element suspend(Principal caller, String id, String reason) {
    return elements.suspend(caller, id, reason);
  }

  public Element resume(Principal caller, String id) {
    return elements.resume(caller, id);
  }

  public Element retire(Principal caller, String id, String reason) {
    return elements.retire(caller, id, reason);
  }

  public Element release(Principal caller, String id) {
    return elements.release(caller, id);
  }

  public ReleaseReport releaseReport(Principal caller, String id) {
    return elements.releaseReport(caller, id);
  }

  public List<CatalogEntry> catalog(Principal caller) {
    return elements.catalog(caller);
  }

  public ElementUsage usage(Principal caller, String id) {
    return elements.usage(caller, id);
  }

  /**
   * Runs an element: on the real data if approved or published, or on synthetic sample data. The
   * policy checks the query again against the datasets' current classification, unless the same
   * query was checked against exactly that classification and those versions before ({@link
   * CheckedPlans}).
   */
  public Job run(Principal caller, String id, boolean sample) {
    return run(caller, id, sample, Map.of());
  }

  /**
   * Runs a template element with {@code arguments} for its parameters: each is checked against its
   * domain before anything runs, then bound as a literal of the query, so the release path sees
   * exactly the query with those constants written in.
   */
  public Job run(Principal caller, String id, boolean sample, Map<String, String> arguments) {
    return elements.run(
        caller,
        id,
        sample,
        arguments,
        (element, jobId) ->
            runJob(caller, element, jobId, sample, bindings(element.spec(), arguments)));
  }

  /** The data product workflow: register, review, list, show, certificate and usage. */
  public Products products() {
    return products;
  }

  /**
   * Runs element {@code elementId} of data product {@code product} for a developer of the product's
   * tenant ({@link Products#run}): the element's query on its owner's data, through the same
   * release path as the element's own runs, the result to the caller.
   */
  public ProductRun runProduct(
      Principal caller, String product, String elementId, Map<String, String> arguments) {
    return products.run(
        caller,
        product,
        elementId,
        arguments,
        (element, jobId) -> {
          Job job =
              runJob(
                  onBehalfOfOwner(caller, element),
                  element,
                  jobId,
                  false,
                  bindings(element.spec(), arguments));
          return new ProductRun(product, element.id(), jobId, job.result(), job.release());
        });
  }

  /**
   * The consumer acting inside the element owner's tenant for one product run, once the product
   * service allowed it: the owner's scans, quotas, budgets and release ledger apply, and the
   * owner's log entries name the consumer. Never leaves this class.
   */
  private static Principal onBehalfOfOwner(Principal consumer, Element element) {
    return new Principal(
        consumer.id(),
        consumer.name(),
        Role.DEVELOPER,
        element.tenantId(),
        null,
        consumer.createdAt(),
        consumer.expiresAt(),
        consumer.revokedAt());
  }

  /** The compiler's bindings for {@code arguments}, checked against the spec's domains. */
  private static Map<String, Binding> bindings(ElementSpec spec, Map<String, String> arguments) {
    Map<String, Binding> bindings = new LinkedHashMap<>();
    spec.bind(arguments).forEach((name, value) -> bindings.put(name, binding(spec, name, value)));
    return bindings;
  }

  private static Binding binding(ElementSpec spec, String name, String value) {
    Parameter parameter =
        spec.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    return new Binding(value, parameter.type() == ParameterType.INT);
  }

  /**
   * The bindings the policy assesses a template with: for each parameter and each value of its
   * domain, that value with every other parameter at its first value; one empty binding for a plain
   * element. Every value a run may bind is thereby assessed as a constant of the query.
   */
  private static List<Map<String, Binding>> assessedBindings(ElementSpec spec) {
    if (spec.parameters().isEmpty()) {
      return List.of(Map.of());
    }
    Map<String, String> first = new LinkedHashMap<>();
    spec.parameters().forEach(p -> first.put(p.name(), p.domain().get(0)));
    List<Map<String, Binding>> all = new ArrayList<>();
    for (Parameter parameter : spec.parameters()) {
      for (String value : parameter.domain()) {
        Map<String, String> arguments = new LinkedHashMap<>(first);
        arguments.put(parameter.name(), value);
        all.add(bindings(spec, arguments));
      }
    }
    return all;
  }

  private Job runJob(
      Principal caller,
      Element element,
      String jobId,
      boolean sample,
      Map<String, Binding> bindings) {
    Tenant tenant = vault.tenants().byId(element.tenantId()).orElseThrow();
    AtomicInteger running = runningJobs.computeIfAbsent(tenant.id(), t -> new AtomicInteger());
    if (running.incrementAndGet() > tenant.quotas().maxJobs()) {
      running.decrementAndGet();
      throw new VaultException(
          ErrorCode.RESOURCE_LIMIT,
          "tenant "
              + tenant.name()
              + " already runs its quota of "
              + tenant.quotas().maxJobs()
              + " jobs");
    }
    try {
      ElementSpec spec = element.spec();
      // A dp run on real data pays its ε before it reads anything; a run that fails gets it back.
      Optional<Charge> charge =
          sample || spec.protection().mechanism() != Protection.Mechanism.DP
              ? Optional.empty()
              : Optional.of(
                  vault
                      .budgets()
                      .charge(
                          caller,
                          tenant.id(),
                          spec.datasets(),
                          Objects.requireNonNull(spec.protection().epsilon()),
                          jobId));
      try {
        return execute(caller, tenant, element, jobId, sample, bindings);
      } catch (RuntimeException e) {
        if (!ModelTraining.spentBudget(e)) {
          charge.ifPresent(c -> vault.budgets().refund(caller, c));
        }
        throw e;
      }
    } finally {
      running.decrementAndGet();
    }
  }

  /** Runs the element's query and releases its result: sealed, recorded, then returned. */
  private Job execute(
      Principal caller,
      Tenant tenant,
      Element element,
      String jobId,
      boolean sample,
      Map<String, Binding> bindings) {
    try (BufferAllocator allocator = new RootAllocator(JOB_MEMORY)) {
      ElementSpec spec = element.spec();
      List<Dataset> datasets = describe(caller, spec);
      JobLimits limits =
          new JobLimits(
              vault.clock(),
              WALL_TIME,
              tenant.quotas().maxRowsScanned(),
              MAX_RESULT_ROWS,
              () -> vault.jobs().isCancelRequested(jobId));
      TableSource source =
          sample
              ? (dataset, columns) ->
                  SampleBatches.create(
                      dataset,
                      columns,
                      SAMPLE_ROWS,
                      (element.id() + "/" + dataset.name()).hashCode(),
                      allocator)
              : new VaultSource(vault, caller, allocator);
      ElementResult result;
      Optional<ModelTraining.Training> training = Optional.empty();
      try (CheckedPlans.Lease lease = plans.lease(element, datasets, bindings);
          ElementSchema.Attachment attached = lease.catalog().attach(source, limits)) {
        Compilation compilation = lease.compilation();
        JobScope scope =
            new JobScope(vault.tenants().businessDate(), pseudonymKey(tenant, element));
        ModelSpec model = spec.model();
        ScoringSpec scoring = spec.scoring();
        if (scoring != null) {
          result =
              scope.run(
                  () ->
                      ModelScoring.run(
                          models,
                          caller,
                          tenant,
                          scoring,
                          spec.protection(),
                          spec.threshold(),
                          compilation,
                          datasets,
                          executor,
                          limits,
                          vault.noiseSecret(),
                          random,
                          allocator));
        } else if (model != null) {
          training =
              Optional.of(
                  scope.run(
                      () ->
                          ModelTraining.train(
                              element.id(),
                              model,
                              spec.protection(),
                              spec.threshold(),
                              compilation,
                              datasets,
                              executor,
                              limits,
                              vault.noiseSecret(),
                              random)));
          result = training.get().released();
        } else {
          result =
              scope.run(
                  () ->
                      compilation.run(
                          spec.threshold(),
                          executor,
                          limits,
                          vault.noiseSecret(),
                          spec.protection(),
                          random));
        }
      }
      // Synthetic sample groups say nothing of real ones: the gate must not compare them.
      ReleaseOrigin origin =
          new ReleaseOrigin(element.id(), jobId, sample ? Optional.empty() : result.shape());
      Release release =
          vault
              .results()
              .release(caller, tenant.id(), origin, ResultCodec.encode(result, allocator));
      // The shape is the ledger's, kept in the vault: the caller gets what was released.
      ElementResult released =
          new ElementResult(result.columns(), result.rows(), result.protection(), Optional.empty());
      // A model trained on synthetic sample rows is not worth keeping: only real runs register.
      @Nullable ModelInfo registered =
          sample || training.isEmpty()
              ? null
              : models.register(caller, tenant, element, jobId, training.get(), release);
      return new Job(jobId, element, sample, released, release, registered);
    } catch (OutOfMemoryException e) {
      throw new VaultException(
          ErrorCode.RESOURCE_LIMIT,
          "job stopped: it needed more than its memory limit of " + (JOB_MEMORY >> 20) + " MiB",
          e);
    }
  }

  /** A secret stable per element, derived from the tenant's key (so shredded with it). */
  private byte[] pseudonymKey(Tenant tenant, Element element) {
    KeyMaterial tenantKey = vault.tenants().key(tenant);
    try {
      return tenantKey.hmacSha256(
          ("pseudonym " + element.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      tenantKey.destroy();
    }
  }

  /**
   * Assesses {@code spec}, adding every problem to {@code problems}: a threshold below the tenant's
   * floor first, then the query's.
   */
  private Assessment assess(
      Principal caller, ElementSpec spec, ThresholdFloor floor, List<Problem> problems) {
    List<Dataset> datasets = describe(caller, spec);
    if (!floor.admits(spec.threshold())) {
      problems.add(new Problem("threshold", null, floor.rule(spec.threshold()), floor.fix()));
    }
    int beforeQuery = problems.size();
    JobLimits limits = new JobLimits(vault.clock(), WALL_TIME, 0, 0);
    TableSource nothing =
        (dataset, columns) -> {
          throw new VaultException(ErrorCode.INTERNAL, "an assessment reads no data");
        };
    try {
      ModelSpec model = spec.model();
      Assessment assessment = null;
      for (Map<String, Binding> bindings : assessedBindings(spec)) {
        try (Compilation compilation =
            ElementCompiler.compile(
                spec.query(), bindings, ElementSchema.of(datasets, null, nothing, limits))) {
          PolicyReport report = compilation.report();
          ScoringSpec scoring = spec.scoring();
          if (scoring != null) {
            ModelScoring.Check check =
                ModelScoring.check(
                    models,
                    caller,
                    scoring,
                    spec.protection(),
                    spec.threshold(),
                    report,
                    compilation.plan(),
                    datasets,
                    limits);
            check.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
            if (assessment == null && problems.isEmpty()) {
              Assessment rows =
                  assessment(report, spec.threshold(), datasets, ReleaseProtection.NONE, List.of());
              assessment =
                  new Assessment(
                      true,
                      spec.threshold(),
                      rows.columns(),
                      ModelScoring.assessmentRules(scoring),
                      check.protection(),
                      check.outputs());
            }
            continue;
          }
          // The rows of a model element stay in the sandbox: the model rules replace the output's.
          List<Problem> found =
              model == null
                  ? report.problems()
                  : TrainingRules.problems(
                      model, spec.protection(), report, compilation.plan(), datasets);
          found.stream().filter(p -> !problems.contains(p)).forEach(problems::add);
          if (model == null && report.passes()) {
            compilation.protectionProblems(spec.protection()).stream()
                .filter(p -> !problems.contains(p))
                .forEach(problems::add);
          }
          if (assessment == null && problems.isEmpty()) {
            assessment =
                model == null
                    ? assessment(
                        report,
                        spec.threshold(),
                        datasets,
                        compilation.describe(spec.protection(), spec.threshold()),
                        outputs(compilation))
                    : modelAssessment(report, spec, datasets, model);
          }
        }
      }
      if (!problems.isEmpty() || assessment == null) {
        throw new VaultException(ErrorCode.POLICY_REFUSED, Problem.summary(problems));
      }
      return assessment;
    } catch (VaultException e) {
      if (problems.size() == beforeQuery && e.code() == ErrorCode.USER_ERROR) {
        problems.add(new Problem("query", null, e.getMessage(), "fix the SQL"));
        String message = problems.size() == 1 ? e.getMessage() : Problem.summary(problems);
        throw new VaultException(ErrorCode.POLICY_REFUSED, message, e);
      }
      throw e;
    }
  }

  private List<Dataset> describe(Principal caller, ElementSpec spec) {
    return spec.datasets().stream().map(d -> vault.datasets().describe(caller, null, d)).toList();
  }

  /** The result's columns, by name and SQL type, as the policy-checked plan produces them. */
  private static List<OutputColumn> outputs(Compilation compilation) {
    return compilation.plan().getRowType().getFieldList().stream()
        .map(f -> new OutputColumn(f.getName(), f.getType().getSqlTypeName().getName()))
        .toList();
  }

  /**
   * A model element's assessment: the columns its training query reads, the model rules in place of
   * the release rules (its rows are never released), and the columns of the released table.
   */
  private static Assessment modelAssessment(
      PolicyReport report, ElementSpec spec, List<Dataset> datasets, ModelSpec model) {
    int threshold = spec.threshold();
    Assessment rows = assessment(report, threshold, datasets, ReleaseProtection.NONE, List.of());
    return new Assessment(
        false,
        threshold,
        rows.columns(),
        TrainingRules.assessmentRules(model, spec.protection(), threshold),
        ModelTraining.releaseProtection(spec.protection()),
        ModelTraining.releasedColumns(model));
  }

  private static Assessment assessment(
      PolicyReport report,
      int threshold,
      List<Dataset> datasets,
      ReleaseProtection protection,
      List<OutputColumn> outputs) {
    List<ColumnUse> columns = new ArrayList<>();
    report.uses().entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<Origin, ?> e) -> e.getKey().qualifiedName()))
        .forEach(
            e ->
                columns.add(
                    new ColumnUse(
                        e.getKey().dataset(),
                        e.getKey().column().name(),
                        e.getKey().column().level(),
                        e.getKey().column().pii(),
                        e.getValue())));
    Set<Level> levels = new TreeSet<>();
    columns.forEach(c -> levels.add(c.level()));
    List<String> rules = new ArrayList<>();
    rules.add("reads only the " + columns.size() + " columns listed (least privilege)");
    for (Level level : levels) {
      rules.add(
          switch (level) {
            case GENERAL -> "GENERAL columns may be released raw";
            case SENSITIVE ->
                "SENSITIVE columns leave only masked, generalized, or inside aggregates";
            case IMPORTANT -> "IMPORTANT columns leave only inside aggregates or generalized";
            case CORE -> "CORE columns are not used";
          });
    }
    rules.add("conditions on SENSITIVE or IMPORTANT values only on the 1, 2, 5 × 10ⁿ grid");
    Set<String> subjects = new LinkedHashSet<>();
    datasets.forEach(d -> subjects.add(d.name() + "." + d.schema().subject()));
    rules.add(
        "subject columns (" + String.join(", ", subjects) + ") never filtered on or computed with");
    rules.add(
        !report.aggregate()
            ? "row-level release: "
                + threshold
                + "-anonymity over quasi-identifiers, rows in an order that carries no information"
            : protection.mechanism() == ReleaseProtection.Mechanism.DP
                ? dpRule(threshold, protection)
                : "every released group counts at least "
                    + threshold
                    + " distinct subjects (a noisy low-count filter); smaller groups are dropped"
                    + " silently; every released number carries sticky noise over per-person,"
                    + " flattened contributions (protection: noise)");
    return new Assessment(report.aggregate(), threshold, columns, rules, protection, outputs);
  }

  private static String dpRule(int threshold, ReleaseProtection protection) {
    StringBuilder rule =
        new StringBuilder("(ε, δ)-differential privacy (protection: dp): one run costs ε = ")
            .append(Objects.requireNonNull(protection.epsilon()).toPlainString())
            .append(", δ = ")
            .append(Objects.requireNonNull(protection.delta()).toPlainString())
            .append("; a group is released only with at least ")
            .append(threshold)
            .append(" distinct subjects and a noisy count of at least τ = ")
            .append(protection.releaseThreshold())
            .append("; fresh discrete Laplace noise, expected error (SD):");
    protection
        .columns()
        .forEach(
            (column, noise) ->
                rule.append(' ')
                    .append(column)
                    .append(' ')
                    .append(
                        noise.noiseSd() == null
                            ? noise.note()
                            : Objects.requireNonNull(noise.noiseSd()).toPlainString())
                    .append(';'));
    rule.setLength(rule.length() - 1);
    return rule.toString();
  }
}
