package org.elementvault.sandbox.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.Outcome;
import org.elementvault.sandbox.TestingSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registers ONNX models in a real vault: checked before anything is stored, sealed, logged. */
class OnnxRegistrationTest {

  private static final List<String> AGE = List.of("age");

  @TempDir Path dir;

  private TestingSandbox testing;
  private Models models;

  @BeforeEach
  void open() {
    testing = new TestingSandbox(dir);
    models = new Models(testing.vault());
  }

  @AfterEach
  void close() {
    testing.close();
  }

  private ModelInfo register(String name, byte[] file, List<String> features) {
    return models.registerOnnx(testing.alice(), name, file, features);
  }

  private void assertRefusedStoringNothing(byte[] file, List<String> features, String message) {
    assertThatThrownBy(() -> register("scorer", file, features))
        .isInstanceOf(VaultException.class)
        .hasMessage(message)
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.USER_ERROR);
    assertThat(models.list(testing.alice())).isEmpty();
  }

  @Test
  void register_linearModel_isListedWithItsInputsAndOpset() {
    ModelInfo info = register("scorer", TestingOnnx.linear(AGE, new double[] {2}, 1), AGE);

    assertThat(info.kind()).isEqualTo(ModelInfo.Kind.ONNX);
    assertThat(info.features()).containsExactly("age");
    assertThat(info.opset()).isEqualTo(13);
    assertThat(info.developer()).isEqualTo("alice");
    assertThat(models.list(testing.dev())).extracting(ModelInfo::id).containsExactly(info.id());
  }

  @Test
  void register_model_isSealedUnderTheTenantKeyAndLogged() {
    byte[] file = TestingOnnx.linear(AGE, new double[] {2}, 1);

    ModelInfo info = register("scorer", file, AGE);

    StoredModel stored = models.find(testing.alice(), "scorer");
    var tenant = testing.vault().tenants().show(testing.vault().admin(), "acme");
    assertThat(
            testing
                .vault()
                .tenantSealer()
                .open(tenant, "model", stored.number(), stored.sealedModel()))
        .isEqualTo(file);
    assertThat(new String(stored.sealedModel(), StandardCharsets.ISO_8859_1))
        .doesNotContain("MatMul");
    assertThat(testing.logRecords())
        .filteredOn(r -> r.action().equals("model.register"))
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.OK))
        .satisfies(r -> assertThat(r.details()).startsWith("id " + info.id()));
  }

  @Test
  void register_garbageFile_isRefusedAndStoresNothing() {
    byte[] garbage = "not a model, just text".getBytes(StandardCharsets.UTF_8);

    assertRefusedStoringNothing(
        garbage, AGE, "model file: the ONNX model is not a well-formed ONNX model");
  }

  @Test
  void register_wellFormedProtobufWithoutOperatorSets_isRefused() {
    byte[] noGraph = {0x08, 0x07};

    assertRefusedStoringNothing(
        noGraph,
        AGE,
        "model file: the ONNX model must import the ai.onnx operator set at a version from 7 to"
            + " 21");
  }

  @Test
  void register_inputNamedOtherThanTheFeature_isRefused() {
    byte[] file = TestingOnnx.linear(List.of("years"), new double[] {2}, 1);

    assertRefusedStoringNothing(
        file,
        AGE,
        "model file: the ONNX model must have one input per feature, named exactly as the"
            + " --features columns");
  }

  @Test
  void register_opsetNewerThanTheRuntime_isRefused() {
    byte[] file = TestingOnnx.linearAtOpset(AGE, new double[] {2}, 99);

    assertRefusedStoringNothing(
        file,
        AGE,
        "model file: the ONNX model must import the ai.onnx operator set at a version from 7 to"
            + " 21");
  }

  /** A model that names an external weights file would make the runtime read a path it names. */
  @Test
  void register_externalTensorData_isRefusedBeforeTheRuntimeSeesIt() {
    byte[] file = TestingOnnx.linearWithExternalWeights(AGE, new double[] {2});

    assertRefusedStoringNothing(
        file,
        AGE,
        "model file: the ONNX model keeps tensor data in external files; a registered model must"
            + " be one self-contained file");
  }

  @Test
  void register_emptyFile_isRefused() {
    assertRefusedStoringNothing(
        new byte[0], AGE, "model file: the ONNX model must hold 1 to 16 MiB");
  }

  @Test
  void register_byADeveloper_isForbiddenAndLogged() {
    byte[] file = TestingOnnx.linear(AGE, new double[] {2}, 1);

    assertThatThrownBy(() -> models.registerOnnx(testing.dev(), "scorer", file, AGE))
        .isInstanceOf(VaultException.class)
        .extracting(e -> ((VaultException) e).code())
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(models.list(testing.alice())).isEmpty();
  }

  /** Isolation: another tenant's developer neither sees the model nor can score with it. */
  @Test
  void registeredModel_anotherTenant_neitherListsNorScoresWithIt() {
    var unused = register("scorer", TestingOnnx.linear(AGE, new double[] {2}, 1), AGE);
    var eve = testing.addTenantDeveloper("other", "eve");

    assertThat(models.list(eve)).isEmpty();
    assertThat(models.scoringFeatures(eve, "scorer")).isEmpty();
    assertThat(models.scoringFeatures(eve, "m1")).isEmpty();
  }

  @Test
  void register_nameTaken_isRefused() {
    byte[] file = TestingOnnx.linear(AGE, new double[] {2}, 1);
    var unused = register("scorer", file, AGE);

    assertThatThrownBy(() -> register("scorer", file, AGE))
        .isInstanceOf(VaultException.class)
        .hasMessage("model scorer already exists");
  }
}
