package org.elementvault.sandbox.product;

import org.elementvault.sandbox.element.Element;

/**
 * One run of a product's element, called inside the guard of {@code product.run} once the run is
 * allowed: it runs the element's query on its owner's data through the release path (which seals
 * and logs the result) before returning.
 */
@FunctionalInterface
public interface ProductRunBody {

  /**
   * Runs {@code element} as job {@code jobId}.
   *
   * @throws org.elementvault.engine.VaultException to refuse or fail the run; logged as {@code
   *     product.run}
   */
  ProductRun run(Element element, String jobId);
}
