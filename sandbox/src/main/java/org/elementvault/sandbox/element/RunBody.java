package org.elementvault.sandbox.element;

/**
 * One run of an element, called inside the guard of {@code element.run} once the run is allowed. It
 * computes the result and releases it through {@code vault.results().release(...)} before
 * returning, so the release is logged before anything reaches the caller.
 */
@FunctionalInterface
public interface RunBody<T> {

  /**
   * Runs {@code element} as job {@code jobId}.
   *
   * @throws org.elementvault.engine.VaultException to refuse or fail the run; logged as {@code
   *     element.run}
   */
  T run(Element element, String jobId);
}
