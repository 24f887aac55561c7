package org.elementvault.sandbox.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.elementvault.sandbox.element.ModelAlgorithm;

/**
 * What the registry shows of a trained model: metadata, the numbers its training released (with
 * their noise), and its lineage. Never a weight beyond those.
 *
 * @param id {@code m1}, {@code m2}, …
 * @param name the training element's name
 * @param tenant the owning tenant's name
 * @param developer who ran the training
 * @param algorithm what was trained
 * @param target the predicted column
 * @param features the columns it predicts from
 * @param minSubjects the fewest distinct subjects it could have been trained on
 * @param released the released table, as released: terms, then metrics
 * @param lineage where it came from
 * @param trainedAt when
 */
public record ModelInfo(
    String id,
    String name,
    String tenant,
    String developer,
    ModelAlgorithm algorithm,
    String target,
    List<String> features,
    int minSubjects,
    List<ReleasedValue> released,
    Lineage lineage,
    Instant trainedAt) {

  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(developer, "developer");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(lineage, "lineage");
    Objects.requireNonNull(trainedAt, "trainedAt");
    features = List.copyOf(features);
    released = List.copyOf(released);
  }

  /** One released row: a term's noised coefficient or a noised metric. */
  public record ReleasedValue(String feature, double value) {
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
