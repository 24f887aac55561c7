package org.elementvault.engine;

/**
 * The category of a {@link VaultException}. Shells map the category, never the message, to an exit
 * code or an HTTP status.
 */
public enum ErrorCode {
  /** The request is malformed or impossible as asked (bad name, non-empty directory). */
  USER_ERROR,
  /** The caller could not be authenticated (wrong passphrase or key file, bad token). */
  ACCESS_DENIED,
  /** The caller is known but its role may not perform this operation. */
  FORBIDDEN,
  /** A rule of the vault's policy refuses the request. */
  POLICY_REFUSED,
  /** The object does not exist, or the caller may not learn that it does. */
  NOT_FOUND,
  /** A quota or limit was reached. */
  RESOURCE_LIMIT,
  /** Stored data failed an integrity check: tampering, corruption or a foreign file. */
  INTEGRITY,
  /** A fault of the vault itself or its environment (disk, native library). */
  INTERNAL
}
