/**
 * The element workflow (数据元件): design specs and their strict parser, the persistent lifecycle from
 * {@code SUBMITTED} through review, release review and the catalog to suspension, retirement and
 * expiry, the open categories that gate publication, usage from the log (the element's own runs and
 * data products'), and the guarded runs that allocate job ids. Every step goes through the engine's
 * guard, so its state change and its log entry are one atomic write. Knows nothing of how a query
 * is assessed or executed: the compiler comes in as an {@link
 * org.elementvault.sandbox.element.Assessor} and the job as a {@link
 * org.elementvault.sandbox.element.RunBody}. Stores nothing in clear and logs no query text.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.element;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
