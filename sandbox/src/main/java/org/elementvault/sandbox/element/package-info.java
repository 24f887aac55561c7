/**
 * The element workflow (数据元件): design specs and their strict parser, the persistent lifecycle
 * {@code SUBMITTED → APPROVED | REJECTED}, and the guarded runs that allocate job ids. Every step
 * goes through the engine's guard, so its state change and its log entry are one atomic write.
 * Knows nothing of how a query is assessed or executed: the compiler comes in as an {@link
 * org.elementvault.sandbox.element.Assessor} and the job as a {@link
 * org.elementvault.sandbox.element.RunBody}. Stores nothing in clear and logs no query text.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.sandbox.element;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
