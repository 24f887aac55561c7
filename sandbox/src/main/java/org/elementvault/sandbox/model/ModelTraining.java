package org.elementvault.sandbox.model;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.dataset.Dataset;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.element.ModelAlgorithm;
import org.elementvault.sandbox.element.ModelSpec;
import org.elementvault.sandbox.element.OutputColumn;
import org.elementvault.sandbox.exec.ElementResult;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.JobLimits;
import org.elementvault.sandbox.exec.ReleaseProtection;
import org.elementvault.sandbox.policy.Problem;
import org.elementvault.sandbox.protection.LowCountFilter;
import org.elementvault.sandbox.protection.NoiseKey;
import org.elementvault.sandbox.protection.NoiseLayers;
import org.elementvault.sandbox.protection.Protection;
import org.elementvault.sandbox.protection.RandomBits;

/**
 * One training run of a model element: checks the model rules again (the classification may have
 * changed since the review), reads the query's rows inside the sandbox, requires at least {@code
 * min_subjects} of them (through the noisy low-count filter), fits the model and releases its
 * noised coefficients and metrics, or a tree's noised leaves, importances and metrics. Under {@code
 * protection: dp} a linear regression releases its coefficients from noisy sufficient statistics
 * ({@link DpLinearFit}) instead. The model with those released numbers stays in the returned {@link
 * Training} for the registry to seal.
 */
public final class ModelTraining {

  /**
   * Tribuo logs each training's output statistics at INFO (a target's minimum and maximum, class
   * counts): values of the training rows, which must not reach a log. Held here, where every
   * training starts, so the level sticks before any Tribuo trainer runs.
   */
  private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

  static {
    TRIBUO_LOG.setLevel(Level.WARNING);
  }

  private ModelTraining() {}

  /** The columns a training run of {@code model} releases, by name and SQL type. */
  public static List<OutputColumn> releasedColumns(ModelSpec model) {
    return switch (model.algorithm()) {
      case LINEAR_REGRESSION, LOGISTIC_REGRESSION, GRADIENT_BOOSTING -> ModelRelease.COLUMNS;
      case DECISION_TREE -> TreeRelease.COLUMNS;
    };
  }

  /**
   * What a training run's release says of its protection, data-independent, for the assessment: ε
   * per run under dp; nothing under sticky noise, whose noise depends on the fit.
   */
  public static ReleaseProtection releaseProtection(Protection protection) {
    return switch (protection.mechanism()) {
      case DP -> DpLinearFit.protection(protection);
      case NOISE -> ReleaseProtection.NONE;
    };
  }

  /** A finished training: what it releases, and the fitted model, which only the registry reads. */
  public static final class Training {
    private final ElementResult released;
    private final ModelBlob model;
    private final Dataset dataset;

    private Training(ElementResult released, ModelBlob model, Dataset dataset) {
      this.released = released;
      this.model = model;
      this.dataset = dataset;
    }

    /** The released table: noised coefficients, or a tree's leaves and importances, and metrics. */
    public ElementResult released() {
      return released;
    }

    ModelBlob model() {
      return model;
    }

    /** The dataset the model was trained on, as it stood at the run. */
    Dataset dataset() {
      return dataset;
    }
  }

  /**
   * Trains {@code model} of element {@code elementId} on the rows of {@code compilation}.
   *
   * @param threshold the element's k, which every leaf of a tree must hold in distinct subjects
   * @param datasets the datasets the spec names; the training rules let the query read one
   * @param vaultSecret the vault's noise secret ({@code Vault#noiseSecret})
   * @param random the fresh noise of a {@code protection: dp} training
   * @throws VaultException {@code POLICY_REFUSED} if a model rule refuses it, the rows hold fewer
   *     than {@code min_subjects} subjects or a tree's leaf fewer than {@code threshold}; {@code
   *     RESOURCE_LIMIT} if a limit stops the job
   */
  public static Training train(
      String elementId,
      ModelSpec model,
      Protection protection,
      int threshold,
      Compilation compilation,
      List<Dataset> datasets,
      Executor executor,
      JobLimits limits,
      byte[] vaultSecret,
      SecureRandom random) {
    List<Problem> problems =
        TrainingRules.problems(
            model, protection, compilation.report(), compilation.plan(), datasets);
    if (!problems.isEmpty()) {
      throw new VaultException(ErrorCode.POLICY_REFUSED, Problem.summary(problems));
    }
    Set<String> read = new HashSet<>();
    compilation.report().uses().keySet().forEach(origin -> read.add(origin.dataset()));
    Dataset dataset =
        datasets.stream()
            .filter(d -> read.contains(d.name()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("a passing training query reads a table"));
    ElementResult rows = compilation.runForTraining(executor, limits);
    if (protection.mechanism() == Protection.Mechanism.DP) {
      return trainDp(model, protection, rows, dataset, random);
    }
    KeyMaterial secret = KeyMaterial.copyOf(vaultSecret);
    // The split is the element's own; the noise is the dataset's, as every release's is.
    NoiseKey splitKey = NoiseKey.derive(secret, "model-split " + elementId);
    NoiseKey noiseKey = NoiseKey.derive(secret, "#" + dataset.id());
    secret.destroy();
    try {
      TrainingSet set = TrainingSet.of(rows, model, splitKey, noiseKey);
      // The release protection's noisy low-count filter, with min_subjects as its k: never fewer,
      // and no sharp edge that would tell whether one more person is in the training set.
      boolean enough =
          LowCountFilter.create(noiseKey, model.minSubjects())
              .passes(NoiseLayers.of("model training set"), set.digest());
      if (!enough) {
        throw new VaultException(ErrorCode.POLICY_REFUSED, ModelMessages.TOO_FEW_SUBJECTS);
      }
      long seed = splitKey.subject("sgd seed".getBytes(StandardCharsets.UTF_8)).low();
      return switch (model.algorithm()) {
        case LINEAR_REGRESSION, LOGISTIC_REGRESSION, GRADIENT_BOOSTING -> {
          Fit fit = Trainer.fit(model.algorithm(), model.features(), set, seed);
          ElementResult released = ModelRelease.of(model, fit, noiseKey, set.digest());
          yield new Training(released, fit.model().released(released.rows()), dataset);
        }
        case DECISION_TREE -> {
          TreeFit fit = TreeTrainer.fit(model.features(), set, threshold, seed);
          ElementResult released =
              TreeRelease.of(model, fit, threshold, set.hasBooleanTarget(), noiseKey, set.digest());
          yield new Training(released, fit.model().released(released.rows()), dataset);
        }
      };
    } finally {
      splitKey.destroy();
      noiseKey.destroy();
    }
  }

  /**
   * Whether {@code failure} refused a dp training on its noisy statistics: the run has drawn its
   * noise, so its ε is spent. Refunding it would let a caller repeat the refusal for free and learn
   * the exact count behind it.
   */
  public static boolean spentBudget(RuntimeException failure) {
    return failure.getCause() instanceof DecidedOnNoise;
  }

  /**
   * A dp linear regression ({@link DpLinearFit}): {@code min_subjects} is checked on the noisy
   * count of rows, post-processing of the released statistics, in place of the sticky low-count
   * filter; the sealed model is the released coefficients.
   */
  private static Training trainDp(
      ModelSpec model,
      Protection protection,
      ElementResult rows,
      Dataset dataset,
      SecureRandom random) {
    DpLinearFit.Noisy fit = DpLinearFit.fit(rows, model, protection, RandomBits.from(random));
    if (fit.noisyCount() < model.minSubjects()) {
      throw new VaultException(
          ErrorCode.POLICY_REFUSED, ModelMessages.TOO_FEW_SUBJECTS, new DecidedOnNoise());
    }
    ElementResult released = DpLinearFit.release(model, fit, protection);
    return new Training(
        released,
        new ModelBlob(ModelAlgorithm.LINEAR_REGRESSION, model.features(), fit.coefficients()),
        dataset);
  }

  /** Marks a refusal decided on dp noise ({@link #spentBudget}); carries nothing else. */
  private static final class DecidedOnNoise extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DecidedOnNoise() {
      super("decided on dp noise", null, false, false);
    }
  }
}
