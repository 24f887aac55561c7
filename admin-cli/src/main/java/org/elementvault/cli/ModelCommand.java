package org.elementvault.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.elementvault.sandbox.element.ModelAlgorithm;
import org.elementvault.sandbox.model.ModelInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code evault model …}: the registry of models trained inside the vault or registered as ONNX
 * files. Shows metadata, the numbers a training released (noised) and lineage; there is no export.
 */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description =
        "Models: register an ONNX file, list and show (metadata, released numbers, lineage; no"
            + " export).")
final class ModelCommand {

  @ParentCommand EvaultCommand global;

  @Spec CommandSpec spec;

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = {
        "Register an ONNX model for your tenant (a tenant admin), to score rows in elements with"
            + " model: {task: score}.",
        "The file (at most 16 MiB, ONNX opset 7 to 21) must have one float32 input of shape [N]"
            + " or [N, 1] per feature, named as the feature column, and one numeric output; it is"
            + " checked before anything is stored, then sealed under the tenant's key.",
        "Prints the model id on the last line."
      })
  void register(
      @Option(names = "--name", required = true, paramLabel = "M") String name,
      @Option(names = "--file", required = true, paramLabel = "F.onnx") Path file,
      @Option(
              names = "--features",
              required = true,
              split = ",",
              paramLabel = "COLUMN",
              description = "The feature columns, in any order: one model input each.")
          List<String> features) {
    try (Session session = Session.open(global, spec.commandLine())) {
      ModelInfo info = session.api.registerModel(name, file, features);
      PrintWriter out = spec.commandLine().getOut();
      switch (global.output) {
        case JSON, CSV -> Rendering.printValue(out, global.output, info, summary(info));
        case TABLE -> out.println(info.id());
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List models.")
  void list() {
    try (Session session = Session.open(global, spec.commandLine())) {
      List<ModelInfo> models = session.api.listModels();
      List<List<String>> rows = new ArrayList<>();
      for (ModelInfo model : models) {
        rows.add(new ArrayList<>(summary(model).values()));
      }
      Rendering.printValues(
          spec.commandLine().getOut(),
          global.output,
          models,
          List.of("id", "name", "tenant", "algorithm", "target", "features", "trained_at"),
          rows);
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a model by id or name: metadata, released numbers and lineage.")
  void show(@Parameters(paramLabel = "M") String model) {
    try (Session session = Session.open(global, spec.commandLine())) {
      ModelInfo info = session.api.showModel(model);
      PrintWriter out = spec.commandLine().getOut();
      Map<String, Object> fields = new LinkedHashMap<>(summary(info));
      fields.put("developer", info.developer());
      ModelInfo.Lineage lineage = info.lineage();
      if (lineage != null) {
        fields.put("min_subjects", info.minSubjects());
        fields.put("element", lineage.element());
        fields.put("job", lineage.job());
        fields.put("result_hash", lineage.resultHash());
        fields.put("datasets", String.join(" ", lineage.datasets()));
      }
      Integer opset = info.opset();
      if (opset != null) {
        fields.put("opset", opset);
      }
      switch (global.output) {
        case JSON -> Rendering.printApiJson(out, info);
        case CSV -> Rendering.printTable(out, global.output, releasedHeader(info), released(info));
        case TABLE -> {
          Rendering.printObject(out, global.output, fields);
          out.println();
          Rendering.printTable(out, global.output, releasedHeader(info), released(info));
        }
      }
    }
  }

  private static Map<String, String> summary(ModelInfo model) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id", model.id());
    fields.put("name", model.name());
    fields.put("tenant", model.tenant());
    ModelAlgorithm algorithm = model.algorithm();
    fields.put("algorithm", algorithm == null ? "onnx" : algorithm.specName());
    fields.put("target", Objects.requireNonNullElse(model.target(), ""));
    fields.put("features", String.join(" ", model.features()));
    fields.put("trained_at", model.trainedAt().toString());
    return fields;
  }

  /** The released table's header, as the training run released it. */
  private static List<String> releasedHeader(ModelInfo model) {
    return isTree(model) ? List.of("term", "value", "subjects") : List.of("feature", "coefficient");
  }

  private static List<List<String>> released(ModelInfo model) {
    return model.released().stream()
        .map(
            v -> {
              Long subjects = v.subjects();
              return isTree(model)
                  ? List.of(
                      v.feature(),
                      Double.toString(v.value()),
                      subjects == null ? "" : subjects.toString())
                  : List.of(v.feature(), Double.toString(v.value()));
            })
        .toList();
  }

  private static boolean isTree(ModelInfo model) {
    return model.algorithm() == ModelAlgorithm.DECISION_TREE;
  }
}
