package org.elementvault.server;

/** Answers one call of a route; runs on a worker thread and may block on the vault. */
@FunctionalInterface
interface RouteHandler {

  /**
   * The reply to {@code call}.
   *
   * @throws org.elementvault.engine.VaultException a refusal, answered as a JSON error
   */
  Reply handle(ApiCall call) throws Exception;
}
