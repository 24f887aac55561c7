/**
 * Dataset schemas and classification: column types, levels, PII types, the subject column and the
 * open category, the strict parser of schema files ({@code S.yaml}), and the per-value checks an
 * import applies to every CSV field (type rules and PII formats). Pure code: it stores nothing,
 * knows nothing of Arrow or RocksDB, and its messages name columns and rules, never a value.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.dataset;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
