/**
 * Tenants (使用单位) and their lifecycle: application, review within 5 working days, a 30-day trial,
 * activation, change requests, quotas, suspension and exit with crypto-shredding. Every transition
 * checks the current state and is logged.
 */
@NullMarked
@CheckReturnValue
package org.elementvault.engine.tenant;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
