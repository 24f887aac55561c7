/**
 * Who may do what: roles, principals and their tokens, and the one authorization table that decides
 * every operation. A principal of one tenant never learns whether another tenant's objects exist:
 * it gets the same "not found" as for objects that don't.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.auth;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
