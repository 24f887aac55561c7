package org.elementvault.sandbox.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.elementvault.engine.Names;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Guard;
import org.elementvault.engine.auth.Operation;
import org.elementvault.engine.auth.Principal;
import org.elementvault.engine.dataset.DatasetVersion;
import org.elementvault.engine.result.Release;
import org.elementvault.engine.seal.Records;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.tenant.Tenant;
import org.elementvault.engine.tenant.TenantState;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.ModelSpec;

/**
 * The registry of models: a training run registers its model (logged {@code model.train}), a tenant
 * admin registers an ONNX file (logged {@code model.register}), each sealed under the tenant's key
 * inside a sealed {@code model} record, in one write with its log entry; {@code list} and {@code
 * show} return metadata, released numbers and lineage only. There is no way to read a model's
 * weights or bytes out of the registry: a scoring job opens either kind inside the sandbox ({@link
 * #openScorer}), and only aggregates of its scores leave.
 *
 * <h2>Who sees what</h2>
 *
 * Tenant principals see their own tenant's models; any other is "not found", exactly as a model
 * that does not exist. The vault admin and auditors see every tenant's. Thread-safe: registrations
 * are serialized on the record store; records are read from the vault at each call.
 */
public final class Models {

  /** The largest ONNX file {@link #registerOnnx} accepts. */
  public static final int MAX_FILE_BYTES = OnnxModel.MAX_BYTES;

  private static final String KIND = "model";
  private static final String PREFIX = "m";

  private final Vault vault;
  private final Guard guard;
  private final Records records;

  public Models(Vault vault) {
    this.vault = vault;
    this.guard = vault.guard();
    this.records = vault.records();
  }

  /**
   * Registers the model {@code training} fitted for {@code element} in job {@code jobId}, whose
   * result was released as {@code release}.
   *
   * @throws VaultException {@code FORBIDDEN} for roles other than developer; logged either way
   */
  public ModelInfo register(
      Principal caller,
      Tenant tenant,
      Element element,
      String jobId,
      ModelTraining.Training training,
      Release release) {
    ModelSpec model = Objects.requireNonNull(element.spec().model(), "model");
    synchronized (records) {
      return guard.run(
          caller,
          Operation.MODEL_TRAIN,
          tenant.name(),
          element.spec().name(),
          () -> {
            long number = records.next(KIND);
            ModelInfo info =
                new ModelInfo(
                    PREFIX + number,
                    element.spec().name(),
                    ModelInfo.Kind.TRAINED,
                    tenant.name(),
                    caller.name(),
                    model.algorithm(),
                    model.target(),
                    model.features(),
                    model.minSubjects(),
                    training.released().rows().stream()
                        .map(
                            r ->
                                new ModelInfo.ReleasedValue(
                                    (String) Objects.requireNonNull(r.get(0)),
                                    (Double) Objects.requireNonNull(r.get(1)),
                                    r.size() > 2 ? (Long) r.get(2) : null))
                        .toList(),
                    new ModelInfo.Lineage(
                        element.id(),
                        jobId,
                        release.hash(),
                        List.of(
                            training.dataset().name()
                                + "@"
                                + training
                                    .dataset()
                                    .latest()
                                    .map(DatasetVersion::number)
                                    .orElse(0))),
                    null,
                    vault.clock().instant());
            byte[] plaintext = training.model().encode();
            byte[] sealed;
            try {
              sealed = vault.tenantSealer().seal(tenant, KIND, number, plaintext);
            } finally {
              Arrays.fill(plaintext, (byte) 0);
              training.model().close();
            }
            Batch batch = new Batch();
            records.put(batch, KIND, number, new StoredModel(number, tenant.id(), info, sealed));
            return new Guard.Change<>(
                info,
                batch,
                null,
                "id "
                    + info.id()
                    + ", "
                    + model.algorithm().specName()
                    + ", element "
                    + element.id()
                    + ", job "
                    + jobId,
                () -> {});
          });
    }
  }

  /**
   * Registers the ONNX model {@code bytes} as {@code name} for the caller's tenant, scoring {@code
   * features} (logged {@code model.register}). The file is checked in full ({@link OnnxModel})
   * before anything is stored; a refused file stores nothing.
   *
   * @throws VaultException {@code USER_ERROR} naming the rule a file or name breaks; {@code
   *     FORBIDDEN} for roles other than a tenant admin; logged either way
   */
  public ModelInfo registerOnnx(
      Principal caller, String name, byte[] bytes, List<String> features) {
    Long tenantId = caller.tenantId();
    String tenantName = ownTenantName(caller);
    synchronized (records) {
      return guard.run(
          caller,
          Operation.MODEL_REGISTER,
          tenantName,
          Names.isValid(name) ? name : "",
          () -> {
            Names.check("model", name);
            List<String> columns = ModelMessages.checkFeatures(features);
            Tenant tenant =
                vault.tenants().byId(Objects.requireNonNull(tenantId, "tenantId")).orElseThrow();
            if (visible(caller).stream().anyMatch(m -> m.info().name().equals(name))) {
              throw ModelMessages.nameTaken(name);
            }
            int opset;
            try (OnnxModel model = OnnxModel.open(bytes, columns)) {
              opset = model.opset();
            }
            long number = records.next(KIND);
            ModelInfo info =
                new ModelInfo(
                    PREFIX + number,
                    name,
                    ModelInfo.Kind.ONNX,
                    tenant.name(),
                    caller.name(),
                    null,
                    null,
                    columns,
                    0,
                    List.of(),
                    null,
                    opset,
                    vault.clock().instant());
            byte[] sealed = vault.tenantSealer().seal(tenant, KIND, number, bytes);
            Batch batch = new Batch();
            records.put(batch, KIND, number, new StoredModel(number, tenant.id(), info, sealed));
            return new Guard.Change<>(
                info,
                batch,
                null,
                "id " + info.id() + ", onnx opset " + opset + ", " + columns.size() + " features",
                () -> {});
          });
    }
  }

  /**
   * Opens the model {@code model} of {@code tenant} for scoring, inside a job of {@code caller}'s:
   * a registered ONNX model through ONNX Runtime, or a model trained inside the vault from its
   * sealed parameters. The caller closes it.
   *
   * @throws VaultException {@code NOT_FOUND} if {@code caller} may not see it; {@code INTEGRITY} if
   *     a trained model's sealed bytes do not decode
   */
  Scorer openScorer(Principal caller, Tenant tenant, String model) {
    StoredModel stored =
        scorable(caller, model)
            .filter(m -> m.tenantId() == tenant.id())
            .orElseThrow(() -> ModelMessages.notFound(model));
    ModelInfo info = stored.info();
    byte[] bytes = vault.tenantSealer().open(tenant, KIND, stored.number(), stored.sealedModel());
    try {
      return switch (info.kind()) {
        case ONNX -> OnnxModel.open(bytes, info.features());
        case TRAINED ->
            ModelBlob.decode(bytes, Objects.requireNonNull(info.algorithm()), info.features());
      };
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The features of the model {@code model} a scoring element names, trained inside the vault or
   * registered, if {@code caller} may see one by that name or id; not logged (an assessment or a
   * job asks, and logs itself).
   */
  public Optional<List<String>> scoringFeatures(Principal caller, String model) {
    return scorable(caller, model).map(m -> m.info().features());
  }

  /** The newest model of that name or id {@code caller} may see; empty for a malformed name. */
  private Optional<StoredModel> scorable(Principal caller, String model) {
    if (!Names.isValid(model)) {
      return Optional.empty();
    }
    return visible(caller).stream()
        .filter(m -> m.info().id().equals(model) || m.info().name().equals(model))
        .max(Comparator.comparingLong(StoredModel::number));
  }

  /** The models {@code caller} may see, by id. */
  public List<ModelInfo> list(Principal caller) {
    return guard.run(
        caller,
        Operation.MODEL_LIST,
        ownTenantName(caller),
        "",
        () -> {
          List<ModelInfo> visible =
              visible(caller).stream()
                  .sorted(Comparator.comparingLong(StoredModel::number))
                  .map(StoredModel::info)
                  .toList();
          return Guard.Change.read(visible, visible.size() + " models");
        });
  }

  /**
   * One model by id ({@code m3}) or by name (the newest of that name), if {@code caller} may see
   * it; else "not found" as for one that does not exist.
   */
  public ModelInfo show(Principal caller, String model) {
    return guard.run(
        caller,
        Operation.MODEL_SHOW,
        ownTenantName(caller),
        model,
        () -> Guard.Change.read(find(caller, model).info()));
  }

  /** The stored record of a model {@code caller} may see; for the registry and its tests. */
  StoredModel find(Principal caller, String model) {
    Names.check("model", model);
    return scorable(caller, model).orElseThrow(() -> ModelMessages.notFound(model));
  }

  /** A destroyed tenant's models are found by nobody: their keys are shredded. */
  private List<StoredModel> visible(Principal caller) {
    Long own = caller.tenantId();
    return records.loadAll(KIND, StoredModel.class).stream()
        .filter(m -> !caller.role().isTenantScoped() || Objects.equals(own, m.tenantId()))
        .filter(
            m ->
                vault
                    .tenants()
                    .byId(m.tenantId())
                    .filter(t -> t.state() != TenantState.DESTROYED)
                    .isPresent())
        .toList();
  }

  private String ownTenantName(Principal caller) {
    Long own = caller.tenantId();
    Optional<Tenant> tenant = own == null ? Optional.empty() : vault.tenants().byId(own);
    return tenant.map(Tenant::name).orElse("");
  }
}
