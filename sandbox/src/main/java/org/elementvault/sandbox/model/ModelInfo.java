package org.elementvault.sandbox.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.elementvault.sandbox.element.ModelAlgorithm;
import org.jspecify.annotations.Nullable;

/**
 * What the registry shows of a model: metadata, the numbers its training released (with their
 * noise), and its lineage. Never a weight beyond those.
 *
 * @param id {@code m1}, {@code m2}, …
 * @param name the training element's name, or the name a registered model was given
 * @param kind trained inside the vault, or a registered ONNX file
 * @param tenant the owning tenant's name
 * @param developer who ran the training, or the tenant admin who registered the file
 * @param algorithm what was trained; null for a registered file
 * @param target the predicted column; null for a registered file
 * @param features the columns it predicts from (a registered file's inputs, by name)
 * @param minSubjects the fewest distinct subjects it could have been trained on; 0 for a registered
 *     file, trained outside
 * @param released the released table, as released: terms, then metrics; empty for a registered file
 * @param lineage where it came from; null for a registered file
 * @param opset a registered file's ONNX opset; null for a trained model
 * @param trainedAt when it was trained or registered
 */
public record ModelInfo(
    String id,
    String name,
    Kind kind,
    String tenant,
    String developer,
    @Nullable ModelAlgorithm algorithm,
    @Nullable String target,
    List<String> features,
    int minSubjects,
    List<ReleasedValue> released,
    @Nullable Lineage lineage,
    @Nullable Integer opset,
    Instant trainedAt) {

  /** Where a model comes from. */
  public enum Kind {
    /** Trained inside the sandbox by a {@code task: train} element. */
    TRAINED,
    /** An ONNX file a tenant admin registered ({@code model register}). */
    ONNX
  }

  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    // Null only in a record stored before registered models existed.
    kind = kind == null ? Kind.TRAINED : kind;
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(developer, "developer");
    if (kind == Kind.TRAINED) {
      Objects.requireNonNull(algorithm, "algorithm");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(lineage, "lineage");
    }
    Objects.requireNonNull(trainedAt, "trainedAt");
    features = List.copyOf(features);
    released = List.copyOf(released);
  }

  /**
   * One released row: a term's noised coefficient, a tree's leaf (its path, value and distinct
   * subjects) or importance, or a noised metric.
   *
   * @param feature the term, the leaf's path, {@code (importance) f} or the metric's name
   * @param value its noised value
   * @param subjects a leaf's noised distinct subjects; null for every other row
   */
  public record ReleasedValue(String feature, double value, @Nullable Long subjects) {
    public ReleasedValue {
      Objects.requireNonNull(feature, "feature");
    }
  }

  /**
   * Where a model came from.
   *
   * @param element the training element's id
   * @param job the training job's id, under which its {@code result.release} entry is logged
   * @param resultHash the released result's hash, as that entry records it
   * @param datasets each dataset read, as {@code name@version}
   */
  public record Lineage(String element, String job, String resultHash, List<String> datasets) {
    public Lineage {
      Objects.requireNonNull(element, "element");
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(resultHash, "resultHash");
      datasets = List.copyOf(datasets);
    }
  }
}
