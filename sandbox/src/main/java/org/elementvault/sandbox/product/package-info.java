/**
 * Data products (数据产品): a consuming tenant's registration of published elements for a purpose,
 * scope and period, the vault admin's review, the signed registration certificate, runs of the
 * listed elements inside the period, and usage from the log. Every step goes through the engine's
 * guard, so a state change and its log entry are one atomic write. A product's consumer sees an
 * element's released result only: never its query, columns or the owner's datasets. Must not run a
 * query itself: runs come in as a {@link org.elementvault.sandbox.product.ProductRunBody}.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.product;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
