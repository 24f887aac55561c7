package org.elementvault.sandbox.product;

import java.util.Objects;
import org.elementvault.engine.result.Release;
import org.elementvault.sandbox.exec.ElementResult;

/**
 * What a product's run gives its consumer: the element's released result and the release's hash,
 * never the element's query, columns read or datasets.
 *
 * @param product the product's name
 * @param element the element's id
 * @param jobId the job that ran it
 * @param result the released, desensitized result
 * @param release the release's job, hash and size
 */
public record ProductRun(
    String product, String element, String jobId, ElementResult result, Release release) {

  public ProductRun {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(release, "release");
  }

  /** The rows released to the consumer. */
  public int releasedRows() {
    return result.rows().size();
  }
}
