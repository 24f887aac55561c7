/**
 * Data products (数据产品): a consuming tenant's registration of published elements for a purpose,
 * scope and period, the vault admin's review (gated by the open categories of the datasets behind
 * its elements), the signed registration certificate, suspension, runs of the listed elements
 * inside the period, and usage from the log. Every step goes through the engine's guard, so a state
 * change and its log entry are one atomic write. A product's consumer sees an element's released
 * result, its state, and the names and open categories of the datasets behind it: never its query
 * or the owner's data. Must not run a query itself: runs come in as a {@link
 * org.elementvault.sandbox.product.ProductRunBody}.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.product;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
