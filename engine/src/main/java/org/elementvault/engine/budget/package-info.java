/**
 * The differential-privacy budget (DESIGN.md, Release protection): the ε the vault admin grants
 * each dataset of a tenant per rolling window, charged before a {@code dp} run reads data and
 * refunded when the run fails. Every setting, charge and refund is one atomic write with its log
 * entry; amounts are exact decimals, never floating point. It knows nothing of SQL or elements: the
 * sandbox tells it which datasets a run reads and what ε the run costs.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.budget;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
